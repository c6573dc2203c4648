"""Writes of decision support: create a scenario from a call, derive one from another (re-run with the
current data, what-ifs, locks), run it (in a background task), and choose one as the basis of the
steering group's decision. Every change is audited; access is checked by the callers (views, API)
through ``can_view`` / ``can_run`` / ``can_choose``."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import can, require
from audit.services import Actor, audit_record
from cores.portfolio import (
    Criterion,
    Dependency,
    ExclusiveGroup,
    Problem,
    ProblemError,
    Rules,
    dump,
    parse,
)
from cores.portfolio.model import check
from pipeline.models import Call
from portfolio import changes, problems
from portfolio.changes import ChangeSpec
from portfolio.models import Scenario, ScenarioStatus
from portfolio.results import RunSettings, compute

log = logging.getLogger(__name__)


def can_view(user: User, agreement_id: int) -> bool:
    return bool(can(user, "scenario.read", agreement_id))


def can_run(user: User, agreement_id: int) -> bool:
    return bool(can(user, "scenario.run", agreement_id))


def can_choose(user: User, agreement_id: int) -> bool:
    """The coordinator records the steering group's choice; members may do it themselves."""
    return bool(can(user, "scenario.choose", agreement_id))


def _problem_error(exc: ProblemError) -> ValidationError:
    return ValidationError([f"{issue.path}: {issue.message}" for issue in exc.issues])


@transaction.atomic
def create_from_call(
    call: Call,
    *,
    user: User,
    name: str,
    options: problems.RunOptions,
    run: RunSettings,
    note: str = "",
    exclusive: Sequence[Sequence[str]] = (),
    requires: Sequence[tuple[str, Sequence[str]]] = (),
    name_parts: Sequence[Mapping[str, Any]] = (),
) -> Scenario:
    """A new scenario from the call's candidate proposals; queued to run once the transaction commits.

    ``exclusive``: groups of candidate ids of which at most one may be chosen (overlapping proposals);
    ``requires``: (B, [A, ...]) pairs: B only together with every A. Both name candidates by the ids the
    scenario shows (acronyms). ``name_parts``: when the system composed the name (portfolio.changes)."""
    require(user, "scenario.run", call.agreement_id)
    try:
        built = problems.build_problem(call, options)
    except ProblemError as exc:
        raise _problem_error(exc) from exc
    if not any(not c.funded for c in built.problem.candidates):
        raise ValidationError(_("The call has no proposals that can be chosen (submitted and scored)."))
    problem = with_groups(built.problem, exclusive, requires)
    scenario = Scenario.objects.create(
        agreement=call.agreement,
        call=call,
        name=name,
        name_parts=list(name_parts),
        note=note,
        options=problems.to_options_json(options),
        problem=dump(problem),
        proposal_ids=built.proposals,
        project_ids=built.projects,
        left_out=[[pk, reason] for pk, reason in built.left_out],
        run_settings=run.to_json(),
        created_by=user,
    )
    audit_record(actor=Actor(user), action="scenario.created", obj=scenario, after=scenario.audit_fields())
    enqueue(scenario)
    return scenario


def with_groups(
    problem: Problem, exclusive: Sequence[Sequence[str]], requires: Sequence[tuple[str, Sequence[str]]]
) -> Problem:
    """The problem with the steering group's exclusive groups and dependencies added (checked)."""
    if not exclusive and not requires:
        return problem
    rules = problem.rules
    groups = tuple(
        ExclusiveGroup(f"G{k}", tuple(members))
        for k, members in enumerate(exclusive, start=len(rules.exclusive) + 1)
    )
    deps = tuple(Dependency(project, tuple(needed)) for project, needed in requires)
    changed = problem.with_rules(
        dataclasses.replace(rules, exclusive=rules.exclusive + groups, requires=rules.requires + deps)
    )
    try:
        check(changed)
    except ProblemError as exc:
        raise _problem_error(exc) from exc
    return changed


# --- what-ifs on the frozen problem -----------------------------------------------------------------


def _with_frames(problem: Problem, factor: Fraction) -> Problem:
    frames = {
        key: (cents * factor.numerator) // factor.denominator for key, cents in problem.rules.frames.items()
    }
    return problem.with_rules(dataclasses.replace(problem.rules, frames=frames))


