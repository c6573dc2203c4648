"""Names in the EURA lists (pure Python): the funding authorities' official names, and the organisation
kind a name suggests. The rules are described in :mod:`cores.eura`."""

from __future__ import annotations

import re

_SPACES = re.compile(r"\s+")

NATIONAL_AUTHORITIES: tuple[str, ...] = (
    "Innovaatiorahoituskeskus Tekes",
    "Business Finland",
    "Ruokavirasto",
    "Työ- ja elinkeinoministeriö",
    "Sosiaali- ja terveysministeriö",
    "Opetus- ja kulttuuriministeriö",
    "Ympäristöministeriö",
)

_REGION = r"[A-ZÅÄÖ][a-zåäö]+(?:-[A-ZÅÄÖ][a-zåäö]+)?n"
_ELY = re.compile(rf"^(?P<region>{_REGION}) elinkeino-,? liikenne- ja ympäristökeskus$")
_ELY_SHORT = re.compile(rf"^(?P<region>{_REGION}) ELY-keskus$")
_COUNCIL = re.compile(rf"^{_REGION} (?:maakunta)?liitto$")
_NATIONAL = {name.casefold(): name for name in NATIONAL_AUTHORITIES}

# Organisation kinds guessed from a name, first match wins (the values of partners.OrganisationKind).
_KIND_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "research_institute",
        re.compile(
            r"\bvtt\b|teknologian tutkimuskeskus|\bgtk\b|geologian tutkimuskeskus|luonnonvarakeskus|\bluke\b"
            r"|ilmatieteen laitos|\bthl\b|terveyden ja hyvinvoinnin laitos"
        ),
    ),
    ("uas", re.compile(r"ammattikorkeakoulu|\bamk\b")),
    ("university", re.compile(r"yliopisto|korkeakoulu|åbo akademi|universit")),
    ("hospital", re.compile(r"sairaanhoitopiiri|hyvinvointialue|sairaala")),
    ("city", re.compile(r"\bkaupunki\b|\bstad\b")),
    ("association", re.compile(r"\bry\b|\brf\b|säätiö|stiftelse|yhdistys")),
    (
        "company",
        re.compile(r"\boy\b|\boyj\b|\bab\b|\bltd\b|osakeyhtiö|\bay\b|avoin yhtiö|\bky\b|\btmi\b|osuuskunta"),
    ),
    (
        "authority",
        re.compile(
            r"ely-keskus|elinkeino-,? liikenne- ja ympäristökeskus|liitto\b|\btekes\b|virasto|ministeriö"
            r"|business finland"
        ),
    ),
)


def guess_kind(name: str) -> str:
    """The organisation kind a name suggests: ``kaupunki`` a city, ``Oy`` a company, ... else ``other``."""
    text = _SPACES.sub(" ", name.casefold())
    for kind, pattern in _KIND_RULES:
        if pattern.search(text):
            return kind
    return "other"


def canonical_authority(text: str) -> str | None:
    """The official name of a funding authority as the 2014 list writes it, or None if it is not one."""
    name = _SPACES.sub(" ", text).strip()
    if (match := _ELY.match(name)) is not None:
        return f"{match['region']} elinkeino-, liikenne- ja ympäristökeskus"
    if _ELY_SHORT.match(name) or _COUNCIL.match(name):
        return name
    return _NATIONAL.get(name.casefold())
