"""Issue 15, point 6: any sequence of payment-claim operations keeps the money reconciling.

A hypothesis state machine files, approves and pays claims (valid and invalid amounts alike) on a funded
project and checks after every step that the app accepted exactly what the rules allow (an independent
model of them here), and that the totals per fund reconcile: budget = committed + remaining, paid <=
approved <= claimed, nothing over the budget, one audit entry per accepted operation, the chain intact.
Not yet covered: funding decisions and change requests in the same machine.
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
from progress import services
from progress.models import PaymentClaim
from tests.factories import UserFactory
from tests.pages_data import add_funded_projects, build_agreement

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
        delta=st.sampled_from(
            [Decimal("-1.00"), Decimal("-0.01"), Decimal(0), Decimal("0.01"), Decimal("999")]
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