def _with_weights(problem: Problem, weights: Mapping[str, Fraction]) -> Problem:
    criteria = tuple(dataclasses.replace(c, weight=weights.get(c.id, Fraction(0))) for c in problem.criteria)
    return dataclasses.replace(problem, criteria=criteria)


def _with_lock(problem: Problem, candidate: str, lock: str) -> Problem:
    rules: Rules = problem.rules
    must_in = set(rules.must_in) - {candidate}
    must_out = set(rules.must_out) - {candidate}
    if lock == "in":
        must_in.add(candidate)
    elif lock == "out":
        must_out.add(candidate)
    return problem.with_rules(
        dataclasses.replace(rules, must_in=frozenset(must_in), must_out=frozenset(must_out))
    )


def what_if_frame(problem: Problem, percent: int) -> tuple[Problem, ChangeSpec]:
    if not -90 <= percent <= 100 or percent == 0:
        raise ValidationError(_("The change of the frame must be between −90 % and +100 %, and not zero."))
    return _with_frames(problem, Fraction(100 + percent, 100)), changes.frame(percent)


def what_if_weights(problem: Problem, weights: Mapping[str, Decimal]) -> tuple[Problem, ChangeSpec]:
    ids = {c.id for c in problem.criteria}
    unknown = set(weights) - ids
    if unknown:
        raise ValidationError(_("Unknown criteria: %(ids)s") % {"ids": ", ".join(sorted(unknown))})
    if any(w < 0 for w in weights.values()) or sum(weights.values(), Decimal(0)) <= 0:
        raise ValidationError(_("Weights cannot be negative and must not all be zero."))
    exact = {k: Fraction(v) for k, v in weights.items()}
    named = [(c.id, c.name, Decimal(weights.get(c.id, 0))) for c in problem.criteria]
    return _with_weights(problem, exact), changes.weights(named)


def what_if_lock(problem: Problem, candidate: str, lock: str) -> tuple[Problem, ChangeSpec]:
    if candidate not in {c.id for c in problem.candidates}:
        raise ValidationError(_("Unknown proposal %(id)s.") % {"id": candidate})
    if lock not in ("in", "out", "free"):
        raise ValidationError(_("A lock is in, out or free."))
    return _with_lock(problem, candidate, lock), changes.lock(candidate, lock)


@transaction.atomic
def derive(
    scenario: Scenario, *, user: User, make: Callable[[Problem], tuple[Problem, ChangeSpec]]
) -> Scenario:
    """A new scenario from ``scenario``'s problem changed by ``make``; queued to run."""
    require(user, "scenario.run", scenario.agreement_id)
    problem, change = make(parse(scenario.problem))
    return _child(scenario, user=user, problem=problem, change=change, options=scenario.options)


@transaction.atomic
def rerun(scenario: Scenario, *, user: User) -> Scenario:
    """The same options applied to the call's current proposals, scores and frames."""
    require(user, "scenario.run", scenario.agreement_id)
    if scenario.call is None:
        return derive(scenario, user=user, make=lambda p: (p, changes.rerun(current_data=False)))
    options = problems.from_options_json(scenario.options)
    try:
        built = problems.build_problem(scenario.call, options)
    except ProblemError as exc:
        raise _problem_error(exc) from exc
    # Locks, exclusive groups and dependencies made since the original run carry over (for the
    # proposals that are still candidates).
    old = parse(scenario.problem).rules
    rules = built.problem.rules
    ids = {c.id for c in built.problem.candidates}
    groups = tuple(
        dataclasses.replace(g, members=tuple(m for m in g.members if m in ids))
        for g in old.exclusive
        if sum(m in ids for m in g.members) >= 2
    )
    deps = tuple(d for d in old.requires if d.project in ids and all(r in ids for r in d.requires))
    problem = built.problem.with_rules(
        dataclasses.replace(
            rules,
            must_in=frozenset(rules.must_in | (old.must_in & ids)),
            must_out=frozenset(rules.must_out | (old.must_out & ids)),
            exclusive=groups,
            requires=deps,
        )
    )
    child = _child(
        scenario,
        user=user,
        problem=problem,
        change=changes.rerun(current_data=True),
        options=scenario.options,
    )
    child.proposal_ids, child.project_ids = built.proposals, built.projects
    child.left_out = [[pk, reason] for pk, reason in built.left_out]
    child.save(update_fields=["proposal_ids", "project_ids", "left_out"])
    return child


