"""Issue 15, point 6: any sequence of payment-claim operations keeps the money reconciling.

A hypothesis state machine files, approves and pays claims (valid and invalid amounts alike) on a funded
project and checks after every step that the app accepted exactly what the rules allow (an independent
model of them here), and that the totals per fund reconcile: budget = committed + remaining, paid <=
approved <= claimed, nothing over the budget, one audit entry per accepted operation, the chain intact.
A second machine (``DecisionsMachine``) adds funding decisions and change requests to the approved plan
and files, approves and pays claims on the decided projects. The app has no separate "correction"
operation: a claim is corrected by approving less than was claimed, which both machines do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from accounts.models import Role
from audit import chain
from audit.models import AuditEntry
from cores.money import quantize
from pipeline.models import FinancingLine, Proposal, ProposalStatus
from progress import services
from progress.models import PaymentClaim
from projects.models import ChangeRequest, ChangeRequestStatus, Project
from projects.services import change_request_create, change_request_decide, funding_decision_record
from tests.factories import UserFactory
from tests.pages_data import add_funded_projects, build_agreement
from tests.review_scenario import build_scenario

pytestmark = pytest.mark.django_db
BUDGET = {"ERDF": Decimal("77000.00"), "STATE": Decimal("38500.00")}
amounts = st.decimals(min_value=Decimal("-10"), max_value=Decimal("90000"), places=2)
fractions = st.sampled_from([Decimal(0), Decimal("0.5"), Decimal("0.999"), Decimal(1), Decimal("1.01")])


@dataclass
class Expected:
    fund: str
    claimed: Decimal
    approved: Decimal | None = None
    paid: Decimal | None = None


class ClaimsMachine(RuleBasedStateMachine):
    claims = Bundle("claims")

    def __init__(self) -> None:
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()  # each run in its own savepoint, rolled back in teardown
        world = build_agreement()
        self.project = add_funded_projects(world, 1)[0]
        self.implementer = UserFactory.applicant(world.cities[0], world.agreement)
        self.authority = UserFactory.with_role(
            Role.FUNDING_AUTHORITY, agreement=world.agreement, organisation=world.authority
        )
        self.periods = [(p.start, p.end) for p in services.project_periods(self.project)]
        self.expected: dict[int, Expected] = {}
        self.accepted = 0
        self.audit_before = AuditEntry.objects.count()

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def _committed(self, fund: str) -> Decimal:
        return sum(
            (
                e.approved if e.approved is not None else e.claimed
                for e in self.expected.values()
                if e.fund == fund
            ),
            Decimal(0),
        )

    @rule(target=claims, fund=st.sampled_from(["ERDF", "STATE"]), period=st.integers(0, 3), amount=amounts)
    def file(self, fund: str, period: int, amount: Decimal) -> int:
        start, end = self.periods[period % len(self.periods)]
        taken = PaymentClaim.objects.filter(project=self.project, fund=fund, period_start=start).exists()
        allowed = not taken and amount > 0 and amount <= BUDGET[fund] - self._committed(fund)
        try:
            claim = services.claim_file(
                project=self.project,
                fund=fund,
                period_start=start,
                period_end=end,
                claimed=amount,
                actor=self.implementer,
            )
        except ValidationError:
            assert not allowed, f"a valid claim of {amount} {fund} was refused"
            return -1
        assert allowed, f"an invalid claim of {amount} {fund} was accepted"
        self.expected[claim.pk] = Expected(fund, quantize(amount))
        self.accepted += 1
        return claim.pk

    @rule(
        target=claims,
        fund=st.sampled_from(["ERDF", "STATE"]),
        period=st.integers(0, 3),
        # mostly within a euro of the edge: a limit off by a cent or a euro shows at once
        delta=st.sampled_from(
            [Decimal("-0.01"), Decimal(0), Decimal("0.01"), Decimal("0.99"), Decimal("999")]
        ),
    )
    def file_at_the_edge(self, fund: str, period: int, delta: Decimal) -> int:
        """A claim of what remains of the fund, a cent or more either side."""
        return self.file(fund, period, BUDGET[fund] - self._committed(fund) + delta)

    @rule(pk=claims, fraction=fractions)
    def approve(self, pk: int, fraction: Decimal) -> None:
        if pk < 0:
            return
        e = self.expected[pk]
        amount = quantize(e.claimed * fraction)
        allowed = e.approved is None and amount <= e.claimed
        try:
            services.claim_approve(
                claim=PaymentClaim.objects.get(pk=pk),
                approved=amount,
                actor=self.authority,
                reason="Osa kuluista ei tukikelpoisia",
            )
        except ValidationError:
            assert not allowed
            return
        assert allowed
        e.approved = amount
        self.accepted += 1

    @rule(pk=claims, fraction=fractions)
    def pay(self, pk: int, fraction: Decimal) -> None:
        if pk < 0:
            return
        e = self.expected[pk]
        amount = quantize((e.approved or Decimal(0)) * fraction)
        allowed = e.approved is not None and e.paid is None and amount <= e.approved
        try:
            services.claim_pay(
                claim=PaymentClaim.objects.get(pk=pk),
                paid=amount,
                paid_on=dt.date(2025, 6, 1),
                actor=self.authority,
                reason="Takaisinperintä kuitattu",
            )
        except ValidationError:
            assert not allowed
            return
        assert allowed
        e.paid = amount
        self.accepted += 1

    @invariant()
    def totals_reconcile(self) -> None:
        for row in services.claim_totals(self.project):
            mine = [e for e in self.expected.values() if e.fund == row.fund]
            assert row.budget == BUDGET[row.fund]
            assert row.claimed == sum((e.claimed for e in mine), Decimal(0))
            assert row.approved == sum((e.approved or Decimal(0) for e in mine), Decimal(0))
            assert row.paid == sum((e.paid or Decimal(0) for e in mine), Decimal(0))
            assert row.committed == self._committed(row.fund) <= row.budget
            assert row.remaining == services.remaining_of(self.project, row.fund) >= 0
            assert row.paid <= row.approved <= row.claimed
        for claim in PaymentClaim.objects.filter(project=self.project):
            assert claim.paid is None or claim.paid <= (claim.approved or Decimal(0))

    @invariant()
    def every_accepted_operation_audited_once(self) -> None:
        assert AuditEntry.objects.count() - self.audit_before == self.accepted


def test_payment_claims__any_sequence__totals_reconcile_and_audit_matches() -> None:
    run_state_machine_as_test(
        ClaimsMachine,
        settings=settings(
            max_examples=6,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
    assert chain.verify(AuditEntry).ok


# --- funding decisions, change requests and claims in one machine -----------------------------------------

Cell = tuple[int, str]
CUTS = [Decimal("-0.01"), Decimal(0), Decimal("7000"), Decimal("20000"), Decimal("20001")]


@dataclass
class Plan:
    """The model's approved plan of one decided project."""

    project: int
    cells: dict[Cell, Decimal]
    financing: dict[str, Decimal]
    end: dt.date
    pending: tuple[dict[Cell, Decimal], dt.date] | None = None


