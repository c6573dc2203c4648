"""Reading and validating the agreement data files: every problem named by file, key path and reason.

Nothing here writes to the database; programme.loading.writer applies what this module returns.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from cores.business_id import BusinessIdError, normalise_business_id
from partners.models import Organisation, OrganisationKind
from programme.loading.checks import (
    FixtureError,
    _join,
    _kind,
    _max_length,
    _read_yaml,
    _Reader,
    contrast_with_white,
)
from programme.models import (
    Agreement,
    AgreementStatus,
    Fund,
    Indicator,
    IndicatorKind,
    Method,
    NationalFrame,
    PartyRole,
    ProgrammePeriod,
    SteeringGroup,
    SubTopic,
    Theme,
    ThemeKind,
)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
COMMON_FILE = "common.yaml"
AGREEMENTS_DIR = "agreements"

INDICATOR_CODE = re.compile(r"^RC[OR]\d{2,3}$")
_SLUG = re.compile(r"^[-a-z0-9]+$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_MIN_CONTRAST = 4.5  # WCAG 2.1 AA, normal text
# Fields whose change is a change of money or of a share: each one gets its own audit entry.
_MONEY_FIELDS = frozenset(
    {"amount", "max_share", "max_public_share", "min_own_share", "target_share_min", "target_share_max"}
)


# --------------------------------------------------------------------------------------------------
# The common data


@dataclass
class _Common:
    filename: str
    version: str
    period: dict[str, Any]
    funds: list[dict[str, Any]]
    national: dict[str, Any] | None
    methods: list[dict[str, Any]]
    indicators: list[dict[str, Any]]

    @property
    def fund_codes(self) -> list[str]:
        return [f["code"] for f in self.funds]


def _parse_common(path: Path) -> _Common:
    raw = _read_yaml(path)
    r = _Reader(path.name)
    top = r.mapping(
        raw,
        "",
        required=["version", "source", "period", "funds"],
        optional=["national_frame", "methods", "indicators"],
    )
    if top is None:
        r.raise_if_any()
        raise AssertionError  # unreachable: a problem was recorded
    version = r.version(top.get("version"), "version") if "version" in top else None
    if "source" in top:
        r.text(top["source"], "source", max_length=1000)
    period = _parse_period(r, top.get("period")) if "period" in top else {}
    funds = _parse_funds(r, top.get("funds", []))
    national = _parse_national(r, top["national_frame"], period) if "national_frame" in top else None
    methods = _parse_methods(r, top.get("methods", []))
    indicators = _parse_indicators(r, top["indicators"]) if "indicators" in top else []
    r.raise_if_any()
    return _Common(path.name, version or "", period, funds, national, methods, indicators)


def _parse_period(r: _Reader, raw: Any) -> dict[str, Any]:
    m = r.mapping(raw, "period", required=["code", "name", "start_year", "end_year", "last_eligible_date"])
    if m is None:
        return {}
    out: dict[str, Any] = {
        "code": r.text(m.get("code"), "period.code", max_length=50),
        "name": r.text(m.get("name"), "period.name", max_length=_max_length(ProgrammePeriod, "name")),
        "start_year": r.integer(m.get("start_year"), "period.start_year", minimum=2000, maximum=2100),
        "end_year": r.integer(m.get("end_year"), "period.end_year", minimum=2000, maximum=2100),
        "last_eligible_date": r.date(m.get("last_eligible_date"), "period.last_eligible_date"),
    }
    if out["code"] and not _SLUG.match(out["code"]):
        r.problem("period.code", f"{out['code']!r} may hold only a-z, 0-9 and '-'")
    start, end, last = out["start_year"], out["end_year"], out["last_eligible_date"]
    if start and end and end < start:
        r.problem("period.end_year", f"{end} is before the first year {start}")
    if end and last and last < dt.date(end, 12, 31):
        r.problem("period.last_eligible_date", f"{last} is before the end of the last year {end}")
    return out


def _parse_funds(r: _Reader, raw: Any) -> list[dict[str, Any]]:
    funds: list[dict[str, Any]] = []
    seen: set[str] = set()
    for path, item in r.items(raw, "funds"):
        m = r.mapping(
            item,
            path,
            required=["code", "name_fi", "is_eu", "max_share"],
            optional=["name_sv", "name_en", "source"],
        )
        if m is None:
            continue
        code = r.text(m.get("code"), f"{path}.code", max_length=_max_length(Fund, "code"))
        if code in seen:
            r.problem(f"{path}.code", f"fund {code!r} is defined twice")
        seen.add(code or "")
        fund: dict[str, Any] = {"code": code, "order": len(funds)}
        for name in ("name_fi", "name_sv", "name_en"):
            if name in m:
                fund[name] = r.text(
                    m[name], f"{path}.{name}", max_length=_max_length(Fund, name), blank=name != "name_fi"
                )
        if "is_eu" in m:
            fund["is_eu"] = r.boolean(m["is_eu"], f"{path}.is_eu")
        if "max_share" in m:
            fund["max_share"] = r.share(m["max_share"], f"{path}.max_share")
        if "source" in m:  # documentation of the chosen cap; not stored
            r.text(m["source"], f"{path}.source", max_length=300)
        funds.append(fund)
    if not funds and isinstance(raw, list):
        r.problem("funds", "at least one fund is needed")
    return funds


def _parse_national(r: _Reader, raw: Any, period: dict[str, Any]) -> dict[str, Any] | None:
    m = r.mapping(
        raw,
        "national_frame",
        required=["amount_per_year", "first_year", "last_year", "is_estimate"],
        optional=["source"],
    )
    if m is None:
        return None
    out: dict[str, Any] = {
        "amount": r.money(m.get("amount_per_year"), "national_frame.amount_per_year"),
        "first_year": r.integer(m.get("first_year"), "national_frame.first_year"),
        "last_year": r.integer(m.get("last_year"), "national_frame.last_year"),
        "is_estimate": r.boolean(m.get("is_estimate"), "national_frame.is_estimate"),
        "source": r.text(
            m["source"], "national_frame.source", max_length=_max_length(NationalFrame, "source")
        )
        if "source" in m
        else None,
    }
    _check_years(r, "national_frame", out["first_year"], out["last_year"], period)
    return out


def _check_years(
    r: _Reader, path: str, first: int | None, last: int | None, period: Mapping[str, Any]
) -> None:
    start, end = period.get("start_year"), period.get("end_year")
    if first is not None and last is not None and last < first:
        r.problem(f"{path}.last_year", f"{last} is before the first year {first}")
    for key, year in (("first_year", first), ("last_year", last)):
        if year is not None and start and end and not start <= year <= end:
            r.problem(f"{path}.{key}", f"{year} is outside the programme period {start}–{end}")


def _parse_methods(r: _Reader, raw: Any) -> list[dict[str, Any]]:
    methods: list[dict[str, Any]] = []
    seen: set[str] = set()
    for path, item in r.items(raw, "methods"):
        m = r.mapping(item, path, required=["code", "name_fi"], optional=["name_sv", "name_en"])
        if m is None:
            continue
        code = r.text(m.get("code"), f"{path}.code", max_length=_max_length(Method, "code"))
        if code and not _SLUG.match(code):
            r.problem(f"{path}.code", f"{code!r} may hold only a-z, 0-9 and '-'")
        if code in seen:
            r.problem(f"{path}.code", f"method {code!r} is defined twice")
        seen.add(code or "")
        method: dict[str, Any] = {"code": code, "order": len(methods)}
        for name in ("name_fi", "name_sv", "name_en"):
            if name in m:
                method[name] = r.text(
                    m[name], f"{path}.{name}", max_length=_max_length(Method, name), blank=name != "name_fi"
                )
        methods.append(method)
    return methods


def _parse_indicators(r: _Reader, raw: Any) -> list[dict[str, Any]]:
    section = r.mapping(raw, "indicators", required=["source", "items"])
    if section is None:
        return []
    source = r.text(section.get("source"), "indicators.source", max_length=_max_length(Indicator, "source"))
    indicators: list[dict[str, Any]] = []
    seen: set[str] = set()
    kinds = {"RCO": IndicatorKind.OUTPUT, "RCR": IndicatorKind.RESULT}
    for path, item in r.items(section.get("items", []), "indicators.items"):
        m = r.mapping(
            item,
            path,
            required=["code", "kind", "name_en", "unit"],
            optional=["name_fi", "name_sv", "source"],
        )
        if m is None:
            continue
        code = r.text(m.get("code"), f"{path}.code", max_length=_max_length(Indicator, "code"))
        if code is not None and not INDICATOR_CODE.match(code):
            r.problem(f"{path}.code", f"{code!r} is not an EU common indicator code (RCO01, RCR102 ...)")
            code = None
        if code in seen:
            r.problem(f"{path}.code", f"indicator {code!r} is listed twice")
        seen.add(code or "")
        kind = r.choice(m.get("kind"), f"{path}.kind", IndicatorKind.values, "kind")
        if code and kind and kinds[code[:3]] != kind:
            r.problem(
                f"{path}.kind", f"{code} is an {kinds[code[:3]]} indicator (RCO = output, RCR = result)"
            )
        indicator: dict[str, Any] = {
            "code": code,
            "kind": kind,
            "unit": r.text(m.get("unit"), f"{path}.unit", max_length=_max_length(Indicator, "unit")),
            "source": r.text(m["source"], f"{path}.source", max_length=_max_length(Indicator, "source"))
            if "source" in m
            else source,
        }
        for name in ("name_en", "name_fi", "name_sv"):
            if name in m:
                indicator[name] = r.text(
                    m[name],
                    f"{path}.{name}",
                    max_length=_max_length(Indicator, name),
                    blank=name != "name_en",
                )
        indicators.append(indicator)
    return indicators


# --------------------------------------------------------------------------------------------------
# The agreements


@dataclass
class _Source:
    """Where an agreement is defined: its file, its entry (merged with the file's defaults) and version."""

    path: Path
    filename: str
    entry_path: str  # the key path of the entry inside the file ("" for a one-agreement file)
    entry: dict[str, Any]
    version: Any
    source: Any


def _catalogue(base: Path) -> dict[str, _Source]:
    folder = base / AGREEMENTS_DIR
    if not folder.is_dir():
        raise FixtureError([f"{AGREEMENTS_DIR}/: the folder of agreement files is missing"])
    problems: list[str] = []
    found: dict[str, _Source] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            raw = _read_yaml(path)
        except FixtureError as error:
            problems += error.problems
            continue
        if not isinstance(raw, dict):
            problems.append(f"{path.name}: expected a mapping of keys, got {_kind(raw)}")
            continue
        if "agreements" in raw:
            entries = raw.get("agreements")
            defaults = raw.get("defaults") or {}
            unknown = sorted(set(raw) - {"version", "source", "defaults", "agreements"})
            problems += [
                f"{path.name}: {key}: unknown key (allowed: agreements, defaults, source, version)"
                for key in unknown
            ]
            if not isinstance(entries, list) or not isinstance(defaults, dict):
                problems.append(f"{path.name}: agreements: expected a list (and defaults: a mapping)")
                continue
            sources = [
                _Source(
                    path,
                    path.name,
                    f"agreements[{i}]",
                    {**defaults, **entry} if isinstance(entry, dict) else entry,
                    raw.get("version"),
                    raw.get("source"),
                )
                for i, entry in enumerate(entries)
            ]
        else:
            entry = {k: v for k, v in raw.items() if k not in {"version"}}
            sources = [_Source(path, path.name, "", entry, raw.get("version"), raw.get("source"))]
            if raw.get("slug") != path.stem:
                problems.append(
                    f"{path.name}: slug: must be {path.stem!r}, the file's name, not {raw.get('slug')!r}"
                )
                continue
        for source in sources:
            slug = source.entry.get("slug") if isinstance(source.entry, dict) else None
            if not isinstance(slug, str) or not _SLUG.match(slug):
                problems.append(
                    f"{source.filename}: {_join(source.entry_path, 'slug')}: "
                    f"expected a slug of a-z, 0-9 and '-', got {slug!r}"
                )
                continue
            if slug in found:
                problems.append(
                    f"{source.filename}: {_join(source.entry_path, 'slug')}: {slug!r} is already "
                    f"defined in {found[slug].filename}"
                )
                continue
            found[slug] = source
    if problems:
        raise FixtureError(problems)
    return found


@dataclass
class _AgreementSpec:
    slug: str
    filename: str
    version: str
    fields: dict[str, Any]  # Agreement fields present in the file (period as a code)
    organisations: dict[str, dict[str, Any]]
    parties: list[tuple[str, str]] | None
    funding_authority: str | None  # an organisation key; "" = none; None = not managed
    steering_group: dict[str, Any] | None
    themes: list[dict[str, Any]] | None
    annual_frames: list[dict[str, Any]] | None


_AGREEMENT_REQUIRED = ["slug", "name_fi", "region_fi", "period"]
_AGREEMENT_OPTIONAL = [
    "source",
    "name_sv",
    "name_en",
    "region_sv",
    "region_en",
    "status",
    "brand_colour",
    "description_fi",
    "description_sv",
    "description_en",
    "max_public_share",
    "min_own_share",
    "organisations",
    "parties",
    "funding_authority",
    "steering_group",
    "themes",
    "annual_frames",
]


def _parse_agreement(source: _Source, common: _Common) -> _AgreementSpec:
    r = _Reader(source.filename)
    base = source.entry_path

    def at(key: str) -> str:
        return _join(base, key)

    version = r.version(source.version, "version") if source.version is not None else None
    if source.version is None:
        r.problem("version", "missing")
    file_source = (
        r.text(source.source, "source", max_length=_max_length(Agreement, "source"))
        if source.source is not None
        else None
    )
    if source.source is None:
        r.problem("source", "missing")
    m = r.mapping(source.entry, base, required=_AGREEMENT_REQUIRED, optional=_AGREEMENT_OPTIONAL)
    if m is None:
        r.raise_if_any()
        raise AssertionError  # unreachable
    slug = str(m.get("slug"))
    fields: dict[str, Any] = {"fixture_version": version, "source": file_source}
    if "source" in m:
        fields["source"] = r.text(m["source"], at("source"), max_length=_max_length(Agreement, "source"))
    for name in ("name_fi", "name_sv", "name_en", "region_fi", "region_sv", "region_en"):
        if name in m:
            fields[name] = r.text(
                m[name],
                at(name),
                max_length=_max_length(Agreement, name),
                blank=name in {"name_sv", "name_en", "region_sv", "region_en"},
            )
    for name in ("description_fi", "description_sv", "description_en"):
        if name in m:
            fields[name] = r.text(m[name], at(name), blank=True)
    if "period" in m:
        fields["period"] = r.choice(
            m["period"], at("period"), [cast(str, common.period.get("code"))], "programme period"
        )
    if "status" in m:
        fields["status"] = r.choice(m["status"], at("status"), AgreementStatus.values, "status")
    if "brand_colour" in m:
        colour = r.text(m["brand_colour"], at("brand_colour"))
        if colour and not _COLOUR.match(colour):
            r.problem(at("brand_colour"), f'{colour!r} is not a colour like "#0f5e9c"')
        elif colour and contrast_with_white(colour) < _MIN_CONTRAST:
            r.problem(
                at("brand_colour"),
                f"{colour} gives white text a contrast of "
                f"{contrast_with_white(colour):.2f}:1; WCAG 2.1 AA needs {_MIN_CONTRAST}:1",
            )
        else:
            fields["brand_colour"] = colour.lower() if colour else colour
    for name in ("max_public_share", "min_own_share"):
        if name in m:
            fields[name] = r.share(m[name], at(name))
    public = fields.get("max_public_share")
    own = fields.get("min_own_share")
    if public is not None and own is not None and public > 1 - own:
        r.problem(at("max_public_share"), f"{public} + the own share {own} exceed 1")

    organisations = (
        _parse_organisations(r, m.get("organisations", []), at("organisations"))
        if "organisations" in m
        else {}
    )
    parties = _parse_parties(r, m["parties"], at("parties"), organisations) if "parties" in m else None
    authority: str | None = None
    if "funding_authority" in m:
        key = m["funding_authority"]
        if key is None:
            authority = ""
        elif key not in organisations:
            r.problem(
                at("funding_authority"), f"unknown organisation {key!r} (known: {', '.join(organisations)})"
            )
        else:
            authority = str(key)
    steering = (
        _parse_steering_group(r, m["steering_group"], at("steering_group"), organisations, parties)
        if "steering_group" in m
        else None
    )
    themes = _parse_themes(r, m["themes"], at("themes"), common) if "themes" in m else None
    frames = (
        _parse_frames(r, m["annual_frames"], at("annual_frames"), common, themes)
        if "annual_frames" in m
        else None
    )
    r.raise_if_any()
    return _AgreementSpec(
        slug,
        source.filename,
        version or "",
        fields,
        organisations,
        parties,
        authority,
        steering,
        themes,
        frames,
    )


def _parse_organisations(r: _Reader, raw: Any, base: str) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    url = URLValidator()
    for path, item in r.items(raw, base):
        m = r.mapping(
            item,
            path,
            required=["key", "name", "kind"],
            optional=["name_sv", "name_en", "business_id", "municipality", "website"],
        )
        if m is None:
            continue
        key = r.text(m.get("key"), f"{path}.key", max_length=100)
        if key in out:
            r.problem(f"{path}.key", f"organisation {key!r} is listed twice")
        org: dict[str, Any] = {}
        for name in ("name", "name_sv", "name_en", "municipality"):
            if name in m:
                org[name] = r.text(
                    m[name],
                    f"{path}.{name}",
                    max_length=_max_length(Organisation, name),
                    blank=name != "name",
                )
        if "kind" in m:
            org["kind"] = r.choice(m["kind"], f"{path}.kind", OrganisationKind.values, "organisation kind")
        if "business_id" in m:
            try:
                org["business_id"] = normalise_business_id(str(m["business_id"]))
            except BusinessIdError as error:
                r.problem(f"{path}.business_id", str(error))
        if "website" in m:
            website = r.text(m["website"], f"{path}.website", max_length=_max_length(Organisation, "website"))
            try:
                url(website or "")
                org["website"] = website
            except ValidationError:
                r.problem(f"{path}.website", f"{website!r} is not a web address (https://...)")
        if key:
            out[key] = org
    return out


def _parse_parties(
    r: _Reader, raw: Any, base: str, organisations: Mapping[str, Any]
) -> list[tuple[str, str]]:
    parties: list[tuple[str, str]] = []
    for path, item in r.items(raw, base):
        m = r.mapping(item, path, required=["organisation", "role"])
        if m is None:
            continue
        key = m.get("organisation")
        if key not in organisations:
            r.problem(
                f"{path}.organisation", f"unknown organisation {key!r} (known: {', '.join(organisations)})"
            )
            continue
        if key in [k for k, _ in parties]:
            r.problem(f"{path}.organisation", f"{key!r} is a party twice")
            continue
        role = r.choice(m.get("role"), f"{path}.role", PartyRole.values, "role")
        if role:
            parties.append((str(key), role))
    return parties


def _parse_steering_group(
    r: _Reader, raw: Any, base: str, organisations: Mapping[str, Any], parties: list[tuple[str, str]] | None
) -> dict[str, Any] | None:
    m = r.mapping(raw, base, required=["name_fi"], optional=["seats"])
    if m is None:
        return None
    group: dict[str, Any] = {
        "name_fi": r.text(
            m.get("name_fi"), f"{base}.name_fi", max_length=_max_length(SteeringGroup, "name_fi")
        )
    }
    if "seats" in m:
        cities = {key for key, role in parties or [] if role == PartyRole.CITY}
        seats: dict[str, int] = {}
        for path, item in r.items(m["seats"], f"{base}.seats"):
            s = r.mapping(item, path, required=["city", "count"])
            if s is None:
                continue
            city = s.get("city")
            if city not in organisations:
                r.problem(
                    f"{path}.city", f"unknown organisation {city!r} (known: {', '.join(organisations)})"
                )
                continue
            if parties is not None and city not in cities:
                r.problem(f"{path}.city", f"{city!r} is not a city party to the agreement")
                continue
            if city in seats:
                r.problem(f"{path}.city", f"{city!r} is listed twice")
                continue
            count = r.integer(s.get("count"), f"{path}.count", minimum=1, maximum=20)
            if count is not None:
                seats[str(city)] = count
        group["seats"] = seats
    return group


def _parse_themes(r: _Reader, raw: Any, base: str, common: _Common) -> list[dict[str, Any]]:
    themes: list[dict[str, Any]] = []
    codes: set[str] = set()
    for path, item in r.items(raw, base):
        m = r.mapping(
            item,
            path,
            required=["code", "name_fi", "eligible_funds"],
            optional=[
                "kind",
                "name_sv",
                "name_en",
                "description_fi",
                "description_sv",
                "description_en",
                "target_share_min",
                "target_share_max",
                "subtopics",
            ],
        )
        if m is None:
            continue
        code = r.text(m.get("code"), f"{path}.code", max_length=_max_length(Theme, "code"))
        if code in codes:
            r.problem(f"{path}.code", f"theme {code!r} is defined twice")
        codes.add(code or "")
        theme: dict[str, Any] = {
            "code": code,
            "order": len(themes),
            "kind": r.choice(
                m.get("kind", ThemeKind.PRIORITY), f"{path}.kind", ThemeKind.values, "theme kind"
            ),
        }
        for name in ("name_fi", "name_sv", "name_en"):
            if name in m:
                theme[name] = r.text(
                    m[name], f"{path}.{name}", max_length=_max_length(Theme, name), blank=name != "name_fi"
                )
        for name in ("description_fi", "description_sv", "description_en"):
            if name in m:
                theme[name] = r.text(m[name], f"{path}.{name}", blank=True)
        for name in ("target_share_min", "target_share_max"):
            if name in m:
                theme[name] = None if m[name] is None else r.share(m[name], f"{path}.{name}")
        low, high = theme.get("target_share_min"), theme.get("target_share_max")
        if low is not None and high is not None and low > high:
            r.problem(f"{path}.target_share_min", f"{low} is above target_share_max {high}")
        funds: list[str] = []
        for fund_path, fund in r.items(m.get("eligible_funds", []), f"{path}.eligible_funds"):
            if fund not in common.fund_codes:
                r.problem(
                    f"{path}.eligible_funds", f"unknown fund {fund!r} (known: {', '.join(common.fund_codes)})"
                )
            elif fund in funds:
                r.problem(fund_path, f"fund {fund!r} is listed twice")
            else:
                funds.append(fund)
        theme["eligible_funds"] = funds
        if "subtopics" in m:
            subtopics: list[dict[str, Any]] = []
            for sub_path, sub in r.items(m["subtopics"], f"{path}.subtopics"):
                s = r.mapping(sub, sub_path, required=["name_fi"], optional=["name_sv", "name_en"])
                if s is None:
                    continue
                topic: dict[str, Any] = {
                    name: r.text(
                        s[name],
                        f"{sub_path}.{name}",
                        max_length=_max_length(SubTopic, name),
                        blank=name != "name_fi",
                    )
                    for name in ("name_fi", "name_sv", "name_en")
                    if name in s
                }
                if topic.get("name_fi") in [t.get("name_fi") for t in subtopics]:
                    r.problem(f"{sub_path}.name_fi", f"sub-topic {topic.get('name_fi')!r} is listed twice")
                    continue
                topic["order"] = len(subtopics)
                subtopics.append(topic)
            theme["subtopics"] = subtopics
        themes.append(theme)
    return themes


def _parse_frames(
    r: _Reader, raw: Any, base: str, common: _Common, themes: list[dict[str, Any]] | None
) -> list[dict[str, Any]]:
    frames: list[dict[str, Any]] = []
    seen: dict[tuple[str, int], str] = {}
    eligible = {fund for theme in themes or [] for fund in theme.get("eligible_funds", [])}
    for path, item in r.items(raw, base):
        m = r.mapping(
            item, path, required=["fund", "first_year", "last_year", "amount"], optional=["is_estimate"]
        )
        if m is None:
            continue
        fund = r.choice(m.get("fund"), f"{path}.fund", common.fund_codes, "fund")
        if fund and themes is not None and fund not in eligible:
            r.problem(f"{path}.fund", f"{fund} is not eligible for any theme of this agreement")
        first = r.integer(m.get("first_year"), f"{path}.first_year")
        last = r.integer(m.get("last_year"), f"{path}.last_year")
        _check_years(r, path, first, last, common.period)
        amount = r.money(m.get("amount"), f"{path}.amount")
        estimate = r.boolean(m.get("is_estimate", False), f"{path}.is_estimate")
        if fund is None or first is None or last is None or amount is None:
            continue
        for year in range(first, last + 1):
            if (fund, year) in seen:
                r.problem(path, f"{fund} {year} is already given by {seen[(fund, year)]}")
                continue
            seen[(fund, year)] = path
            frames.append({"fund": fund, "year": year, "amount": amount, "is_estimate": bool(estimate)})
    return frames
