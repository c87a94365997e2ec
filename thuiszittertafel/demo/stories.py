"""The three named stories from the source documents, played from demo/data/stories/*.toml.

- Maxime (17), Jaarverslag Leerplicht Regio Rivierenland (seed 000): school → SWV (vso) →
  wijkteam → SWV thuiszitters (thuiszitterstafel) → Doorstroompunt; her log as notes by
  the organisations that wrote them.
- Sander (17), same report: enrolled at the ROC but working; a bbl route with his employer.
- Daan (14), Jaarverslag Leerplicht/Doorstroompunt IJssel-Vecht (seed 003), retold in this
  region: moved here, no TLV for the plusvoorziening, long at home, escalated.

Each case is a list of steps (`ago`: days before today, `do`: what happens), each played
through a CaseScript method, so every step goes through the services at its own day.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any

from .content import load
from .script import CaseScript, Region, years_before

STORIES = ("maxime", "sander", "daan")


def _pupil(name: str) -> tuple[str, str]:
    story = load(f"stories/{name}")
    return story["given"], story["family"]


MAXIME, SANDER, DAAN = (_pupil(name) for name in STORIES)
STORY_PUPILS = (MAXIME, SANDER, DAAN)

Step = Mapping[str, Any]


def build(r: Region) -> None:
    for name in STORIES:
        with r.own_dice(f"verhaal-{name}"):
            play(r, load(f"stories/{name}"))


def play(r: Region, story: Mapping[str, Any]) -> list[CaseScript]:
    """Open each case of the story and play its steps in order."""
    birth = years_before(r.today, story["age"]) - timedelta(days=story["birth_days"])
    scripts = []
    for case in story["cases"]:
        school = r.orgs[case["school"]] if "school" in case else None
        script = CaseScript.open(
            r,
            r.users[case["by"]],
            case["ago"],
            given=story["given"],
            family=story["family"],
            birth=birth,
            municipality=r.munis[story["municipality"]],
            kind=case["kind"],
            absent_ago=case["absent_ago"],
            edu=case["edu"],
            school=school,
            onderwijsnummer=case.get("onderwijsnummer"),
            summary=case["summary"],
        )
        for step in case.get("steps", ()):
            STEPS[step["do"]](r, script, step)
        scripts.append(script)
    return scripts


def _by(r: Region, step: Step, name: str = "by"):
    return r.users[step[name]] if name in step else None


def _note(r: Region, s: CaseScript, step: Step) -> None:
    s.note(
        step["category"],
        step["text"],
        step["ago"],
        by=_by(r, step),
        scope=step.get("scope", "betrokkenen"),
        summary=step.get("summary"),
    )


def _participate(r: Region, s: CaseScript, step: Step) -> None:
    s.participate(r.orgs[step["org"]], step["ago"], by=_by(r, step))


def _consent(r: Region, s: CaseScript, step: Step) -> None:
    s.consent(r.orgs[step["org"]], step["ago"], note=step.get("text"), by=_by(r, step))


def _phase(r: Region, s: CaseScript, step: Step) -> None:
    s.phase(step["phase"], step["reason"], step["ago"], by=_by(r, step))


def _lead(r: Region, s: CaseScript, step: Step) -> None:
    s.lead(r.orgs[step["org"]], step["ago"], user=_by(r, step, "user"), by=_by(r, step))


def _blocker(r: Region, s: CaseScript, step: Step) -> None:
    s.blocker(
        step["kind"], step["ago"], step["text"], days_ago=step.get("recorded_ago"), by=_by(r, step)
    )


def _end_blocker(r: Region, s: CaseScript, step: Step) -> None:
    s.end_blocker(step["kind"], step["ago"], by=_by(r, step))


def _update(r: Region, s: CaseScript, step: Step) -> None:
    data = {"kind": step["kind"], "reason": step["reason"]}
    if "absent_ago" in step:
        data["absent_since"] = r.day(step["absent_ago"])
    s.update(data, step["ago"], by=_by(r, step))


def _escalate(r: Region, s: CaseScript, step: Step) -> None:
    s.escalate(step["text"], step["ago"])


def _close(r: Region, s: CaseScript, step: Step) -> None:
    s.close(step["outcome"], step["ago"], resumed_ago=step.get("resumed_ago"), by=_by(r, step))


STEPS: dict[str, Callable[[Region, CaseScript, Step], None]] = {
    "note": _note,
    "participate": _participate,
    "consent": _consent,
    "phase": _phase,
    "lead": _lead,
    "blocker": _blocker,
    "end_blocker": _end_blocker,
    "update": _update,
    "escalate": _escalate,
    "close": _close,
}
