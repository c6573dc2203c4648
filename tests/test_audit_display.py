"""The audit log names a command actor and an object readably in the reader's language (#16): entries are
hash-chained and immutable, so the display does the naming, and an object's name (``__str__``) is written
once for readers of every language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from audit.actions import actor_label
from audit.models import AuditEntry
from audit.services import Actor, audit_record
from monitoring.models import MonitoringRules
from progress.models import PaymentClaim, ProgressReport
from reports.models import AnnualReport, ReportStatus
from reports.services import COMMAND_ACTOR
from tests.pages_data import Portfolio, build_portfolio

pytestmark = pytest.mark.django_db


@pytest.fixture
def portfolio() -> Portfolio:
    return build_portfolio(proposals=1, funded=1, historical=0)


def _log(client: Client, lang: str, **params: str) -> str:
    with translation.override(lang):
        url = reverse("audit_log")
    return client.get(url, params).content.decode()


def _annual_report(p: Portfolio) -> AnnualReport:
    return AnnualReport.objects.create(
        agreement=p.agreement,
        as_of=dt.date(2026, 11, 30),
        lang="fi",
        format="pdf",
        version=1,
        status=ReportStatus.DONE,
        progress=100,
    )


@pytest.mark.parametrize(
    ("lang", "shown"),
    [
        ("fi", "Komentorivi: salkku report annual"),
        ("sv", "Kommandorad: salkku report annual"),
        ("en", "Command line: salkku report annual"),
    ],
)
def test_audit_log__command_actor__named_as_a_command_in_the_readers_language(
    client: Client, portfolio: Portfolio, lang: str, shown: str
) -> None:
    # given an entry the annual-report command made
    audit_record(
        actor=Actor(label=COMMAND_ACTOR), action="annual_report.stored", obj=_annual_report(portfolio)
    )
    client.force_login(portfolio.coordinator)
    # when the coordinator reads the log, then the actor reads as the command line it is
    assert f'<td class="govuk-table__cell">{shown}</td>' in _log(client, lang)


def test_actor_label__user_name_and_other_commands() -> None:
    with translation.override("fi"):
        assert actor_label("koordinaattori") == "koordinaattori"
        assert actor_label("salkku import eura") == "Komentorivi: salkku import eura"
        assert actor_label("personal-data erase by ops") == (
            "Komentorivi: salkku personal-data erase, ajaja ops"
        )


def test_audit_log__who_filter__finds_commands_by_their_shown_name_and_by_the_command(
    client: Client, portfolio: Portfolio
) -> None:
    # given one entry by the import command and one by the coordinator
    project = portfolio.funded[0]
    audit_record(actor=Actor(label="salkku import eura"), action="project.imported", obj=project)
    audit_record(actor=Actor(user=portfolio.coordinator), action="project.updated", obj=project)
    client.force_login(portfolio.coordinator)

    def actions(**params: str) -> set[str]:
        with translation.override("fi"):
            url = reverse("audit_log")
        return {e.action for e in client.get(url, params).context["object_list"]} & {
            "project.imported",
            "project.updated",
        }

    # then "Komentorivi", the whole shown name and the command itself find the command's entry
    assert actions(actor="komentorivi") == {"project.imported"}
    assert actions(actor="Komentorivi: salkku import") == {"project.imported"}
    assert actions(actor="import eura") == {"project.imported"}
    # and a user name still finds the user's
    assert actions(actor=portfolio.coordinator.get_username()) == {"project.updated"}


def test_annual_report_name__agreement_date_language_format_version(portfolio: Portfolio) -> None:
    report = _annual_report(portfolio)
    assert str(report) == f"{portfolio.agreement.name_fi} 30.11.2026 FI PDF v1"
    # and the name recorded in the audit log is the same whatever language the command ran in
    with translation.override("sv"):
        entry = audit_record(actor=Actor(label=COMMAND_ACTOR), action="annual_report.stored", obj=report)
    assert entry.object_repr == str(report)


def test_sibling_names__no_raw_ids_or_iso_dates(portfolio: Portfolio) -> None:
    project = portfolio.funded[0]
    rules = MonitoringRules.objects.create(agreement=portfolio.agreement)
    assert str(rules) == portfolio.agreement.name_fi
    report = ProgressReport(
        project=project, number=2, period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 6, 30)
    )
    assert str(report) == f"{project} #2 1.1.2026–30.6.2026"
    claim = PaymentClaim(
        project=project, fund="ERDF", period_start=dt.date(2026, 1, 1), claimed=Decimal("1000.00")
    )
    assert str(claim) == f"{project} ERDF 1.1.2026"
    for name in (str(rules), str(report), str(claim)):
        assert "2026-" not in name


def test_activity_feed__command_actor__in_the_readers_language(portfolio: Portfolio) -> None:
    from django.template import Context, Template

    project = portfolio.funded[0]
    audit_record(actor=Actor(label="salkku import eura"), action="project.imported", obj=project)
    with translation.override("sv"):
        html = Template("{% load audit_tags %}{% activity_feed obj %}").render(Context({"obj": project}))
    assert "Kommandorad: salkku import eura" in html
    assert AuditEntry.objects.filter(actor_label="salkku import eura").exists()


# The shapes the services record: the funding decision's budget and grants (projects.services), a progress
# report's rows (progress.services.report_content), a consortium change (pipeline.services.proposals).
_DECISION_AFTER = {
    "budget": {"2026 equipment": "9850.00", "2027 personnel": "120000.00"},
    "granted": {"ERDF": "60000.00", "STATE": "20000.00"},
    "own_financing": {"OWN": "40000.00"},
}
_REPORT_AFTER = {
    "spending": [{"year": 2026, "category": "equipment", "source": "ERDF", "amount": "1200.00"}],
    "milestones": [{"text": "Pilotti käynnissä", "status": "done"}],
    "risks": [{"text": "Viivästys", "level": "high"}],
    "solutions": [{"organisation": 7, "organisation_name": "Espoon kaupunki", "description": "Malli"}],
}


@pytest.mark.parametrize(
    ("lang", "shown", "raw"),
    [
        (
            "fi",
            ["2026 Laitteet: 9 850,00", "2027 Henkilöstökulut", "EAKR: 60 000,00", "myönnetty"],
            ["granted"],
        ),
        ("sv", ["2026 Utrustning: 9", "2027 Personalkostnader", "Eruf: 60", "beviljat"], ["granted"]),
        ("en", ["2026 Equipment: 9,850.00", "2027 Personnel", "ERDF: 60,000.00", "Own financing"], []),
    ],
)
def test_audit_log__funding_decision__budget_and_sources_worded_in_the_readers_language(
    client: Client, portfolio: Portfolio, lang: str, shown: list[str], raw: list[str]
) -> None:
    # given a funding decision's entry, whose budget is keyed "<year> <cost category code>"
    audit_record(
        actor=Actor(user=portfolio.coordinator),
        action="funding_decision.recorded",
        obj=portfolio.funded[0],
        after=_DECISION_AFTER,
    )
    client.force_login(portfolio.coordinator)
    # when the coordinator reads the log in each language
    html = _log(client, lang)
    # then the cost categories and funds read as words, never as the recorded codes
    for text in shown:
        assert text in html.replace("\xa0", " ")
    for code in ("equipment", "personnel", "STATE", " OWN", "own_financing", *raw):
        assert code not in html


def test_audit_log__progress_report_rows__keys_and_codes_worded_and_ids_left_out(
    client: Client, portfolio: Portfolio
) -> None:
    # given a progress report's saved content: rows of codes under field names
    report = ProgressReport.objects.create(
        project=portfolio.funded[0],
        number=1,
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 6, 30),
        due_on=dt.date(2026, 7, 31),
    )
    audit_record(
        actor=Actor(user=portfolio.coordinator),
        action="progress_report.saved",
        obj=report,
        after=_REPORT_AFTER,
    )
    client.force_login(portfolio.coordinator)
    # when read in Swedish
    html = _log(client, "sv")
    # then the row keys are words, the codes their labels, the database id is not shown
    assert "kostnadsslag: Utrustning" in html
    assert "Eruf" in html and "Klart" in html and "Hög" in html
    for raw in ("category:", "source:", "level:", "equipment", "organisation: 7", ": done", ": high"):
        assert raw not in html


def test_audit_log__consortium_roles__worded_typed_tasks_kept(client: Client, portfolio: Portfolio) -> None:
    # given a consortium change, recorded as "<role code>: <tasks typed>" per organisation
    audit_record(
        actor=Actor(user=portfolio.coordinator),
        action="proposal.consortium_changed",
        obj=portfolio.proposals[0],
        before={"Espoon kaupunki": "partner"},
        after={"Espoon kaupunki": "lead: koordinointi"},
    )
    client.force_login(portfolio.coordinator)
    # when read in Finnish, then the role is its name and the typed tasks stay as typed
    html = _log(client, "fi")
    assert "Päätoteuttaja: koordinointi" in html
    assert "lead:" not in html


def test_key_label__codes_worded_names_as_typed() -> None:
    from audit.templatetags.audit_tags import key_label

    with translation.override("fi"):
        assert key_label("2026 equipment ERDF") == "2026 Laitteet EAKR"
        assert key_label("OWN Espoon kaupunki") == "Omarahoitus Espoon kaupunki"
        # a key without a code, and a typed name that merely starts with a year, stay as recorded
        assert key_label("Espoon kaupunki") == "Espoon kaupunki"
        assert key_label("2026 Helsinki Testbed") == "2026 Helsinki Testbed"


@pytest.mark.parametrize(("lang", "fund"), [("fi", "EAKR"), ("sv", "Eruf"), ("en", "ERDF")])
def test_audit_log__recorded_name_with_a_fund_and_an_amount__in_the_readers_words(
    client: Client, portfolio: Portfolio, lang: str, fund: str
) -> None:
    # given an ERDF annual frame's entry, its name recorded once for readers of every language
    frame = portfolio.agreement.annual_frames.filter(fund__code="ERDF").first()
    assert frame is not None
    frame.amount = Decimal("300000.00")
    frame.save()
    entry = audit_record(
        actor=Actor(label="salkku agreement load"), action="programme.annual_frame.created", obj=frame
    )
    assert entry.object_repr == f"ERDF {frame.year}: 300000.00 €"  # the fund's code, not its database id
    client.force_login(portfolio.coordinator)
    # when read, then the fund is named and the amount grouped in the reader's language
    html = _log(client, lang).replace("\xa0", " ")
    amount = "300,000.00" if lang == "en" else "300 000,00"
    assert f"{fund} {frame.year}: {amount} €" in html
    assert "300000.00" not in html
