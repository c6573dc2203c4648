"""Overlaps: the index kept from the database, similar items on the pages by role, the overlap report,
double-funding risk flags, the API and the command."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from audit.models import AuditEntry
from overlaps import engine, report, services
from overlaps.models import (
    ClusterStatus,
    FlagKind,
    FlagStatus,
    IndexedText,
    OverlapCluster,
    RiskFlag,
    SimilarItem,
    StaffAllocation,
)
from overlaps.selectors import exclusive_groups_for_call, similar_for
from overlaps.templatetags.overlaps_tags import highlight
from overlaps.texts import key_of
from pipeline.models import BudgetLine, Call, Proposal, ProposalStatus
from tests.overlaps_world import OverlapWorld, build_overlap_world, cluster_of, fresh_index, signed_in, w  # noqa: F401

pytestmark = pytest.mark.django_db


def _keys(panel) -> list[str]:
    return [s.key for s in panel.items]


# --- the index and the stored similar items ------------------------------------------------------


def test_rebuild__near_duplicates__are_each_others_most_similar_with_shared_terms(w: OverlapWorld) -> None:
    rows = list(SimilarItem.objects.filter(source_key=key_of(w.a)).order_by("-score"))
    assert rows[0].target_key == key_of(w.c)
    assert rows[0].score >= engine.threshold()
    assert any(t.lower().startswith("energiatehok") for t in rows[0].shared_terms)
    assert rows[0].passages and len(rows[0].passages[0]) == 2
    assert key_of(w.u) not in {r.target_key for r in rows[:3]}
    assert IndexedText.objects.filter(key=key_of(w.h), indexed_at__isnull=False).exists()


def test_refresh__text_changed__recomputes_only_what_changed(w: OverlapWorld) -> None:
    w.u.summary = w.a.summary
    w.u.title = w.a.title + " (toinen)"
    w.u.save()
    done = services.refresh()
    assert done.changed == {key_of(w.u)}
    targets = [r.target_key for r in SimilarItem.objects.filter(source_key=key_of(w.u)).order_by("-score")]
    assert targets[0] == key_of(w.a)
    # the other side learns of it too
    assert SimilarItem.objects.filter(source_key=key_of(w.a), target_key=key_of(w.u)).exists()


def test_refresh__item_deleted__its_rows_go(w: OverlapWorld) -> None:
    key = key_of(w.b)
    w.b.delete()
    services.refresh()
    assert not SimilarItem.objects.filter(source_key=key).exists()
    assert not SimilarItem.objects.filter(target_key=key).exists()
    assert not IndexedText.objects.filter(key=key).exists()


def test_index_on_disk__saved_and_loaded__answers_the_same(w: OverlapWorld, settings, tmp_path) -> None:
    settings.SALKKU_OVERLAPS_INDEX_DIR = str(tmp_path)
    engine.forget()
    services.rebuild()
    assert (tmp_path / "index").exists()
    before = list(SimilarItem.objects.values_list("source_key", "target_key", "score").order_by("pk"))
    engine.forget()  # another process: loads the file, finds nothing changed
    done = services.refresh()
    assert done.changed == set()
    assert sorted(before) == sorted(SimilarItem.objects.values_list("source_key", "target_key", "score"))


def test_index_on_disk__unreadable_file__is_rebuilt_not_trusted(w: OverlapWorld, settings, tmp_path) -> None:
    settings.SALKKU_OVERLAPS_INDEX_DIR = str(tmp_path)
    (tmp_path / "index").write_bytes(b"not an index")
    (tmp_path / "digests.json").write_text("{}")
    engine.forget()
    done = services.refresh()
    assert key_of(w.a) in done.changed


@pytest.mark.parametrize(
    "summary", ["", "x" * 1_000_000, "2021 2022 2023 1234567", "The city tests smart lighting."]
)
def test_bad_or_odd_text__is_indexed_without_error(w: OverlapWorld, summary: str) -> None:
    w.u.title = ""
    w.u.summary = summary
    w.u.save()
    services.refresh()
    assert IndexedText.objects.filter(key=key_of(w.u), indexed_at__isnull=False).exists()
    response = signed_in(w.coordinator).get(reverse("pipeline:proposal_detail", args=[w.u.pk]))
    assert response.status_code == 200


def test_save__with_overlaps_on__queues_a_refresh_after_commit(
    w: OverlapWorld, settings, django_capture_on_commit_callbacks
) -> None:
    settings.SALKKU_OVERLAPS_ON_SAVE = True
    with django_capture_on_commit_callbacks(execute=True):
        w.u.summary = w.a.summary
        w.u.save()
    assert SimilarItem.objects.filter(source_key=key_of(w.u), target_key=key_of(w.a)).exists()


# --- who sees which similar items ------------------------------------------------------------------


def test_similar_for__coordinator_and_steering__see_ideas_proposals_and_projects(w: OverlapWorld) -> None:
    for user in (w.coordinator, w.steering):
        panel = similar_for(user, w.a)
        assert panel.full
        assert {key_of(w.b), key_of(w.c), key_of(w.h)} <= set(_keys(panel))
    where = {s.key: s.where for s in similar_for(w.coordinator, w.a).items}
    assert where[key_of(w.c)] == "same"
    assert where[key_of(w.h)] == "history"


def test_similar_for__applicant__sees_public_projects_only_never_another_applicants_draft(
    w: OverlapWorld,
) -> None:
    panel = similar_for(w.university_applicant, w.a)
    assert not panel.full
    assert key_of(w.b) not in _keys(panel)
    assert set(_keys(panel)) <= {key_of(w.c), key_of(w.h)}
    assert key_of(w.c) in _keys(panel)


def test_proposal_page__coordinator__sees_overlaps_with_reasons(w: OverlapWorld) -> None:
    response = signed_in(w.coordinator).get(reverse("pipeline:proposal_detail", args=[w.a.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert w.b.title in body and w.c.name in body and w.h.name in body
    assert "<mark>" in body
    assert reverse("projects:project_detail", args=[w.c.pk]) in body


def test_proposal_page__applicant__sees_public_heading_and_no_draft(w: OverlapWorld) -> None:
    response = signed_in(w.university_applicant).get(reverse("pipeline:proposal_detail", args=[w.a.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert w.c.name in body
    assert w.b.title not in body


def test_proposal_page__text_changed__says_the_list_is_being_computed(w: OverlapWorld) -> None:
    Proposal.objects.filter(pk=w.a.pk).update(summary="Uusi teksti kokonaan.")
    panel = similar_for(w.coordinator, Proposal.objects.get(pk=w.a.pk))
    assert panel.pending


def test_highlight__marks_other_inflections_and_escapes() -> None:
    html = highlight("Kerrostalojen <b>energiatehokkuutta</b>", ["Energiatehokkuuden"])
    assert "<mark>energiatehokkuutta</mark>" in html
    assert "&lt;b&gt;" in html


# --- clusters and their review -----------------------------------------------------------------------


def test_clusters__near_duplicates__form_one_cluster_of_the_agreement(w: OverlapWorld) -> None:
    cluster = cluster_of(w)
    assert key_of(w.c) in cluster.members
    assert key_of(w.u) not in cluster.members
    assert list(cluster.agreements.all()) == [w.agreement]


def test_review_cluster__with_reason__is_recorded_and_audited(w: OverlapWorld) -> None:
    cluster = services.review_cluster(
        cluster_of(w), user=w.coordinator, status=ClusterStatus.OVERLAP, reason="Sama hanke kahdesti."
    )
    assert cluster.status == ClusterStatus.OVERLAP and cluster.reviewed_by == w.coordinator
    entry = AuditEntry.objects.get(action="overlap_cluster.reviewed")
    assert entry.after["reason"] == "Sama hanke kahdesti."
    assert entry.agreement_id == w.agreement.pk  # in the coordinator's audit log
    # the review stays when the report is recomputed
    report.recompute()
    assert OverlapCluster.objects.get(pk=cluster.pk).status == ClusterStatus.OVERLAP


def test_review_cluster__without_reason_or_by_applicant__is_refused(w: OverlapWorld) -> None:
    with pytest.raises(ValidationError):
        services.review_cluster(cluster_of(w), user=w.coordinator, status="overlap", reason="  ")
    with pytest.raises(PermissionDenied):
        services.review_cluster(cluster_of(w), user=w.university_applicant, status="overlap", reason="x")
    with pytest.raises(PermissionDenied):
        services.review_cluster(cluster_of(w), user=w.steering, status="overlap", reason="x")
    assert not AuditEntry.objects.filter(action="overlap_cluster.reviewed").exists()


def test_report_page__coordinator_marks_a_cluster_reviewed(w: OverlapWorld) -> None:
    client = signed_in(w.coordinator)
    url = reverse("overlaps:report")
    page = client.get(url)
    assert page.status_code == 200 and w.a.title in page.content.decode()
    cluster = cluster_of(w)
    bad = client.post(url, {"cluster": cluster.pk, "status": "reviewed", "reason": ""})
    assert bad.status_code == 400
    done = client.post(url, {"cluster": cluster.pk, "status": "not_overlap", "reason": "Eri kohderyhmä."})
    assert done.status_code == 302
    assert OverlapCluster.objects.get(pk=cluster.pk).status == ClusterStatus.NOT_OVERLAP


def test_report_pages__other_roles__are_refused(w: OverlapWorld) -> None:
    for user in (w.steering, w.university_applicant, w.ministry):
        client = signed_in(user)
        assert client.get(reverse("overlaps:report")).status_code == 403
        assert client.get(reverse("overlaps:flags")).status_code == 403
        assert client.get(reverse("overlaps:report_csv")).status_code == 403


def test_report_csv__lists_the_clusters_members(w: OverlapWorld) -> None:
    response = signed_in(w.coordinator).get(reverse("overlaps:report_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:2] == ["cluster", "status"]
    assert {key_of(w.a), key_of(w.c)} <= {r[4] for r in rows[1:]}


# --- double-funding risk flags -------------------------------------------------------------------------


def _flags(w: OverlapWorld, kind: str) -> list[RiskFlag]:
    return list(RiskFlag.objects.filter(agreement=w.agreement, kind=kind))


def test_flags__same_organisation_similar_projects_at_the_same_time(w: OverlapWorld) -> None:
    [flag] = _flags(w, FlagKind.SIMILAR_SAME_ORGANISATION)
    keys = {i["key"] for i in flag.evidence["items"]}
    assert keys == {key_of(w.a), key_of(w.c)}
    assert flag.evidence["organisations"][0]["business_id"] == w.p.university.business_id


def test_flags__same_organisation__not_when_periods_do_not_overlap(w: OverlapWorld) -> None:
    w.c.start_date, w.c.end_date = dt.date(2019, 1, 1), dt.date(2020, 12, 31)
    w.c.save()
    services.refresh()
    assert _flags(w, FlagKind.SIMILAR_SAME_ORGANISATION) == []


def test_flags__same_cost_item_in_two_budgets(w: OverlapWorld) -> None:
    [flag] = _flags(w, FlagKind.SAME_COST_ITEM)
    assert flag.evidence["amount"] == "48500.00"
    assert {i["key"] for i in flag.evidence["items"]} == {key_of(w.a), key_of(w.c)}


def test_flags__named_person_over_full_time_in_concurrent_budgets(w: OverlapWorld) -> None:
    line_a = BudgetLine.objects.create(proposal=w.a, year=2026, category="personnel", amount=Decimal("60000"))
    line_c = BudgetLine.objects.create(project=w.c, year=2026, category="personnel", amount=Decimal("50000"))
    StaffAllocation.objects.create(
        budget_line=line_a, person="Maija Meikäläinen", role="Projektipäällikkö", share=70
    )
    StaffAllocation.objects.create(budget_line=line_c, person="maija  meikäläinen", share=50)
    StaffAllocation.objects.create(budget_line=line_c, role="Tutkija", share=100)  # a role: not a person
    report.recompute()
    [flag] = _flags(w, FlagKind.PERSON_OVER_FULL_TIME)
    assert flag.evidence["total_percent"] == "120.00"
    StaffAllocation.objects.filter(budget_line=line_a).update(share=50)
    report.recompute()
    assert _flags(w, FlagKind.PERSON_OVER_FULL_TIME) == []


def test_flags__concentration_of_funding_in_one_organisation(w: OverlapWorld, settings) -> None:
    [flag] = [f for f in _flags(w, FlagKind.CONCENTRATION)] or [None]
    assert flag is None  # one organisation alone is not a concentration among several
    from projects.models import Project

    other = Project.objects.create(
        agreement=w.agreement,
        name="Pieni hanke",
        lead=w.p.company,
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2025, 12, 31),
    )
    from pipeline.models import FinancingLine

    FinancingLine.objects.create(project=other, source="ERDF", amount=Decimal("100000.00"))
    report.recompute()
    [flag] = _flags(w, FlagKind.CONCENTRATION)
    assert flag.evidence["percent"] == "80.0"


def test_dismiss_flag__needs_a_reason__is_audited_and_kept(w: OverlapWorld) -> None:
    [flag] = _flags(w, FlagKind.SAME_COST_ITEM)
    with pytest.raises(ValidationError):
        services.dismiss_flag(flag, user=w.coordinator, reason="")
    with pytest.raises(PermissionDenied):
        services.dismiss_flag(flag, user=w.steering, reason="Ei koske meitä")
    services.dismiss_flag(flag, user=w.coordinator, reason="Eri laitteet, tarkistettu laskuista.")
    report.recompute()
    flag.refresh_from_db()
    assert flag.status == FlagStatus.DISMISSED and flag.is_current
    assert AuditEntry.objects.filter(action="risk_flag.dismissed").count() == 1


def test_flags_page__coordinator_dismisses_with_reason(w: OverlapWorld) -> None:
    client = signed_in(w.coordinator)
    page = client.get(reverse("overlaps:flags"))
    assert page.status_code == 200
    [flag] = _flags(w, FlagKind.SAME_COST_ITEM)
    assert client.post(reverse("overlaps:flags"), {"flag": flag.pk, "reason": ""}).status_code == 400
    done = client.post(reverse("overlaps:flags"), {"flag": flag.pk, "reason": "Tarkistettu."})
    assert done.status_code == 302
    flag.refresh_from_db()
    assert flag.status == FlagStatus.DISMISSED


# --- exclusive groups for the optimiser -------------------------------------------------------------


def test_exclusive_groups__from_a_cluster_of_the_calls_proposals(w: OverlapWorld) -> None:
    call = Call.objects.create(
        agreement=w.agreement, title="Haku", opens_on=dt.date(2024, 1, 1), closes_on=dt.date(2024, 2, 1)
    )
    Proposal.objects.filter(pk__in=[w.a.pk, w.b.pk, w.u.pk]).update(
        call=call, status=ProposalStatus.SUBMITTED
    )
    w.c.summary = ""  # the funded project leaves the cluster's text, the two proposals stay linked
    w.c.name = "Muu hanke"
    w.c.save()
    w.b.refresh_from_db()
    w.b.summary = w.a.summary
    w.b.save()
    services.refresh()
    assert exclusive_groups_for_call(call.pk) == [sorted([w.a.pk, w.b.pk])]
    # the scenario form proposes the group and fills it in when the coordinator accepts it
    client = signed_in(w.coordinator)
    form = client.get(reverse("portfolio:scenario_create", args=[call.pk])).content.decode()
    assert f"{min(w.a.pk, w.b.pk)}, {max(w.a.pk, w.b.pk)}" in form
    text = f"{w.a.pk}, {w.b.pk}"
    filled = client.get(reverse("portfolio:scenario_create", args=[call.pk]), {"exclusive": text})
    assert f"{text}</textarea>" in filled.content.decode()
    cluster = cluster_of(w)
    services.review_cluster(cluster, user=w.coordinator, status="not_overlap", reason="Eri asiat.")
    assert exclusive_groups_for_call(call.pk) == []


# --- API and command ---------------------------------------------------------------------------------


def test_api_similar__as_the_page_shows_it(w: OverlapWorld) -> None:
    url = reverse("overlap-similar")
    coordinator = signed_in(w.coordinator).get(url, {"item": key_of(w.a)}).json()
    assert coordinator["full"] and key_of(w.b) in [r["key"] for r in coordinator["results"]]
    applicant = signed_in(w.university_applicant).get(url, {"item": key_of(w.a)}).json()
    assert not applicant["full"] and key_of(w.b) not in [r["key"] for r in applicant["results"]]
    assert signed_in(w.university_applicant).get(url, {"item": key_of(w.b)}).status_code == 404
    assert signed_in(w.coordinator).get(url, {"item": "nonsense"}).status_code == 400


def test_api_clusters_and_flags__only_for_the_coordination_team(w: OverlapWorld) -> None:
    for name in ("overlap-cluster-list", "risk-flag-list"):
        assert signed_in(w.coordinator).get(reverse(name)).json()["count"] >= 1
        assert signed_in(w.university_applicant).get(reverse(name)).json()["count"] == 0
        assert signed_in(w.steering).get(reverse(name)).json()["count"] == 0


def test_command__rebuild_report_and_pairs(w: OverlapWorld) -> None:
    out = io.StringIO()
    call_command("overlaps", "rebuild", stdout=out)
    assert "texts indexed" in out.getvalue()
    out = io.StringIO()
    call_command("overlaps", "pairs", "--threshold", "0.5", stdout=out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == ["key_a", "title_a", "key_b", "title_b", "score"]
    assert any({r[0], r[2]} == {key_of(w.a), key_of(w.c)} for r in rows[1:])
    assert all(float(r[4]) >= 0.5 for r in rows[1:])
    out = io.StringIO()
    call_command("overlaps", "report", "--agreement", w.agreement.slug, stdout=out)
    assert "cluster" in out.getvalue() and "flag" in out.getvalue()


def test_enqueue__many_saves_in_one_transaction__send_one_refresh(
    w: OverlapWorld, settings, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    sent: list[tuple[list[str], bool]] = []

    class Task:
        def enqueue(self, keys: list[str], everything: bool) -> None:
            sent.append((keys, everything))

    monkeypatch.setattr("overlaps.tasks.refresh_overlaps", Task())
    settings.SALKKU_OVERLAPS_ON_SAVE = True
    with django_capture_on_commit_callbacks(execute=True):
        w.a.save()
        w.u.save()
        w.c.save()
    assert sent == [(sorted([key_of(w.a), key_of(w.u), key_of(w.c)]), False)]


def test_lineage__a_project_and_the_proposal_and_idea_it_came_from__are_not_overlaps(w: OverlapWorld) -> None:
    from pipeline.models import Idea

    idea = Idea.objects.create(
        agreement=w.agreement,
        organisation=w.p.university,
        theme=w.p.themes["T1"],
        title=w.a.title,
        summary=w.a.summary,
        submitted_at=dt.datetime(2024, 5, 1, tzinfo=dt.UTC),
    )
    Proposal.objects.filter(pk=w.a.pk).update(idea=idea, status=ProposalStatus.FUNDED)
    w.c.proposal_id = w.a.pk
    w.c.save()
    services.refresh(everything=True)
    same_work = {key_of(idea), key_of(w.a), key_of(w.c)}
    for key in same_work:
        targets = set(SimilarItem.objects.filter(source_key=key).values_list("target_key", flat=True))
        assert not targets & (same_work - {key}), key
    assert key_of(w.b) in set(
        SimilarItem.objects.filter(source_key=key_of(w.c)).values_list("target_key", flat=True)
    )
