"""The agreements as versioned data (programme/data/) and their loader (programme.services)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from audit.models import AuditEntry
from audit.services import Actor
from cores.business_id import normalise_business_id
from partners.models import Organisation, OrganisationKind
from programme.loading.reader import _Reader, contrast_with_white
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
from programme.services import (
    DATA_DIR,
    FixtureError,
    UnknownAgreementError,
    agreement_load,
    agreement_load_all,
    agreement_slugs,
)

ACTOR = Actor(label="test")
CAPITAL = "agreements/capital-region.yaml"
OTHERS = "agreements/other-regions.yaml"
MODELS = [
    Agreement, AgreementParty, AnnualFrame, Fund, Indicator, Method, NationalFrame, ProgrammePeriod,
    SteeringGroup, SteeringGroupSeat, SubTopic, Theme, Organisation, AuditEntry,
]  # fmt: skip


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A writable copy of programme/data/ for tests that change the files."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def edit(data_dir: Path, name: str, change: Callable[[dict[str, Any]], None]) -> None:
    path = data_dir / name
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(content)
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")


def theme(content: dict[str, Any], code: str) -> dict[str, Any]:
    return next(t for t in content["themes"] if t["code"] == code)


@pytest.fixture
def capital(db) -> Agreement:
    agreement_load(slug="capital-region", actor=ACTOR)
    return Agreement.objects.get(slug="capital-region")


# -- the capital region --------------------------------------------------------------------------------


def test_agreement_load__capital_region__creates_the_agreement_with_its_rule(capital: Agreement) -> None:
    # given the repository's data files; when the capital region is loaded (fixture); then it is there
    assert capital.name_fi == "Pääkaupunkiseudun ekosysteemisopimus"
    assert capital.name_sv and capital.name_en
    assert capital.status == "signed"
    assert capital.period.code == "2021-2027"
    assert capital.period.years == range(2021, 2028)
    assert str(capital.period.last_eligible_date) == "2029-12-31"
    assert capital.max_public_share == Decimal("0.60")
    assert capital.min_own_share == Decimal("0.40")
    assert capital.fixture_version == yaml.safe_load((DATA_DIR / CAPITAL).read_text())["version"]
    assert "HEL 2020-010811" in capital.source


def test_agreement_load__capital_region__three_cities_and_the_state_are_parties(capital: Agreement) -> None:
    parties = {p.organisation.name: p for p in capital.parties.select_related("organisation")}
    cities = {name for name, p in parties.items() if p.role == "city"}
    assert cities == {"Helsingin kaupunki", "Espoon kaupunki", "Vantaan kaupunki"}
    assert all(parties[name].organisation.kind == OrganisationKind.CITY for name in cities)
    assert {name for name, p in parties.items() if p.role == "state"} == {"Työ- ja elinkeinoministeriö"}
    ids = {name: parties[name].organisation.business_id for name in cities}
    assert ids == {
        "Helsingin kaupunki": "0201256-6",
        "Espoon kaupunki": "0101263-6",
        "Vantaan kaupunki": "0124610-9",
    }


def test_agreement_load__capital_region__uudenmaan_liitto_is_the_funding_authority(
    capital: Agreement,
) -> None:
    assert capital.funding_authority is not None
    assert capital.funding_authority.name == "Uudenmaan liitto"
    assert capital.funding_authority.kind == OrganisationKind.AUTHORITY


def test_business_ids__every_id_in_the_data_files__passes_the_check_digit() -> None:
    # given every organisation of every agreement file; then each business ID is valid and canonical
    found = []
    for path in (DATA_DIR / "agreements").glob("*.yaml"):
        for org in yaml.safe_load(path.read_text(encoding="utf-8")).get("organisations", []):
            if "business_id" in org:
                assert normalise_business_id(org["business_id"]) == org["business_id"], org["name"]
                found.append(org["business_id"])
    assert len(found) == 3  # the three cities; the ministry's and the council's IDs failed and were left out


def test_agreement_load__capital_region__esf_plus_only_on_theme_3(capital: Agreement) -> None:
    funds = {t.code: sorted(t.eligible_funds.values_list("code", flat=True)) for t in capital.themes.all()}
    assert funds == {
        "K": ["ERDF", "STATE"],
        "T1": ["ERDF", "STATE"],
        "T2": ["ERDF", "STATE"],
        "T3": ["ERDF", "ESF+", "STATE"],
        "T4": ["ERDF", "STATE"],
    }


def test_agreement_load__capital_region__coordination_project_and_four_themes_with_subtopics(
    capital: Agreement,
) -> None:
    themes = list(capital.themes.order_by("order"))
    assert [(t.code, t.kind) for t in themes] == [
        ("K", "coordination"), ("T1", "priority"), ("T2", "priority"), ("T3", "priority"), ("T4", "priority"),
    ]  # fmt: skip
    assert all(
        t.name_fi and t.name_sv and t.name_en and t.description_fi and t.description_sv and t.description_en
        for t in themes
    )
    assert [t.subtopics.count() for t in themes] == [0, 5, 6, 2, 2]
    t1 = [s.name_en for s in themes[1].subtopics.order_by("order")]
    assert t1[0] == "Energy efficiency of buildings" and t1[-1] == "Urban food production"
    # the memo sets no target shares: the steering group sets them
    assert all(t.target_share_min is None and t.target_share_max is None for t in themes)


def test_agreement_load__capital_region__annual_frames_are_estimates_within_the_national_pool(
    capital: Agreement,
) -> None:
    frames = AnnualFrame.objects.filter(agreement=capital).select_related("fund")
    by_fund: dict[str, dict[int, Decimal]] = {}
    for f in frames:
        by_fund.setdefault(f.fund.code, {})[f.year] = f.amount
    assert set(by_fund) == {"ERDF", "STATE", "ESF+"}
    assert by_fund["ERDF"] == {year: Decimal("2000000.00") for year in range(2022, 2028)}
    assert by_fund["STATE"] == {year: Decimal("1000000.00") for year in range(2022, 2028)}
    assert by_fund["ESF+"] == {year: Decimal("300000.00") for year in range(2022, 2028)}
    assert all(f.is_estimate for f in frames)
    pool = dict(NationalFrame.objects.values_list("year", "amount"))
    assert pool == {year: Decimal("10300000.00") for year in range(2021, 2028)}
    assert NationalFrame.objects.filter(is_estimate=False).count() == 0
    for year in range(2022, 2028):
        assert sum(v[year] for v in by_fund.values()) <= pool[year]


def test_agreement_load__capital_region__steering_group_has_two_seats_per_city_and_no_persons(
    capital: Agreement,
) -> None:
    group = capital.steering_group
    assert group.name_fi == "Pääkaupunkiseudun ekosysteemisopimuksen johtoryhmä"
    per_city: dict[str, int] = {}
    for seat in group.seats.select_related("city"):
        per_city[seat.city.name] = per_city.get(seat.city.name, 0) + 1
        assert seat.person_id is None and seat.user_id is None
    assert per_city == {"Helsingin kaupunki": 2, "Espoon kaupunki": 2, "Vantaan kaupunki": 2}


def test_agreement_load__capital_region__brand_colour_is_readable_with_white_text(capital: Agreement) -> None:
    assert contrast_with_white(capital.brand_colour) >= 4.5


def test_agreement_load__common_data__funds_methods_and_rule(capital: Agreement) -> None:
    shares = dict(Fund.objects.values_list("code", "max_share"))
    assert shares == {
        "ERDF": Decimal("0.40"),
        "ESF+": Decimal("0.40"),
        "JTF": Decimal("0.85"),
        "STATE": Decimal("0.60"),
    }
    assert not Fund.objects.get(code="STATE").is_eu
    assert list(Method.objects.values_list("code", flat=True)) == [
        "test-environments", "rdi-projects", "competence-clusters", "business-services",
    ]  # fmt: skip
    rule = capital.cofinancing_rule()
    assert rule.fund_max_share["ERDF"] == Decimal("0.40") and rule.max_public_share == Decimal("0.60")


# -- idempotence and changes ---------------------------------------------------------------------------


def test_agreement_load__second_run__creates_and_changes_nothing(capital: Agreement) -> None:
    # given a loaded capital region
    before = counts()
    agreement_before = Agreement.objects.values().get(pk=capital.pk)
    # when it is loaded again
    result = agreement_load(slug="capital-region", actor=ACTOR)
    # then nothing was created, changed or audited
    assert not result.changed and result.audit_entries == 0
    assert counts() == before
    assert Agreement.objects.values().get(pk=capital.pk) == agreement_before


def test_agreement_load__first_run__audits_every_creation(db) -> None:
    result = agreement_load(slug="capital-region", actor=ACTOR)
    assert result.audit_entries == sum(result.created.values()) == AuditEntry.objects.count()
    entry = AuditEntry.objects.get(action="programme.agreement.created")
    assert entry.actor_label == "test" and entry.after["slug"] == "capital-region"


def test_agreement_load__changed_amount_and_share__updates_and_audits_each_money_change(
    db, data_dir: Path
) -> None:
    # given a loaded capital region
    agreement_load(slug="capital-region", actor=ACTOR, data_dir=data_dir)

    # when the fixture raises the ERDF frame, lowers the public share and gets a new version
    def change(content: dict[str, Any]) -> None:
        content["version"] = "2025.2"
        content["max_public_share"] = "0.55"
        content["annual_frames"][0]["amount"] = "2100000.00"

    edit(data_dir, CAPITAL, change)
    audit_before = AuditEntry.objects.count()
    result = agreement_load(slug="capital-region", actor=ACTOR, data_dir=data_dir)
    # then the records follow the file
    agreement = Agreement.objects.get(slug="capital-region")
    assert agreement.max_public_share == Decimal("0.55") and agreement.fixture_version == "2025.2"
    erdf = AnnualFrame.objects.filter(agreement=agreement, fund__code="ERDF")
    assert {f.amount for f in erdf} == {Decimal("2100000.00")}
    # and each money or share change has its own audit entry with before and after
    money = AuditEntry.objects.filter(action__endswith=".money_changed")
    assert money.filter(action="programme.annual_frame.money_changed").count() == 6
    share = money.get(action="programme.agreement.money_changed")
    assert share.before == {"max_public_share": "0.6000"} and share.after == {"max_public_share": "0.55"}
    assert "version 2025.2" in share.note
    assert AuditEntry.objects.count() == audit_before + result.audit_entries == audit_before + 8
    assert result.updated["programme.annual_frame"] == 6


def test_agreement_load__frame_removed_from_file__is_deleted_and_audited(db, data_dir: Path) -> None:
    agreement_load(slug="capital-region", actor=ACTOR, data_dir=data_dir)
    edit(data_dir, CAPITAL, lambda c: c["annual_frames"].pop())  # ESF+
    result = agreement_load(slug="capital-region", actor=ACTOR, data_dir=data_dir)
    assert not AnnualFrame.objects.filter(fund__code="ESF+").exists()
    assert result.deleted["programme.annual_frame"] == 6
    entries = AuditEntry.objects.filter(action="programme.annual_frame.money_changed", after={})
    assert entries.count() == 6 and entries.first().before["amount"] == "300000.00"


def test_agreement_load__target_shares_set_in_the_app__survive_a_reload(capital: Agreement) -> None:
    # given the steering group has set a target share in the app
    Theme.objects.filter(agreement=capital, code="T1").update(target_share_min=Decimal("0.2"))
    # when the file (which leaves target shares out) is loaded again; then the value stays
    agreement_load(slug="capital-region", actor=ACTOR)
    assert Theme.objects.get(agreement=capital, code="T1").target_share_min == Decimal("0.2000")


def test_agreement_load__subtopic_renamed__old_one_goes_new_one_comes(db, data_dir: Path) -> None:
    agreement_load(slug="capital-region", actor=ACTOR, data_dir=data_dir)
    edit(
        data_dir,
        CAPITAL,
        lambda c: theme(c, "T3")["subtopics"][1].update(name_fi="Digitaaliset osaamisratkaisut"),
    )
    agreement_load(slug="capital-region", actor=ACTOR, data_dir=data_dir)
    names = list(
        SubTopic.objects.filter(theme__code="T3").order_by("order").values_list("name_fi", flat=True)
    )
    assert names == ["Koulut ja oppimisympäristöt yritysten TKI-alustoina", "Digitaaliset osaamisratkaisut"]


def test_agreement_load__eligible_funds_changed__theme_follows_and_is_audited(db, data_dir: Path) -> None:
    agreement_load(slug="capital-region", actor=ACTOR, data_dir=data_dir)
    edit(data_dir, CAPITAL, lambda c: theme(c, "T2")["eligible_funds"].append("ESF+"))
    agreement_load(slug="capital-region", actor=ACTOR, data_dir=data_dir)
    t2 = Theme.objects.get(code="T2")
    assert sorted(t2.eligible_funds.values_list("code", flat=True)) == ["ERDF", "ESF+", "STATE"]
    entry = AuditEntry.objects.get(action="programme.theme.updated", object_id=str(t2.pk))
    assert entry.before == {"eligible_funds": ["ERDF", "STATE"]}


def test_agreement_load__city_known_by_name_only__gets_its_business_id_not_a_duplicate(db) -> None:
    # given Helsinki in the partner network without a business ID (as an import of old projects leaves it)
    existing = Organisation.objects.create(name="Helsingin kaupunki", kind=OrganisationKind.CITY)
    agreement_load(slug="capital-region", actor=ACTOR)
    existing.refresh_from_db()
    assert existing.business_id == "0201256-6"
    assert Organisation.objects.filter(name="Helsingin kaupunki").count() == 1


def test_agreement_load__seat_held_by_a_member__is_not_removed(db, data_dir: Path) -> None:
    agreement_load(slug="capital-region", actor=ACTOR, data_dir=data_dir)
    from accounts.models import User

    user = User.objects.create(username="member")
    SteeringGroupSeat.objects.filter(city__name="Espoon kaupunki").update(user=user)
    edit(data_dir, CAPITAL, lambda c: c["steering_group"]["seats"][1].update(count=1))
    before = counts()
    with pytest.raises(FixtureError, match="free a seat in the app first"):
        agreement_load(slug="capital-region", actor=ACTOR, data_dir=data_dir)
    assert counts() == before


# -- all 16 regions ------------------------------------------------------------------------------------


def test_agreement_load_all__sixteen_regions__capital_region_with_content_the_rest_planned(db) -> None:
    # given the data files; when every agreement is loaded
    result = agreement_load_all(actor=ACTOR)
    # then the 16 city regions the memo names are agreements (the memo says 15: see other-regions.yaml)
    assert Agreement.objects.count() == 16 == len(result.slugs) == len(agreement_slugs())
    assert list(Agreement.objects.with_content().values_list("slug", flat=True)) == ["capital-region"]
    others = Agreement.objects.exclude(slug="capital-region")
    assert set(others.values_list("status", flat=True)) == {"planned"}
    assert not AgreementParty.objects.filter(agreement__in=others).exists()
    assert not AnnualFrame.objects.filter(agreement__in=others).exists()
    swedish = dict(others.values_list("slug", "name_sv"))
    assert swedish["turku"].startswith("Åbo") and swedish["lappeenranta"].startswith("Villmanstrand")
    assert swedish["mikkeli"].startswith("S:t Michel") and swedish["kokkola"].startswith("Karleby")
    regions = set(Agreement.objects.values_list("region_fi", flat=True))
    assert {"Tampere", "Jyväskylä", "Seinäjoki", "Kajaani", "Pääkaupunkiseutu"} <= regions
    # and a second run changes nothing
    before = counts()
    assert not agreement_load_all(actor=ACTOR).changed
    assert counts() == before


def test_agreement_load__unknown_slug__lists_the_known_ones(db) -> None:
    with pytest.raises(UnknownAgreementError, match=r"unknown agreement 'helsinki'; known: capital-region, "):
        agreement_load(slug="helsinki", actor=ACTOR)


# -- bad files: a named error and nothing written -------------------------------------------------------


def assert_rejected(data_dir: Path, message: str, *, load_all: bool = False) -> FixtureError:
    before = counts()
    with pytest.raises(FixtureError) as caught:
        if load_all:
            agreement_load_all(actor=ACTOR, data_dir=data_dir)
        else:
            agreement_load(slug="capital-region", actor=ACTOR, data_dir=data_dir)
    assert message in str(caught.value), str(caught.value)
    assert counts() == before
    return caught.value


def test_agreement_load__unknown_fund__names_file_path_and_reason_and_writes_nothing(
    db, data_dir: Path
) -> None:
    edit(data_dir, CAPITAL, lambda c: theme(c, "T3")["eligible_funds"].__setitem__(1, "ESF"))
    assert_rejected(
        data_dir,
        "capital-region.yaml: themes[3].eligible_funds: unknown fund 'ESF' (known: ERDF, ESF+, JTF, STATE)",
    )


def test_agreement_load__float_money__is_rejected(db, data_dir: Path) -> None:
    edit(data_dir, CAPITAL, lambda c: c["annual_frames"][0].update(amount=2000000.1))
    assert_rejected(data_dir, "capital-region.yaml: annual_frames[0].amount: write euros as quoted text")


def test_agreement_load__invalid_business_id__is_rejected(db, data_dir: Path) -> None:
    edit(data_dir, CAPITAL, lambda c: c["organisations"][0].update(business_id="0201256-5"))
    assert_rejected(
        data_dir, "capital-region.yaml: organisations[0].business_id: '0201256-5' has check digit 5"
    )


def test_agreement_load__several_problems__all_are_reported(db, data_dir: Path) -> None:
    def change(content: dict[str, Any]) -> None:
        content["status"] = "done"
        content["brand_colour"] = "#ffff00"
        content["min_own_share"] = "0.5"
        content["annual_frames"][1]["last_year"] = 2030
        content["parties"][0]["organisation"] = "helsingfors"
        content["colour"] = "red"

    edit(data_dir, CAPITAL, change)
    error = assert_rejected(data_dir, "capital-region.yaml: status: unknown status 'done'")
    text = str(error)
    assert "brand_colour: #ffff00 gives white text a contrast of 1.07:1" in text
    assert "max_public_share: 0.60 + the own share 0.5 exceed 1" in text
    assert "annual_frames[1].last_year: 2030 is outside the programme period 2021–2027" in text
    assert "parties[0].organisation: unknown organisation 'helsingfors'" in text
    assert "colour: unknown key" in text
    # and the consequence of the wrong party: Helsinki's seats no longer belong to a city party
    assert "steering_group.seats[0].city: 'helsinki' is not a city party to the agreement" in text
    assert len(error.problems) == 7


def test_agreement_load__yaml_syntax_error__gives_the_line(db, data_dir: Path) -> None:
    path = data_dir / CAPITAL
    path.write_text(
        path.read_text(encoding="utf-8").replace("status: signed", "status: [signed"), encoding="utf-8"
    )
    assert_rejected(data_dir, "capital-region.yaml: line ")


def test_agreement_load__duplicate_key__is_rejected(db, data_dir: Path) -> None:
    path = data_dir / CAPITAL
    path.write_text(path.read_text(encoding="utf-8") + "\nstatus: planned\n", encoding="utf-8")
    assert_rejected(data_dir, "duplicate key 'status'")


def test_agreement_load__broken_common_file__nothing_is_written(db, data_dir: Path) -> None:
    edit(data_dir, "common.yaml", lambda c: c["funds"][0].update(max_share="1.4"))
    assert_rejected(data_dir, "common.yaml: funds[0].max_share: '1.4' is not between 0 and 1")


def test_agreement_load_all__one_bad_entry__no_agreement_is_written(db, data_dir: Path) -> None:
    edit(data_dir, OTHERS, lambda c: c["agreements"][3].update(status="maybe"))
    assert_rejected(
        data_dir, "other-regions.yaml: agreements[3].status: unknown status 'maybe'", load_all=True
    )


def test_agreement_load__slug_defined_twice__is_rejected(db, data_dir: Path) -> None:
    edit(data_dir, OTHERS, lambda c: c["agreements"][0].update(slug="capital-region"))
    assert_rejected(
        data_dir, "agreements[0].slug: 'capital-region' is already defined in capital-region.yaml"
    )


def test_agreement_load__change_that_breaks_a_later_step__rolls_back_the_earlier_ones(
    db, data_dir: Path
) -> None:
    # given a loaded agreement whose Espoo seats are held by a member
    agreement_load(slug="capital-region", actor=ACTOR, data_dir=data_dir)
    from accounts.models import User

    SteeringGroupSeat.objects.filter(city__name="Espoon kaupunki").update(
        user=User.objects.create(username="m")
    )

    # when a new version changes a frame (applied first) and removes a held seat (fails later)
    def change(content: dict[str, Any]) -> None:
        content["annual_frames"][0]["amount"] = "1.00"
        content["steering_group"]["seats"][1]["count"] = 1
        content["version"] = "9"

    edit(data_dir, CAPITAL, change)
    with pytest.raises(FixtureError):
        agreement_load(slug="capital-region", actor=ACTOR, data_dir=data_dir)
    # then the earlier change is rolled back too
    assert not AnnualFrame.objects.filter(amount=Decimal("1.00")).exists()
    assert Agreement.objects.get(slug="capital-region").fixture_version != "9"


@given(st.decimals(min_value=0, max_value=1, places=4))
def test_reader_share__any_fraction_with_four_places__is_read_exactly(value: Decimal) -> None:
    reader = _Reader("x.yaml")
    assert reader.share(str(value), "share") == value and not reader.problems


@given(st.decimals(min_value=Decimal("1.0001"), max_value=100, places=4) | st.floats(allow_nan=True))
def test_reader_share__above_one_or_a_yaml_float__is_rejected(value: Any) -> None:
    reader = _Reader("x.yaml")
    assert reader.share(value if isinstance(value, float) else str(value), "a.share") is None
    assert reader.problems and reader.problems[0].startswith("x.yaml: a.share: ")


# -- the command ---------------------------------------------------------------------------------------


def run(*args: str) -> str:
    out = StringIO()
    call_command("agreement", *args, stdout=out)
    return out.getvalue()


def test_command_load__capital_region__loads_then_reports_up_to_date(db) -> None:
    first = run("load", "capital-region")
    assert "loaded: capital-region" in first and "programme.theme 5" in first
    assert "up to date: nothing changed" in run("load", "capital-region")


def test_command_load__unknown_slug__error_lists_known_ones(db) -> None:
    with pytest.raises(CommandError, match="unknown agreement 'espoo'; known: capital-region, joensuu"):
        run("load", "espoo")


def test_command_load__neither_slug_nor_all__is_an_error(db) -> None:
    with pytest.raises(CommandError, match="name the agreements to load, or give --all"):
        run("load")


def test_command_load__dry_run__writes_nothing(db) -> None:
    output = run("load", "--all", "--dry-run")
    assert "dry run: nothing was written" in output and "programme.agreement 16" in output
    assert Agreement.objects.count() == 0 and AuditEntry.objects.count() == 0


def test_command_list__after_load_all__shows_each_agreement_with_status_and_counts(db) -> None:
    run("load", "--all")
    lines = run("list").splitlines()
    assert lines[0].split() == [
        "AGREEMENT",
        "STATUS",
        "PARTIES",
        "THEMES",
        "SUB-TOPICS",
        "SEATS",
        "FRAMES",
        "VERSION",
    ]
    assert len(lines) == 17
    capital = next(line for line in lines if line.startswith("capital-region")).split()
    assert capital[:6] == ["capital-region", "signed", "4", "5", "15", "6"]
    tampere = next(line for line in lines if line.startswith("tampere")).split()
    assert tampere[:6] == ["tampere", "planned", "0", "0", "0", "0"]


def test_command_list__empty_database__says_how_to_load(db) -> None:
    assert "salkku agreement load --all" in run("list")


def test_agreement_load__unknown_key_in_a_list_file__is_rejected(db, data_dir: Path) -> None:
    edit(data_dir, OTHERS, lambda c: c.update(default={"status": "signed"}))
    assert_rejected(data_dir, "other-regions.yaml: default: unknown key (allowed: agreements, defaults")


def test_command_list__many_agreements__query_count_is_fixed(db, django_assert_num_queries) -> None:
    # given one, then sixteen agreements; when listed; then the number of queries stays the same
    agreement_load(slug="capital-region", actor=ACTOR)
    with django_assert_num_queries(3):
        run("list")
    agreement_load_all(actor=ACTOR)
    with django_assert_num_queries(3):
        run("list")


def test_agreement_and_theme_descriptions__each_language__its_own_text_finnish_where_none(
    capital: Agreement,
) -> None:
    # given the capital region loaded from its file (descriptions in Finnish, Swedish and English)
    theme = capital.themes.get(code="T1")
    # when they are read in each language
    texts = {}
    for lang in ("fi", "sv", "en"):
        with translation.override(lang):
            texts[lang] = (capital.description, capital.description_language, theme.description)
    # then each language has its own text, marked as that language
    assert texts["fi"][0].startswith("Valtion ja Helsingin") and texts["fi"][1] == "fi"
    assert texts["sv"][0].startswith("Ekosystemavtalet mellan staten") and texts["sv"][1] == "sv"
    assert texts["en"][0].startswith("The ecosystem agreement") and texts["en"][1] == "en"
    assert texts["sv"][2].startswith("Utvecklingsverksamhet i stadsmiljön")
    assert texts["en"][2].startswith("Development work carried out")
    # and where a file gives no Swedish text, the Finnish one is shown and marked Finnish (lang="fi")
    capital.description_sv = ""
    with translation.override("sv"):
        assert capital.description == capital.description_fi
        assert capital.description_language == "fi"
