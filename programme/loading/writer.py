"""Applying validated agreement data: upserts, counts of what changed, and the audit trail."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Sum

from audit.services import Actor, audit_record, audit_record_many
from partners.models import Organisation, normalise_name
from programme.loading.checks import FixtureError
from programme.loading.reader import _MONEY_FIELDS, _AgreementSpec, _Common
from programme.models import (
    Agreement,
    AgreementParty,
    AnnualFrame,
    Fund,
    Indicator,
    Method,
    NationalFrame,
    ProgrammePeriod,
    SteeringGroup,
    SteeringGroupSeat,
    SubTopic,
    Theme,
)


@dataclass
class LoadResult:
    """What a load did: records created, updated and deleted per model, audit entries, warnings."""

    slugs: list[str] = field(default_factory=list)
    versions: dict[str, str] = field(default_factory=dict)  # data file -> its version
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    deleted: Counter[str] = field(default_factory=Counter)
    audit_entries: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)

    def summary(self) -> str:
        def counts(counter: Counter[str]) -> str:
            return ", ".join(f"{label} {n}" for label, n in sorted(counter.items())) or "none"

        lines = [
            "loaded: " + (", ".join(self.slugs) or "common data only"),
            "versions: " + ", ".join(f"{name} {version}" for name, version in sorted(self.versions.items())),
            f"created: {counts(self.created)}",
            f"updated: {counts(self.updated)}",
            f"deleted: {counts(self.deleted)}",
            f"audit entries: {self.audit_entries}",
        ]
        lines += [f"warning: {w}" for w in self.warnings]
        return "\n".join(lines)


# --------------------------------------------------------------------------------------------------
# Writing


def _label(obj: models.Model) -> str:
    name = re.sub(r"(?<!^)(?=[A-Z])", "_", type(obj).__name__).lower()
    return f"{obj._meta.app_label}.{name}"


def _same(current: Any, wanted: Any) -> bool:
    if isinstance(current, Decimal) or isinstance(wanted, Decimal):
        if current is None or wanted is None:
            return current is wanted
        return Decimal(current) == Decimal(wanted)
    return bool(current == wanted)


class _Writer:
    """Upserts records, counts what changed and writes the audit trail in the current transaction."""

    def __init__(self, actor: Actor) -> None:
        self.actor = actor
        self.result = LoadResult()
        self.note = ""
        self.period: ProgrammePeriod | None = None
        self.funds: dict[str, Fund] = {}
        # (action, object, before, after) waiting to be written in bulk by flush()
        self._pending: list[tuple[str, models.Model, dict[str, Any], dict[str, Any]]] = []

    # -- generic ---------------------------------------------------------------------------------------

    def upsert(self, model: type[models.Model], lookup: Mapping[str, Any], values: Mapping[str, Any]) -> Any:
        obj = model._default_manager.filter(**lookup).first()
        if obj is None:
            return self.create(model, {**lookup, **values})
        self.update(obj, values)
        return obj

    def create(self, model: type[models.Model], values: Mapping[str, Any], **extra_audit: Any) -> Any:
        obj = model(**values)
        obj.save()
        self.result.created[_label(obj)] += 1
        after = {k: _jsonable(v) for k, v in values.items()} | extra_audit
        self._pending.append((f"{_label(obj)}.created", obj, {}, after))
        return obj

    def update(self, obj: models.Model, values: Mapping[str, Any]) -> None:
        before: dict[str, Any] = {}
        after: dict[str, Any] = {}
        for name, value in values.items():
            current = getattr(obj, name)
            if not _same(current, value):
                before[name], after[name] = current, value
                setattr(obj, name, value)
        if not after:
            return
        fields = list(after)
        if isinstance(obj, Organisation) and "name" in after:
            fields.append("name_key")  # Organisation.save() derives it from the name
        obj.save(update_fields=fields)
        self.result.updated[_label(obj)] += 1
        money = [k for k in after if k in _MONEY_FIELDS]
        if money:
            audit_record(
                actor=self.actor,
                action=f"{_label(obj)}.money_changed",
                obj=obj,
                before={k: before[k] for k in money},
                after={k: after[k] for k in money},
                note=self.note,
            )
            self.result.audit_entries += 1
        rest = [k for k in after if k not in _MONEY_FIELDS]
        if rest:
            self._pending.append(
                (
                    f"{_label(obj)}.updated",
                    obj,
                    {k: _jsonable(before[k]) for k in rest},
                    {k: _jsonable(after[k]) for k in rest},
                )
            )

    def delete(self, obj: models.Model, before: Mapping[str, Any]) -> None:
        label = _label(obj)
        if any(k in _MONEY_FIELDS for k in before):
            audit_record(
                actor=self.actor,
                action=f"{label}.money_changed",
                obj=obj,
                before=dict(before),
                after={},
                note=f"deleted: not in {self.note}",
            )
            self.result.audit_entries += 1
        else:
            self._pending.append((f"{label}.deleted", obj, dict(before), {}))
        self.flush()  # the entry must name the object's id before the row goes
        obj.delete()
        self.result.deleted[label] += 1

    def flush(self) -> None:
        by_action: dict[str, list[tuple[models.Model, Mapping[str, Any], Mapping[str, Any]]]] = {}
        for action, obj, before, after in self._pending:
            by_action.setdefault(action, []).append((obj, before, after))
        for action, changes in by_action.items():
            self.result.audit_entries += audit_record_many(actor=self.actor, action=action, changes=changes)
        self._pending = []

    # -- common ----------------------------------------------------------------------------------------

    def apply_common(self, common: _Common) -> None:
        self.note = f"{common.filename} version {common.version}"
        self.result.versions[common.filename] = common.version
        p = common.period
        self.period = self.upsert(
            ProgrammePeriod,
            {"code": p["code"]},
            {k: p[k] for k in ("name", "start_year", "end_year", "last_eligible_date")},
        )
        for spec in common.funds:
            self.funds[spec["code"]] = self.upsert(Fund, {"code": spec["code"]}, _without(spec, "code"))
        if common.national:
            n = common.national
            values = {"amount": n["amount"], "is_estimate": n["is_estimate"]}
            if n["source"] is not None:
                values["source"] = n["source"]
            for year in range(n["first_year"], n["last_year"] + 1):
                self.upsert(NationalFrame, {"period": self.period, "year": year}, values)
        for spec in common.methods:
            self.upsert(Method, {"code": spec["code"]}, _without(spec, "code"))
        for spec in common.indicators:
            self.upsert(Indicator, {"code": spec["code"], "agreement": None}, _without(spec, "code"))
        self.flush()

    # -- one agreement ---------------------------------------------------------------------------------

    def apply_agreement(self, spec: _AgreementSpec) -> None:
        assert self.period is not None, "apply_common() first"
        self.note = f"{spec.filename} version {spec.version}"
        self.result.versions[spec.filename] = spec.version
        self.result.slugs.append(spec.slug)
        organisations = {key: self.organisation(spec, org) for key, org in spec.organisations.items()}
        values = _without(spec.fields, "period") | {"period_id": self.period.pk}
        if spec.funding_authority is not None:
            authority = organisations.get(spec.funding_authority)
            values["funding_authority_id"] = authority.pk if authority else None
        agreement: Agreement = self.upsert(Agreement, {"slug": spec.slug}, values)
        if spec.parties is not None:
            self.parties(agreement, [(organisations[key], role) for key, role in spec.parties])
        if spec.steering_group is not None:
            self.steering_group(spec, agreement, organisations)
        if spec.themes is not None:
            for theme in spec.themes:
                self.theme(agreement, theme)
            kept = agreement.themes.exclude(code__in=[t["code"] for t in spec.themes]).values_list(
                "code", flat=True
            )
            self.result.warnings += [
                f"{spec.slug}: theme {code} is not in {spec.filename}; it was kept" for code in kept
            ]
        if spec.annual_frames is not None:
            self.annual_frames(agreement, spec.annual_frames)
        self.flush()

    def organisation(self, spec: _AgreementSpec, org: dict[str, Any]) -> Organisation:
        """The organisation with the business ID, else the one of that name (without another ID)."""
        found: Organisation | None = None
        if org.get("business_id"):
            found = Organisation.objects.filter(business_id=org["business_id"]).first()
        if found is None:
            named = list(Organisation.objects.filter(name_key=normalise_name(org["name"])))
            if org.get("business_id"):
                named = [o for o in named if not o.business_id]
            if len(named) > 1:
                same_kind = [o for o in named if o.kind == org["kind"]]
                named = same_kind if len(same_kind) == 1 else named
            if len(named) > 1:
                raise FixtureError(
                    [
                        f"{spec.filename}: organisations: {len(named)} organisations are named "
                        f"{org['name']!r}; give a business_id to tell them apart"
                    ]
                )
            found = named[0] if named else None
        if found is None:
            created: Organisation = self.create(Organisation, org)
            return created
        self.update(found, org)
        return found

    def parties(self, agreement: Agreement, wanted: list[tuple[Organisation, str]]) -> None:
        current = {p.organisation_id: p for p in agreement.parties.select_related("organisation")}
        for organisation, role in wanted:
            party = current.pop(organisation.pk, None)
            if party is None:
                self.create(
                    AgreementParty, {"agreement": agreement, "organisation": organisation, "role": role}
                )
            else:
                self.update(party, {"role": role})
        for party in current.values():
            self.delete(party, {"organisation": str(party.organisation), "role": party.role})

    def steering_group(
        self, spec: _AgreementSpec, agreement: Agreement, organisations: Mapping[str, Organisation]
    ) -> None:
        group_spec = spec.steering_group or {}
        group: SteeringGroup = self.upsert(
            SteeringGroup, {"agreement": agreement}, {"name_fi": group_spec["name_fi"]}
        )
        if "seats" not in group_spec:
            return
        wanted = {organisations[key].pk: count for key, count in group_spec["seats"].items()}
        seats: dict[int, list[SteeringGroupSeat]] = {}
        for seat in group.seats.select_related("city").order_by("pk"):
            seats.setdefault(seat.city_id, []).append(seat)
        for city in sorted(set(wanted) | set(seats)):
            have, need = seats.get(city, []), wanted.get(city, 0)
            for _ in range(need - len(have)):
                self.create(SteeringGroupSeat, {"group": group, "city_id": city})
            surplus = len(have) - need
            if surplus > 0:
                free = [s for s in have if s.person_id is None and s.user_id is None][-surplus:]
                if len(free) < surplus:
                    raise FixtureError(
                        [
                            f"{spec.filename}: steering_group.seats: {have[0].city} has {len(have)} "
                            f"seats held by members, {need} wanted; free a seat in the app first"
                        ]
                    )
                for seat in free:
                    self.delete(seat, {"city": str(seat.city)})

    def theme(self, agreement: Agreement, spec: dict[str, Any]) -> None:
        values = _without(spec, "code", "eligible_funds", "subtopics")
        wanted = sorted(spec["eligible_funds"])
        theme: Theme | None = agreement.themes.filter(code=spec["code"]).first()
        if theme is None:
            theme = self.create(
                Theme, {"agreement": agreement, "code": spec["code"], **values}, eligible_funds=wanted
            )
            theme.eligible_funds.set([self.funds[code] for code in wanted])
        else:
            self.update(theme, values)
            current = sorted(theme.eligible_funds.values_list("code", flat=True))
            if wanted != current:
                theme.eligible_funds.set([self.funds[code] for code in wanted])
                self.result.updated[_label(theme)] += 1
                self._pending.append(
                    (
                        f"{_label(theme)}.updated",
                        theme,
                        {"eligible_funds": current},
                        {"eligible_funds": wanted},
                    )
                )
        if "subtopics" in spec:
            existing = {s.name_fi: s for s in theme.subtopics.all()}
            for topic in spec["subtopics"]:
                found = existing.pop(topic["name_fi"], None)
                if found is None:
                    self.create(SubTopic, {"theme": theme, **topic})
                else:
                    self.update(found, topic)
            for leftover in existing.values():
                self.delete(leftover, {"name_fi": leftover.name_fi})

    def annual_frames(self, agreement: Agreement, frames: list[dict[str, Any]]) -> None:
        current = {(f.fund.code, f.year): f for f in agreement.annual_frames.select_related("fund")}
        for frame in frames:
            found = current.pop((frame["fund"], frame["year"]), None)
            values = {"amount": frame["amount"], "is_estimate": frame["is_estimate"]}
            if found is None:
                self.create(
                    AnnualFrame,
                    {
                        "agreement": agreement,
                        "fund": self.funds[frame["fund"]],
                        "year": frame["year"],
                        **values,
                    },
                )
            else:
                self.update(found, values)
        for (fund, year), leftover in sorted(current.items()):
            self.delete(leftover, {"fund": fund, "year": year, "amount": leftover.amount})

    # -- checks ----------------------------------------------------------------------------------------

    def check_national_pool(self) -> None:
        """Warn when the agreements' frames of a year exceed the national pool (an estimate: no error)."""
        if self.period is None:
            return
        pools = dict(NationalFrame.objects.filter(period=self.period).values_list("year", "amount"))
        totals = (
            AnnualFrame.objects.filter(agreement__period=self.period, year__in=list(pools))
            .values("year")
            .annotate(total=Sum("amount"))
            .order_by("year")
        )
        for row in totals:
            if row["total"] > pools[row["year"]]:
                self.result.warnings.append(
                    f"{row['year']}: the agreements' frames total {row['total']} €, more than the national "
                    f"pool of {pools[row['year']]} €"
                )


def _without(values: Mapping[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k not in keys}


def _jsonable(value: Any) -> Any:
    """Audit values: model instances by their text, everything else as the JSON encoder takes it."""
    return str(value) if isinstance(value, models.Model) else value
