"""Issue 15, point 3: a long job runs once even when its task is delivered twice.

Several app servers and workers share one database. The task queue hands a job to one worker
(tests/test_ops_workers.py shows it with real processes on PostgreSQL), but a queue may deliver a task
again (a worker killed after the work and before the acknowledgement, an operator re-queueing by hand).
Each long job therefore claims its row with a conditional update (queued -> running) before working;
the second delivery finds nothing to claim and does nothing. These tests deliver the same job twice and
count how often the expensive part ran.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from audit.models import AuditEntry
from portfolio import services as portfolio_services
from portfolio.models import Scenario, ScenarioStatus
from portfolio.problems import RunOptions
from portfolio.results import RunSettings
from reports import services as report_services
from reports.models import AnnualReport, ReportStatus
from tests.test_portfolio_problems import World, w  # noqa: F401

pytestmark = pytest.mark.django_db


def _counting(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[int]:
    """Wrap module.name so that each call is counted; the real function still runs."""
    calls: list[int] = []
    real: Callable[..., Any] = getattr(module, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_annual_report__delivered_twice__built_once(w: World, monkeypatch: pytest.MonkeyPatch) -> None:
    # given a queued annual report (created, its task not yet run)
    report = report_services.create(w.p.agreement, dt.date(2025, 12, 31), "fi", "html", user=w.p.coordinator)
    assert report.status == ReportStatus.QUEUED
    built = _counting(monkeypatch, report_services, "annual_data")
    # when two workers run the same task one after the other
    report_services.execute(report.pk)
    report_services.execute(report.pk)
    # then the report was built once, stored as version 1, and audited once
    report.refresh_from_db()
    assert len(built) == 1
    assert (report.status, report.version) == (ReportStatus.DONE, 1)
    assert AnnualReport.objects.filter(agreement=w.p.agreement).count() == 1
    assert AuditEntry.objects.filter(action="annual_report.stored").count() == 1


def test_scenario_run__delivered_twice__solved_once(w: World, monkeypatch: pytest.MonkeyPatch) -> None:
    # given a queued optimiser run (its task not yet run: on-commit callbacks do not fire in this test)
    scenario = portfolio_services.create_from_call(
        w.call,
        user=w.p.coordinator,
        name="Kahdesti",
        options=RunOptions(),
        run=RunSettings(time_limit=10, next_best=1),
    )
    assert scenario.status == ScenarioStatus.QUEUED
    solved = _counting(monkeypatch, portfolio_services, "compute")
    # when the same task is delivered twice
    portfolio_services.execute(scenario.pk)
    first = Scenario.objects.get(pk=scenario.pk)
    portfolio_services.execute(scenario.pk)
    # then it was solved once and the second delivery left the finished result as it was
    scenario.refresh_from_db()
    assert len(solved) == 1
    assert scenario.status == ScenarioStatus.DONE and scenario.result
    assert (scenario.result, scenario.finished_at) == (first.result, first.finished_at)


def test_scenario_run__already_running__second_delivery_does_nothing(
    w: World,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given a run that another worker has claimed and is working on
    scenario = portfolio_services.create_from_call(
        w.call, user=w.p.coordinator, name="Käynnissä", options=RunOptions(), run=RunSettings(time_limit=10)
    )
    Scenario.objects.filter(pk=scenario.pk).update(status=ScenarioStatus.RUNNING, progress=40, stage="solve")
    solved = _counting(monkeypatch, portfolio_services, "compute")
    # when the task is delivered to a second worker
    portfolio_services.execute(scenario.pk)
    # then it does not start the work again nor touch the first worker's progress
    scenario.refresh_from_db()
    assert solved == []
    assert (scenario.status, scenario.progress, scenario.stage) == (ScenarioStatus.RUNNING, 40, "solve")
