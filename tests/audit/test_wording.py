"""The audit log's actions and access reasons in Dutch words (audit/wording.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from thuiszittertafel.audit import wording

PACKAGE = Path(wording.__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "action, words",
    [
        ("case.view", "bekeek de casus"),
        ("api.case.view", "bekeek de casus (via de API)"),
        ("note.medisch", "las een medische notitie"),
        ("api.exemption.update", "wijzigde een vrijstelling (via de API)"),
        ("region.organisation.deactivate", "zette uit: een organisatie"),
        ("report.telling.cases", "bekeek de casussen achter de leerplichttelling"),
        ("iets.onbekends", "handeling"),
    ],
)
def test_actions_read_as_dutch(action, words):
    assert wording.phrase(action) == words


def test_every_action_the_code_writes_has_words():
    """No action in the code base falls back to the bare word 'handeling' (add it to
    PHRASES, OBJECTS or VERBS when this fails)."""
    codes: set[str] = set()
    call = re.compile(
        r'(?:audit|_audit|_cli_audit|_record)\(\s*(?:session,\s*settings,\s*)?"([a-z_]+(?:\.[a-z_]+)+)"'
    )
    keyword = re.compile(r'action="([a-z_]+(?:\.[a-z_]+)+)"')
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        codes |= set(call.findall(text)) | set(keyword.findall(text))
    assert len(codes) > 40, sorted(codes)  # the scan finds them
    bare = sorted(c for c in codes if wording.phrase(c).startswith("handeling"))
    assert bare == []


def test_access_reasons_read_as_dutch():
    assert wording.why(None) == "—"
    assert "overleg" in wording.why("meeting")
    assert wording.why("participant") == "de organisatie is betrokken bij de casus"