def _child(
    scenario: Scenario, *, user: User, problem: Problem, change: ChangeSpec, options: dict[str, Any]
) -> Scenario:
    """The what-if: its change and its name (the parent's and the change) are stored as parts, worded in
    the reader's language where shown; the wording of the language it was made in stays as the fallback."""
    parts = [*(scenario.name_parts or [{"text": scenario.name}]), change]
    text = changes.change_text(change)
    try:
        check(problem)
    except ProblemError as exc:
        raise _problem_error(exc) from exc
    child = Scenario.objects.create(
        agreement=scenario.agreement,
        call=scenario.call,
        name=changes.name_text(parts)[:200],
        name_parts=parts,
        parent=scenario,
        change=text[:300],
        change_spec=change,
        options=options,
        problem=dump(problem),
        proposal_ids=scenario.proposal_ids,
        project_ids=scenario.project_ids,
        left_out=scenario.left_out,
        run_settings=scenario.run_settings,
        created_by=user,
    )
    audit_record(
        actor=Actor(user),
        action="scenario.created",
        obj=child,
        after=child.audit_fields(),
        note=_("from scenario %(pk)s: %(change)s") % {"pk": scenario.pk, "change": text},
    )
    enqueue(child)
    return child


# --- running -----------------------------------------------------------------------------------------


def enqueue(scenario: Scenario) -> None:
    """Send the run to the task queue once the surrounding transaction has committed."""
    from portfolio.tasks import run_scenario

    pk = scenario.pk

    def send() -> None:
        result = run_scenario.enqueue(pk)
        Scenario.objects.filter(pk=pk, task_id="").update(task_id=str(result.id)[:64])

    transaction.on_commit(send)


def execute(pk: int) -> None:
    """Run one scenario (the body of the background task). Progress is written as it goes."""
    claimed = Scenario.objects.filter(pk=pk, status=ScenarioStatus.QUEUED).update(
        status=ScenarioStatus.RUNNING, started_at=timezone.now(), progress=1, stage="start"
    )
    if not claimed:
        return  # already run (a task delivered twice) or gone

    def progress(pct: int, stage: str) -> None:
        Scenario.objects.filter(pk=pk).update(progress=min(pct, 100), stage=stage)

    scenario = Scenario.objects.get(pk=pk)
    try:
        result = compute(parse(scenario.problem), RunSettings.from_json(scenario.run_settings), progress)
    except Exception as exc:  # the run failed: say so on the scenario instead of leaving it "running"
        log.exception("scenario %s failed", pk)
        Scenario.objects.filter(pk=pk).update(
            status=ScenarioStatus.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
        return
    Scenario.objects.filter(pk=pk).update(
        status=ScenarioStatus.DONE, result=result, progress=100, stage="done", finished_at=timezone.now()
    )


# --- the decision basis ------------------------------------------------------------------------------


@transaction.atomic
def choose(scenario: Scenario, *, user: User) -> Scenario:
    """Mark the scenario as the basis of the steering group's decision on its call (one per call)."""
    require(user, "scenario.choose", scenario.agreement_id)
    scenario = Scenario.objects.select_for_update().get(pk=scenario.pk)
    if scenario.status != ScenarioStatus.DONE or not (scenario.result or {}).get("selected"):
        raise ValidationError(_("Only a finished scenario with a portfolio can be the basis of a decision."))
    if scenario.is_decision_basis:
        return scenario
    previous = Scenario.objects.select_for_update().filter(call=scenario.call, is_decision_basis=True)
    for old in previous:
        before = old.audit_fields()
        old.is_decision_basis = False
        old.save(update_fields=["is_decision_basis"])
        audit_record(
            actor=Actor(user), action="scenario.unchosen", obj=old, before=before, after=old.audit_fields()
        )
    before = scenario.audit_fields()
    scenario.is_decision_basis = True
    scenario.chosen_by = user
    scenario.chosen_at = timezone.now()
    scenario.save(update_fields=["is_decision_basis", "chosen_by", "chosen_at"])
    audit_record(
        actor=Actor(user),
        action="scenario.chosen",
        obj=scenario,
        before=before,
        after={
            **scenario.audit_fields(),
            "selected": scenario.selected_ids(),
            "score": (scenario.result or {}).get("score"),
        },
    )
    return scenario


def criteria_of(scenario: Scenario) -> list[Criterion]:
    return list(parse(scenario.problem).criteria)