class DecisionsMachine(RuleBasedStateMachine):
    """Funding decisions (granting less ERDF, covered by own financing, by a smaller budget, or not at
    all), change requests to the approved plan (budget moves, extensions, ones that would unbalance it),
    their approval or rejection, and payment claims on the decided projects, in any order. A small model
    of the co-financing rule (financing equals eligible costs; public and per-fund shares at most, own
    share at least, the agreement's figures) says what the app must accept; after every step each
    project's plan is the model's, still balances, and its claims reconcile with what was granted."""

    def __init__(self) -> None:
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        s = build_scenario(proposals=2, status=ProposalStatus.PRESENTED)
        self.s = s
        self.proposals = list(s.p.proposals)
        first = self.proposals[0]
        self.rate = first.indirect_rate
        self.applied_cells = {(b.year, b.category): b.amount for b in first.budget_lines.all()}
        self.applied = {f.source: f.amount for f in first.financing_lines.all()}
        rule = s.p.agreement.cofinancing_rule()
        self.max_public, self.min_own, self.fund_caps = (
            rule.max_public_share,
            rule.min_own_share,
            rule.fund_max_share,
        )
        self.last_date = s.p.agreement.period.last_eligible_date
        self.plans: dict[int, Plan] = {}  # by proposal index
        self.claims: dict[int, tuple[int, Expected]] = {}  # claim pk -> (proposal index, expected)
        self.actions: dict[str, int] = {}
        self.audit_count = AuditEntry.objects.count()

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # the model

    def balances(self, cells: dict[Cell, Decimal], financing: dict[str, Decimal]) -> bool:
        personnel = sum((a for (_, c), a in cells.items() if c == "personnel"), Decimal(0))
        eligible = personnel * (1 + self.rate) + sum(
            (a for (_, c), a in cells.items() if c != "personnel"), Decimal(0)
        )
        public = sum((a for f, a in financing.items() if f in {"ERDF", "ESF+", "JTF", "STATE"}), Decimal(0))
        own = sum((a for f, a in financing.items() if f not in {"ERDF", "ESF+", "JTF", "STATE"}), Decimal(0))
        return (
            eligible > 0
            and public + own == eligible
            and public <= eligible * self.max_public
            and own >= eligible * self.min_own
            and all(financing.get(f, Decimal(0)) <= eligible * cap for f, cap in self.fund_caps.items())
        )

    def _expect(self, allowed: bool, action: str, count: int = 1) -> None:
        """A refused operation writes nothing, audit included; an accepted one its entries."""
        now = AuditEntry.objects.count()
        if allowed:
            self.actions[action] = self.actions.get(action, 0) + count
            assert now > self.audit_count, f"{action} accepted without an audit entry"
        else:
            assert now == self.audit_count, f"a refused {action} left {now - self.audit_count} audit entries"
        self.audit_count = now

    # the rules

    @rule(i=st.integers(0, 1), cut=st.sampled_from(CUTS), cover=st.sampled_from(["none", "own", "budget"]))
    def decide(self, i: int, cut: Decimal, cover: str) -> None:
        proposal = Proposal.objects.get(pk=self.proposals[i].pk)
        own_line = proposal.financing_lines.get(source="OWN")
        granted = {"ERDF": self.applied["ERDF"] - cut, "STATE": self.applied["STATE"]}
        cells, financing = dict(self.applied_cells), {**self.applied, **granted}
        own = budget = None
        if cover == "own":
            own = {own_line.pk: self.applied["OWN"] + cut}
            financing["OWN"] = self.applied["OWN"] + cut
        elif cover == "budget":
            budget = {(2025, "services"): self.applied_cells[(2025, "services")] - cut}
            cells[(2025, "services")] -= cut
        allowed = (
            i not in self.plans
            and cut >= 0
            and all(a >= 0 for a in [*cells.values(), *financing.values()])
            and self.balances({k: v for k, v in cells.items() if v > 0}, financing)
        )
        try:
            project = funding_decision_record(
                proposal=proposal,
                decided_on=dt.date(2025, 3, 3),
                eura_code=f"A8{i}{len(self.plans)}77",
                granted=granted,
                budget=budget,
                own_financing=own,
                actor=self.s.officer,
            )
        except ValidationError:
            self._expect(False, "funding_decision.recorded")
            return
        self._expect(allowed, "funding_decision.recorded", 2)
        assert allowed, f"a decision cutting {cut} covered by {cover} was accepted"
        self.plans[i] = Plan(
            project.pk,
            {k: v for k, v in cells.items() if v > 0},
            {k: v for k, v in financing.items() if v > 0},
            project.end_date,
        )

    @rule(
        i=st.integers(0, 1),
        move=st.sampled_from(
            [
                "services_next_year",
                "services_2027",
                "services_2027_extended",
                "to_personnel",
                "extend",
                "nothing",
            ]
        ),
        amount=st.sampled_from([Decimal("5000"), Decimal("20000")]),
    )
    def request_change(self, i: int, move: str, amount: Decimal) -> None:
        plan = self.plans.get(i)
        if plan is None:
            return
        project = Project.objects.get(pk=plan.project)
        cells = dict(plan.cells)
        have = cells.get((2025, "services"), Decimal(0))
        amount = min(amount, have)
        end: dt.date | None = None
        if move in {"services_next_year", "services_2027", "services_2027_extended"}:
            year = 2026 if move == "services_next_year" else 2027
            cells[(2025, "services")] = have - amount
            cells[(year, "services")] = cells.get((year, "services"), Decimal(0)) + amount
        elif move == "to_personnel":
            cells[(2025, "services")] = have - amount
            cells[(2025, "personnel")] = cells.get((2025, "personnel"), Decimal(0)) + amount
        if move in {"extend", "services_2027_extended"}:
            end = dt.date(2027, 6, 30)
        new_end = end or plan.end
        after = {k: v for k, v in cells.items() if v > 0}
        allowed = (
            plan.pending is None
            and (after != plan.cells or new_end != plan.end)
            and (end is None or plan.end < end <= self.last_date)
            and all(project.start_date.year <= y <= new_end.year for (y, _) in after)
            and self.balances(after, plan.financing)
        )
        budget = cells if move not in {"extend", "nothing"} else None
        try:
            change_request_create(
                project=project,
                reason="Aikataulu muuttui",
                budget=budget,
                end_date=end,
                actor=self.s.applicant,
            )
        except ValidationError:
            self._expect(False, "change_request.created")
            assert not allowed, f"a valid change request ({move}, {amount}) was refused"
            return
        self._expect(allowed, "change_request.created")
        assert allowed, f"an invalid change request ({move}, {amount}) was accepted"
        plan.pending = (after, new_end)

    @rule(i=st.integers(0, 1), approve=st.booleans(), note=st.sampled_from(["", "Perusteltu"]))
    def decide_change(self, i: int, approve: bool, note: str) -> None:
        plan = self.plans.get(i)
        if plan is None:
            return
        request = ChangeRequest.objects.filter(project_id=plan.project).order_by("-pk").first()
        if request is None:
            return
        allowed = plan.pending is not None and (approve or bool(note))
        action = "change_request.approved" if approve else "change_request.rejected"
        try:
            change_request_decide(request=request, approve=approve, note=note, actor=self.s.officer)
        except ValidationError:
            self._expect(False, action)
            assert not allowed
            return
        self._expect(allowed, action)
        assert allowed
        if approve and plan.pending is not None:
            plan.cells, plan.end = plan.pending
        plan.pending = None

    @rule(
        i=st.integers(0, 1),
        fund=st.sampled_from(["ERDF", "STATE"]),
        period=st.integers(0, 5),
        fraction=fractions,
    )
    def claim(self, i: int, fund: str, period: int, fraction: Decimal) -> None:
        """Claim a share of what the fund has left (more than all of it is refused)."""
        plan = self.plans.get(i)
        if plan is None:
            return
        project = Project.objects.get(pk=plan.project)
        periods = services.project_periods(project)
        start, end = periods[period % len(periods)].start, periods[period % len(periods)].end
        committed = sum(
            (
                e.approved if e.approved is not None else e.claimed
                for j, e in self.claims.values()
                if j == i and e.fund == fund
            ),
            Decimal(0),
        )
        left = plan.financing.get(fund, Decimal(0)) - committed
        amount = quantize(left * fraction)
        taken = PaymentClaim.objects.filter(project=project, fund=fund, period_start=start).exists()
        allowed = not taken and amount > 0 and amount <= left
        try:
            made = services.claim_file(
                project=project,
                fund=fund,
                period_start=start,
                period_end=end,
                claimed=amount,
                actor=self.s.applicant,
            )
        except ValidationError:
            self._expect(False, "payment_claim.filed")
            assert not allowed, f"a valid claim of {amount} {fund} was refused"
            return
        self._expect(allowed, "payment_claim.filed")
        assert allowed, f"an invalid claim of {amount} {fund} (left {left}) was accepted"
        self.claims[made.pk] = (i, Expected(fund, amount))

    @rule(
        fraction=fractions, pay=st.booleans(), reason=st.sampled_from(["", "Osa kuluista ei tukikelpoisia"])
    )
    def settle(self, fraction: Decimal, pay: bool, reason: str) -> None:
        """Approve a share of the oldest undecided claim, or pay a share of the oldest approved one: more
        than claimed (approved) is refused, and so is less without a reason."""
        for pk, (_, e) in sorted(self.claims.items()):
            claim = PaymentClaim.objects.get(pk=pk)
            if not pay and e.approved is None:
                amount = quantize(e.claimed * fraction)
                allowed = amount <= e.claimed and (amount == e.claimed or bool(reason))
                try:
                    services.claim_approve(claim=claim, approved=amount, actor=self.s.officer, reason=reason)
                except ValidationError:
                    self._expect(False, "payment_claim.approved")
                    assert not allowed, f"approving {amount} of {e.claimed} (reason {reason!r}) was refused"
                    return
                self._expect(True, "payment_claim.approved")
                assert allowed, f"approving {amount} of {e.claimed} (reason {reason!r}) was accepted"
                e.approved = amount
                return
            if pay and e.approved is not None and e.paid is None:
                amount = quantize(e.approved * fraction)
                allowed = amount <= e.approved and (amount == e.approved or bool(reason))
                try:
                    services.claim_pay(
                        claim=claim,
                        paid=amount,
                        paid_on=dt.date(2025, 6, 1),
                        actor=self.s.officer,
                        reason=reason,
                    )
                except ValidationError:
                    self._expect(False, "payment_claim.paid")
                    assert not allowed, f"paying {amount} of {e.approved} (reason {reason!r}) was refused"
                    return
                self._expect(True, "payment_claim.paid")
                assert allowed, f"paying {amount} of {e.approved} (reason {reason!r}) was accepted"
                e.paid = amount
                return

    # after every step

    @invariant()
    def plans_are_the_models_and_balance(self) -> None:
        for plan in self.plans.values():
            project = Project.objects.get(pk=plan.project)
            cells = {(b.year, b.category): b.amount for b in project.budget_lines.all()}
            financing = {f.source: f.amount for f in project.financing_lines.all()}
            assert cells == plan.cells
            assert financing == plan.financing
            assert project.end_date == plan.end
            assert self.balances(cells, financing), "an approved plan no longer balances"
            pending = ChangeRequest.objects.filter(
                project=project, status=ChangeRequestStatus.PENDING
            ).count()
            assert pending == (1 if plan.pending else 0)

    @invariant()
    def claims_reconcile_with_what_was_granted(self) -> None:
        for i, plan in self.plans.items():
            project = Project.objects.get(pk=plan.project)
            for row in services.claim_totals(project):
                mine = [e for j, e in self.claims.values() if j == i and e.fund == row.fund]
                assert row.budget == plan.financing.get(row.fund, Decimal(0))
                assert row.claimed == sum((e.claimed for e in mine), Decimal(0))
                assert row.approved == sum((e.approved or Decimal(0) for e in mine), Decimal(0))
                assert row.paid == sum((e.paid or Decimal(0) for e in mine), Decimal(0))
                assert row.paid <= row.approved <= row.claimed and row.committed <= row.budget
                assert row.remaining == row.budget - row.committed >= 0
        granted = {
            f: sum((p.financing.get(f, Decimal(0)) for p in self.plans.values()), Decimal(0))
            for f in ("ERDF", "STATE")
        }
        for fund, amount in granted.items():
            lines = FinancingLine.objects.filter(
                project__in=[p.project for p in self.plans.values()], source=fund
            )
            assert sum((x.amount for x in lines), Decimal(0)) == amount

    @invariant()
    def audit_counts_match_the_accepted_operations(self) -> None:
        for action, count in self.actions.items():
            assert AuditEntry.objects.filter(action=action).count() == count, action


def test_decisions_change_requests_and_claims__any_sequence__plans_balance_and_totals_reconcile() -> None:
    run_state_machine_as_test(
        DecisionsMachine,
        settings=settings(
            max_examples=5,
            stateful_step_count=15,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
    assert chain.verify(AuditEntry).ok
