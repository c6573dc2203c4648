"""Names in a scenario's problem document as the reader reads them.

The problem document keeps each theme's Finnish name as it was when the scenario was built (the core needs
only the code); a page, chart or comparison shows the theme's name in the reader's language from the
agreement's themes, and the stored name only for a theme the agreement no longer has."""

from __future__ import annotations

from typing import Any

from programme.models import Theme


def theme_names(agreement_id: int | None, problem: dict[str, Any] | None) -> dict[str, str]:
    """{theme code: "T2 name"} in the active language for the themes of a problem document."""
    stored = {str(t["id"]): str(t.get("name") or "") for t in (problem or {}).get("themes", [])}
    current = (
        {t.code: t.name for t in Theme.objects.filter(agreement_id=agreement_id, code__in=list(stored))}
        if agreement_id is not None and stored
        else {}
    )
    return {code: f"{code} {current.get(code) or name}".strip() for code, name in stored.items()}
