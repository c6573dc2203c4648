"""The audit trail as users meet it: the coordinator's audit log, the activity feed, the database guard."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction
from django.template import Context, Template
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Role
from audit.models import AuditEntry
from audit.services import Actor, agreement_id_of, audit_record, audit_record_many
from pipeline.models import BudgetLine
from tests.factories import AgreementFactory, OrganisationFactory, UserFactory
from tests.pages_data import Portfolio, build_portfolio

pytestmark = pytest.mark.django_db


@pytest.fixture
def portfolio() -> Portfolio:
    return build_portfolio(proposals=1, funded=0, historical=0)


def _log(client: Client, **params: str):
    with translation.override("en"):
        url = reverse("audit_log")  # /en/accounts/audit/
    return client.get(url, params)


# --- where an entry belongs ------------------------------------------------------------------------


def test_audit_record__object_with_agreement__is_filed_under_it(portfolio: Portfolio) -> None:
    proposal = portfolio.proposals[0]
    entry = audit_record(actor=Actor(user=portfolio.coordinator), action="proposal.submitted", obj=proposal)
    assert entry.agreement_id == portfolio.agreement.pk


def test_audit_record__child_object__is_filed_under_parents_agreement(portfolio: Portfolio) -> None:
    line = BudgetLine.objects.filter(proposal=portfolio.proposals[0]).first()
    assert line is not None and agreement_id_of(line) == portfolio.agreement.pk


def test_audit_record_many__children__look_the_parent_up_once(portfolio: Portfolio) -> None:
    lines = list(BudgetLine.objects.filter(proposal=portfolio.proposals[0]))
    with CaptureQueriesContext(connection) as ctx:
        audit_record_many(
            actor=Actor(label="t"), action="budget.changed", changes=[(x, {}, {}) for x in lines]
        )
    # one content type lookup at most, one parent lookup, one insert; the hash chain reads its head once
    # (and takes its lock on PostgreSQL), however many entries
    chain_queries = 2 if connection.vendor == "postgresql" else 1
    assert len(ctx.captured_queries) <= 3 + chain_queries
    assert set(AuditEntry.objects.values_list("agreement_id", flat=True)) == {portfolio.agreement.pk}


def test_audit_record__network_wide_object__has_no_agreement() -> None:
    assert audit_record(actor=Actor(label="t"), action="x", obj=OrganisationFactory()).agreement_id is None


# --- the audit log page ----------------------------------------------------------------------------


def test_audit_log__coordinator__sees_own_agreement_and_network_not_other_agreement(
    client: Client, portfolio: Portfolio
) -> None:
    # given entries of the coordinator's agreement, of another agreement and of an organisation
    other_agreement = AgreementFactory()
    from pipeline.models import Proposal

    foreign = Proposal.objects.create(
        agreement=other_agreement,
        theme=portfolio.themes["T1"],
        title="Vieras hakemus",
        summary="x",
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2025, 12, 31),
    )
    audit_record(
        actor=Actor(user=portfolio.coordinator), action="proposal.submitted", obj=portfolio.proposals[0]
    )
    audit_record(actor=Actor(label="t"), action="proposal.submitted", obj=foreign)
    audit_record(actor=Actor(label="t"), action="organisation.renamed", obj=portfolio.company)
    client.force_login(portfolio.coordinator)
    # when the coordinator opens the log
    html = _log(client).content.decode()
    # then their agreement's and the network's entries are there, the other agreement's are not
    assert portfolio.proposals[0].title in html and portfolio.company.name in html
    assert "Vieras hakemus" not in html
    assert "Proposal submitted" in html  # the action's readable name


@pytest.mark.parametrize(
    "role", [Role.APPLICANT, Role.STEERING_GROUP, Role.REVIEWER, Role.FUNDING_AUTHORITY, Role.MINISTRY]
)
def test_audit_log__other_roles__are_refused(client: Client, portfolio: Portfolio, role: str) -> None:
    client.force_login(
        UserFactory.with_role(role, agreement=portfolio.agreement, organisation=portfolio.university)
    )
    assert _log(client).status_code == 403


def test_audit_log__anonymous__goes_to_sign_in(client: Client) -> None:
    response = _log(client)
    with translation.override("en"):
        sign_in = reverse("login")
    assert response.status_code == 302 and response["Location"].startswith(sign_in)


def test_audit_log__filters__narrow_by_action_actor_kind_and_dates(
    client: Client, portfolio: Portfolio
) -> None:
    proposal = portfolio.proposals[0]
    applicant = UserFactory.applicant(portfolio.university, username="hanna")
    audit_record(actor=Actor(user=applicant), action="proposal.submitted", obj=proposal)
    audit_record(actor=Actor(user=portfolio.coordinator), action="proposal.review_started", obj=proposal)
    audit_record(
        actor=Actor(user=portfolio.coordinator), action="organisation.renamed", obj=portfolio.company
    )
    client.force_login(portfolio.coordinator)

    def actions(**params: str) -> list[str]:
        return [e.action for e in _log(client, **params).context["object_list"]]

    assert actions(action="proposal.submitted") == ["proposal.submitted"]
    assert sorted(actions(action="proposal.")) == ["proposal.review_started", "proposal.submitted"]
    assert actions(actor="hanna") == ["proposal.submitted"]
    kind = AuditEntry.objects.get(action="organisation.renamed").content_type_id
    assert actions(kind=str(kind)) == ["organisation.renamed"]
    today = timezone.localdate()
    assert len(actions(since=today.isoformat(), until=today.isoformat())) == 3
    assert actions(until=(today - dt.timedelta(days=1)).isoformat()) == []


def test_audit_log__end_before_start__says_so(client: Client, portfolio: Portfolio) -> None:
    client.force_login(portfolio.coordinator)
    response = _log(client, since="2026-02-01", until="2026-01-01")
    assert "The end date is before the start date." in response.content.decode()


def test_audit_log__query_count__is_fixed(client: Client, portfolio: Portfolio) -> None:
    client.force_login(portfolio.coordinator)
    audit_record(
        actor=Actor(user=portfolio.coordinator), action="proposal.submitted", obj=portfolio.proposals[0]
    )
    _log(client)
    with CaptureQueriesContext(connection) as one:
        _log(client)
    for n in range(19):
        audit_record(
            actor=Actor(user=portfolio.coordinator),
            action="proposal.updated",
            obj=portfolio.proposals[0],
            before={"title": f"v{n}"},
            after={"title": f"v{n + 1}"},
        )
    with CaptureQueriesContext(connection) as twenty:
        response = _log(client)
    assert len(response.context["object_list"]) == 20
    assert len(twenty.captured_queries) == len(one.captured_queries)


# --- the activity feed -----------------------------------------------------------------------------


def _feed(obj, limit: int = 50) -> str:
    return Template("{% load audit_tags %}{% activity_feed obj limit %}").render(
        Context({"obj": obj, "limit": limit})
    )


def test_activity_feed__shows_who_when_what_readably(portfolio: Portfolio) -> None:
    proposal = portfolio.proposals[0]
    audit_record(
        actor=Actor(user=portfolio.coordinator),
        action="proposal.returned",
        obj=proposal,
        before={"status": "in_review", "themes": ["T1"]},
        after={"status": "returned", "themes": []},
    )
    with translation.override("en"):
        html = _feed(proposal)
    assert "Returned for changes" in html and "koordinaattori" in html
    assert f'aria-labelledby="activity-proposal-{proposal.pk}-heading"' in html
    assert f'id="activity-proposal-{proposal.pk}-heading"' in html
    assert "<time datetime=" in html and "T1" in html and "–" in html
    # the field and its values by their names, never the stored codes (issue 16)
    assert "In review" in html and "in_review" not in html


def test_activity_feed__more_than_limit__says_how_many_are_shown(portfolio: Portfolio) -> None:
    for n in range(3):
        audit_record(actor=Actor(label="t"), action=f"x.{n}", obj=portfolio.proposals[0])
    with translation.override("en"):
        html = _feed(portfolio.proposals[0], limit=2)
    assert "x.2" in html and "x.1" in html and "x.0" not in html
    assert "The 2 newest changes are shown." in html


def test_activity_feed__unknown_action__is_shown_as_written(portfolio: Portfolio) -> None:
    audit_record(actor=Actor(label="t"), action="monitoring.custom_thing", obj=portfolio.proposals[0])
    assert "monitoring.custom_thing" in _feed(portfolio.proposals[0])


# --- the database guard ----------------------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_audit_entry__raw_sql_update_or_delete__is_refused_by_postgresql() -> None:
    entry = audit_record(actor=Actor(label="t"), action="x", obj=OrganisationFactory())
    for sql in (
        "UPDATE audit_auditentry SET note = 'changed' WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).note == ""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_audit_entry__insert__is_still_allowed_on_postgresql() -> None:
    audit_record(actor=Actor(label="t"), action="x", obj=OrganisationFactory())
    assert AuditEntry.objects.count() == 1
