"""What a what-if changed, stored language-neutrally and worded in the reader's language (#16).

A scenario derived from another records its change as a small dict (``Scenario.change_spec``):

- ``{"kind": "frame", "percent": -10}``: every annual frame 10 % smaller;
- ``{"kind": "weights", "weights": [["c1", "Impact", "2"], ...]}``: the criteria's ids, names (as people
  typed them) and new weights;
- ``{"kind": "lock", "candidate": "ALFA", "lock": "in"}`` (``in``, ``out`` or ``free``);
- ``{"kind": "rerun", "current_data": true}``: run again (with the call's current proposals, scores and
  frames when ``current_data``).

A name the system composes (a what-if's: its parent's name and the change; the demo's first scenario) is
stored the same way as parts (``Scenario.name_parts``): ``{"text": ...}`` as a person typed it, a change as
above, or ``{"kind": "proposal_for_call", "call": <call title>}``. ``Scenario.change`` and ``Scenario.name``
keep the wording in the language the scenario was made in, for rows made before and for search.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

ChangeSpec = dict[str, Any]

SEPARATOR = " · "


def frame(percent: int) -> ChangeSpec:
    return {"kind": "frame", "percent": int(percent)}


def weights(named: Sequence[tuple[str, str, Decimal]]) -> ChangeSpec:
    return {"kind": "weights", "weights": [[cid, name, str(weight)] for cid, name, weight in named]}


def lock(candidate: str, how: str) -> ChangeSpec:
    return {"kind": "lock", "candidate": candidate, "lock": how}


def rerun(*, current_data: bool) -> ChangeSpec:
    return {"kind": "rerun", "current_data": current_data}


def _number(text: str) -> str:
    try:
        return str(formats.localize(Decimal(text).normalize(), use_l10n=True))
    except (InvalidOperation, ValueError):
        return text


def change_text(spec: Mapping[str, Any] | None, fallback: str = "") -> str:
    """The change in the active language; ``fallback`` (the stored wording) for an unknown or empty one."""
    kind = (spec or {}).get("kind")
    if kind == "frame":
        percent = int(spec["percent"])  # type: ignore[index]
        return _("every annual frame %(sign)s%(pct)s %%") % {
            "sign": "+" if percent > 0 else "−",
            "pct": abs(percent),
        }
    if kind == "weights":
        label = ", ".join(f"{name or cid} {_number(w)}" for cid, name, w in spec["weights"])  # type: ignore[index]
        return _("weights %(weights)s") % {"weights": label}
    if kind == "lock":
        words = {"in": _("%(id)s locked in"), "out": _("%(id)s locked out"), "free": _("%(id)s unlocked")}
        how = spec.get("lock")  # type: ignore[union-attr]
        if how in words:
            return words[how] % {"id": spec["candidate"]}  # type: ignore[index]
    if kind == "rerun":
        return _("run again with the current data") if spec.get("current_data") else _("run again")  # type: ignore[union-attr]
    return fallback


def proposal_for_call(title: str) -> dict[str, str]:
    return {"kind": "proposal_for_call", "call": title}


def name_text(parts: Sequence[Mapping[str, Any]] | None, fallback: str = "") -> str:
    """A name the system composed, in the active language; ``fallback`` (the stored name) when none."""
    if not parts:
        return fallback
    words = []
    for part in parts:
        if "text" in part:
            words.append(str(part["text"]))
        elif part.get("kind") == "proposal_for_call":
            words.append(_("Proposal: %(call)s") % {"call": part["call"]})
        else:
            words.append(change_text(part, "?"))
    return SEPARATOR.join(words)
