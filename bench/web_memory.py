"""Where the web process's memory goes: RSS and its peak after each request.

    .venv/bin/python bench/web_memory.py \
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_web_1m_r80 \
        --user lpa.zaltbommel.r8 --user swv.coordinator.r54

Signs in as each demo user through the login form (Flask's test client, in this process,
against a loaded database: `bench/web.py --database-url URL`, or `thuiszittertafel
demo-data` plus `escalations run`), requests the pages below and prints after the login and
after each page `VmRSS` and `VmHWM` (the peak so far) from /proc/self/status, in MB. Reads
only.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PAGES = (
    "/",
    "/casussen",
    "/casussen?per_page=100&status=all",
    "/casussen?thuiszitter=true",
    "/berichten",
    "/mijn-afspraken",
    "/termijnbewaking",
    "/regie",
    "/rapportages",
    "/api/v1/meetings/suggestions",
    "/api/v1/cases?per_page=50&sort=name",
    "/api/v1/cases?page=200&per_page=50",
)
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def memory() -> str:
    """RSS and peak RSS of this process, in MB."""
    status = Path("/proc/self/status").read_text()
    kb = dict(re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, re.M))
    return f"RSS {int(kb['VmRSS']) // 1024} MB, peak {int(kb['VmHWM']) // 1024} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--user", action="append", required=True, help="a demo account")
    args = parser.parse_args()
    os.environ["THUISZITTERTAFEL_DATABASE_URL"] = args.database_url
    os.environ.setdefault("THUISZITTERTAFEL_SECRET_KEY", "bench")

    from thuiszittertafel import create_app
    from thuiszittertafel.demo.region import DEMO_PASSWORD

    app = create_app()
    print(f"after start: {memory()}")
    for user in args.user:
        client = app.test_client()
        token = CSRF_RE.search(client.get("/inloggen").get_data(as_text=True)).group(1)
        login = {"username": user, "password": DEMO_PASSWORD, "csrf_token": token}
        status = client.post("/inloggen", data=login).status_code
        print(f"{user} login {status}: {memory()}")
        for path in PAGES:
            status = client.get(path).status_code
            print(f"{user} {path} {status}: {memory()}")


if __name__ == "__main__":
    main()
