"""Filter parsing: every bad value is a Dutch message, never a crash."""

import pytest

from thuiszittertafel.cases.filters import parse
from thuiszittertafel.core.errors import ValidationFailed


@pytest.mark.parametrize(
    "args, field",
    [
        ({"page": "²"}, "page"),
        ({"page": "9" * 30}, "page"),
        ({"page": "0"}, "page"),
        ({"per_page": "101"}, "per_page"),
        ({"phase": "-1"}, "phase"),
        ({"kind": "x"}, "kind"),
        ({"status": "weg"}, "status"),
        ({"sort": "wat"}, "sort"),
        ({"q": "a\x00b"}, "q"),
        ({"lead_org_id": "2147483648"}, "lead_org_id"),
    ],
)
def test_bad_values(args, field):
    with pytest.raises(ValidationFailed) as exc:
        parse(args)
    assert field in exc.value.errors


def test_good_values():
    f = parse({"page": "2", "per_page": "100", "mine": "true", "q": " 50%_ "})
    assert (f.page, f.per_page, f.mine, f.q) == (2, 100, True, "50%_")
