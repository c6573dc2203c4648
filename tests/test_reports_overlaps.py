"""The annual report's appendix on overlaps: the overlap report's clusters and the double-funding risk flags,
with their review state and reasons, in the data (and its JSON), HTML, XLSX and PDF."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook

from overlaps import engine, services
from overlaps.models import ClusterStatus, FlagKind, OverlapCluster, RiskFlag
from overlaps.texts import key_of
from pipeline.models import Proposal, ProposalStatus
from reports.data import AnnualReportData, Section, annual_data, canonical_json
from reports.render import render
from tests.overlaps_world import OverlapWorld, build_overlap_world

pytestmark = pytest.mark.django_db

CLUSTER_REASON = "Sama hanke kahdesti: yhdistetään."
FLAG_REASON = "Eri laitteet, tarkistettu laskuista."


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    engine.forget()
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def w() -> OverlapWorld:
    world = build_overlap_world()
    services.rebuild()
    return world


def _today() -> dt.date:
    return timezone.localdate()


def _section(data: AnnualReportData, key: str) -> Section:
    return next(s for s in data.sections if s.key == key)


def _judge(w: OverlapWorld) -> tuple[OverlapCluster, RiskFlag]:
    [cluster] = [c for c in OverlapCluster.objects.filter(agreements=w.agreement) if key_of(w.a) in c.members]
    cluster = services.review_cluster(
        cluster, user=w.coordinator, status=ClusterStatus.OVERLAP, reason=CLUSTER_REASON
    )
    flag = RiskFlag.objects.get(agreement=w.agreement, kind=FlagKind.SAME_COST_ITEM)
    flag = services.dismiss_flag(flag, user=w.coordinator, reason=FLAG_REASON)
    return cluster, flag


def test_appendix__clusters_and_flags_with_their_review_state_and_reasons(w: OverlapWorld) -> None:
    # given a cluster judged a real overlap and a dismissed flag, with reasons
    _judge(w)
    # when the report is made as of today
    data = annual_data(w.agreement, _today(), "en")
    # then the clusters' table lists the cluster's members by title, its judgement, reason and date
    clusters = _section(data, "overlap_clusters").tables[0]
    [judged] = [r for r in clusters.rows if r[3] == CLUSTER_REASON]
    assert judged[2] == "Real overlap" and judged[4] == _today()
    assert w.a.title in str(judged[0]) and w.c.name in str(judged[0])
    assert w.u.title not in str(judged[0])
    # and the flags' table every flag of the agreement, the dismissed one with its reason
    flags = _section(data, "risk_flags").tables[0]
    assert len(flags.rows) == RiskFlag.objects.filter(agreement=w.agreement).count() >= 1
    [dismissed] = [r for r in flags.rows if r[3] == FLAG_REASON]
    assert dismissed[2] == "Dismissed" and dismissed[0] == "The same cost item in two budgets"
    # and the data export (canonical JSON) carries both
    text = canonical_json(data)
    assert CLUSTER_REASON in text and FLAG_REASON in text


def test_appendix__in_html_xlsx_and_pdf(w: OverlapWorld) -> None:
    _judge(w)
    data = annual_data(w.agreement, _today(), "fi")
    html = render(data, "html", version=1).decode()
    assert 'id="overlap_clusters"' in html and 'id="risk_flags"' in html
    assert CLUSTER_REASON in html and FLAG_REASON in html
    book = load_workbook(io.BytesIO(render(data, "xlsx", version=1)))
    cells = {str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value}
    assert CLUSTER_REASON in cells and FLAG_REASON in cells
    assert render(data, "pdf", version=1).startswith(b"%PDF")


def test_appendix__before_anything_was_found__says_so(w: OverlapWorld) -> None:
    # given clusters and flags found today, when the report is made as of a date before
    data = annual_data(w.agreement, _today() - dt.timedelta(days=1), "en")
    # then both parts are empty and say why
    for key in ("overlap_clusters", "risk_flags"):
        section = _section(data, key)
        assert not section.has_rows and section.empty


def test_appendix__other_agreements_proposals_are_not_named(w: OverlapWorld) -> None:
    # given a near-duplicate of the proposal submitted in another agreement
    from tests.factories import AgreementFactory, ThemeFactory

    other = AgreementFactory(period=w.agreement.period)
    twin = Proposal.objects.create(
        agreement=other,
        theme=ThemeFactory(agreement=other),
        title="Toisen seudun kaksoishanke",
        summary=w.a.summary,
        start_date=w.a.start_date,
        end_date=w.a.end_date,
        status=ProposalStatus.SUBMITTED,
    )
    services.rebuild()
    # when this agreement's report is made
    data = annual_data(w.agreement, _today(), "en")
    text = " ".join(str(r[0]) for r in _section(data, "overlap_clusters").tables[0].rows)
    # then the twin is in the cluster, by its kind only
    assert "a proposal of another agreement" in text
    assert twin.title not in text
