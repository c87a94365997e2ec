"""bench/load.py stays importable without Locust, and the HAProxy configuration it writes from
deploy/haproxy.cfg (the README's sample) is valid: checked by `haproxy -c` where HAProxy is
installed (CI does not need it: the benchmark is never run there)."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load_module():
    spec = importlib.util.spec_from_file_location("bench_load", ROOT / "bench" / "load.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while defined
    spec.loader.exec_module(module)
    return module


def test_config_from_the_sample():
    load = _load_module()
    template = load.TEMPLATE.read_text()
    config = load.haproxy_config(template, 41000, [41001, 41002])
    expected = [
        "bind 127.0.0.1:41000",
        "server web1 127.0.0.1:41001 cookie web1",
        "server web2 127.0.0.1:41002 cookie web2",
        # Sticky by cookie, a down process's users go to the other, WebSockets stay open.
        "cookie TZT_SERVER insert",
        "option redispatch",
        "timeout tunnel",
    ]
    assert [line for line in expected if line not in config] == []
    # Nothing of the production-only lines (user, chroot, daemon, syslog) and no sample port.
    assert load.PRODUCTION_ONLY not in config
    assert "chroot" not in config and "daemon" not in config
    assert ":5001" not in config and "bind :80" not in config


def test_a_template_without_the_sample_addresses_is_refused():
    load = _load_module()
    with pytest.raises(ValueError, match="bind :80"):
        load.haproxy_config("frontend x\n    bind :8080\n", 1, [2, 3])


def test_only_loopback_services():
    load = _load_module()
    assert load.parse_args(["--users", "30", "--minutes", "1"]).users == 30
    for argv in (
        ["--postgres", "postgresql://postgres@10.0.0.5:5432/postgres"],
        ["--redis", "redis://192.168.1.2:6379"],
        ["--users", "12"],  # no room for anyone but the meeting's screens
    ):
        with pytest.raises(SystemExit):
            load.parse_args(argv)


@pytest.mark.parametrize("config", ["sample", "generated"])
def test_haproxy_accepts_the_configuration(tmp_path, config):
    if shutil.which("haproxy") is None:
        pytest.skip("HAProxy is niet geïnstalleerd (apt-get install -y haproxy); alleen de bench")
    load = _load_module()
    path = tmp_path / "haproxy.cfg"
    template = load.TEMPLATE.read_text()
    if config == "sample":
        # The sample as shipped (Debian's package made the user haproxy and its chroot).
        path.write_text(template)
    else:
        path.write_text(load.haproxy_config(template, 41000, [41001, 41002]))
    done = subprocess.run(
        ["haproxy", "-c", "-f", str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert load.check_haproxy_config(path) is None
    path.write_text("frontend kapot\n    bind\n")
    assert load.check_haproxy_config(path)  # a broken file is reported, not accepted
