"""``salkku demo-data``: the deterministic demo portfolio of the capital region, and the demo users."""

from __future__ import annotations

from argparse import ArgumentParser, RawDescriptionHelpFormatter
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import translation

from audit.services import Actor
from cores.money import format_eur, format_percent
from demo.models import DemoDataset
from demo.plan import DEFAULT_SEED, DEMO_TODAY, DemoPlanError
from demo.progress import progress_summary
from demo.services import (
    DEMO_AGREEMENT_SLUG,
    DemoDataError,
    DemoSummary,
    demo_data_create,
    demo_data_reset,
    demo_scenario_create,
)
from demo.users import DemoUserRow, demo_users_ensure
from programme.models import Agreement

HELP = f"""\
Create the demo portfolio of the capital region's agreement: real organisations of the region and
generated companies, about 160 ideas, 90 proposals and 40 funded projects over 2021–2027 with budgets
and financing plans that obey every rule, reviews with scores by the demo reviewers, a few deliberate
near-duplicates, one demo user for each role (printed with their passwords), and a finished
optimisation scenario of the latest call, whose proposals await the steering group's choice.

Deterministic: the same --seed gives the same portfolio; "today" of the demo is {DEMO_TODAY:%d.%m.%Y}.
Demo mode only: refuses to run with production settings (SALKKU_MODE=production).

  salkku demo-data               create it (loads the agreement first if it is missing)
  salkku demo-data --reset       remove the demo content and create it again
  salkku demo-data --seed 7      another, equally valid portfolio
  salkku demo-data --users       only create or update the demo users, and print them

A second run without --reset changes nothing and says so.
"""


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = RawDescriptionHelpFormatter
        return parser

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help=f"the random seed (default {DEFAULT_SEED})"
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="remove the demo content created earlier, then create it again",
        )
        parser.add_argument(
            "--users", action="store_true", help="only create or update the demo users and print them"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override("en"):  # operator output in English, like the other commands
            self._handle(**options)

    def _handle(self, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError(
                "demo data and demo users are for demo mode only (SALKKU_MODE=demo or test); "
                "refusing to run with production settings"
            )
        actor = Actor(label="salkku demo-data")
        try:
            agreement = self._agreement(actor)
            if options["users"]:
                self._print_users(demo_users_ensure(agreement=agreement, actor=actor))
                return
            existing = DemoDataset.objects.filter(agreement=agreement).first()
            if existing is not None and not options["reset"]:
                self.stdout.write(
                    self.style.WARNING(
                        f"demo data already present (seed {existing.seed}); nothing was changed. "
                        "Use --reset to remove it and generate it again."
                    )
                )
                return
            with transaction.atomic():
                if existing is not None:
                    removed = demo_data_reset(agreement=agreement, actor=actor)
                    self.stdout.write(
                        "Removed the earlier demo content: "
                        + ", ".join(f"{count} {what}" for what, count in removed.items() if count)
                    )
                summary = demo_data_create(agreement=agreement, seed=options["seed"], actor=actor)
                scenario = demo_scenario_create(agreement=agreement)
        except (DemoDataError, DemoPlanError, ImproperlyConfigured) as error:
            raise CommandError(str(error)) from error
        self._print_summary(agreement, summary)
        if scenario is not None:
            self._run_scenario(scenario.pk)
        self._print_users(summary.users)

    def _run_scenario(self, pk: int) -> None:
        """Run the decision call's scenario now, after the commit (a worker finds it already done)."""
        from portfolio.models import Scenario
        from portfolio.services import execute

        execute(pk)
        scenario = Scenario.objects.get(pk=pk)
        if scenario.feasible:
            chosen = len(scenario.selected_ids())
            offered = len(scenario.proposal_ids)
            outcome = f"{chosen} of {offered} scored proposals chosen"
        else:
            outcome = scenario.get_status_display() + (f": {scenario.error}" if scenario.error else "")
        self.stdout.write(f"  decision support  scenario “{scenario.name}”: {outcome}")
        if scenario.feasible:
            self._run_what_if(scenario)

    def _run_what_if(self, scenario: Any) -> None:
        """A what-if beside it (every annual frame −10 %), run now, so that a visitor can compare two options."""
        from demo.services import demo_what_if_create
        from portfolio.models import Scenario
        from portfolio.services import execute

        child = demo_what_if_create(scenario)
        execute(child.pk)
        child = Scenario.objects.get(pk=child.pk)
        outcome = f"{len(child.selected_ids())} chosen" if child.feasible else child.get_status_display()
        self.stdout.write(f"  decision support  what-if “{child.name}”: {outcome}")
        self.stdout.write("")

    def _agreement(self, actor: Actor) -> Agreement:
        agreement = Agreement.objects.filter(slug=DEMO_AGREEMENT_SLUG).first()
        if agreement is not None:
            return agreement
        from programme.services import agreement_load  # loaded only when the agreement is missing

        self.stdout.write(f"Loading the agreement {DEMO_AGREEMENT_SLUG!r} first ...")
        try:
            agreement_load(slug=DEMO_AGREEMENT_SLUG, actor=actor)
        except Exception as error:  # the loader's own errors name the file, key and reason
            raise CommandError(f"could not load the agreement {DEMO_AGREEMENT_SLUG!r}: {error}") from error
        return Agreement.objects.get(slug=DEMO_AGREEMENT_SLUG)

    def _print_summary(self, agreement: Agreement, s: DemoSummary) -> None:
        def counts(values: dict[str, int]) -> str:
            return ", ".join(f"{status} {n}" for status, n in sorted(values.items(), key=lambda kv: -kv[1]))

        out = self.stdout
        out.write(
            self.style.SUCCESS(
                f"Demo portfolio of {agreement.name_fi} (seed {s.seed}, demo date {DEMO_TODAY:%d.%m.%Y})"
            )
        )
        rows = [
            (
                "organisations",
                f"{s.organisations_real} real (the cities included), "
                f"{s.organisations_generated} generated companies",
            ),
            ("contact persons", str(s.persons)),
            ("test environments", str(s.test_environments)),
            ("calls for ideas", str(s.calls)),
            ("ideas", f"{s.idea_total}  ({counts(s.ideas)})"),
            ("proposals", f"{s.proposal_total}  ({counts(s.proposals)})"),
            ("funded projects", f"{s.project_total}  ({counts(s.projects)})"),
            ("reviews", f"{s.review_total}  ({counts(s.reviews)}), {s.scores} scores"),
            ("committed", ", ".join(f"{fund} {format_eur(amount)}" for fund, amount in s.committed.items())),
            ("eligible costs", f"{format_eur(s.eligible_costs_funded)} in the funded projects"),
            ("near-duplicates", f"{len(s.near_duplicates)} planted pairs for the overlap detection"),
            *self._progress_rows(agreement),
        ]
        width = max(len(label) for label, _ in rows)
        for label, value in rows:
            out.write(f"  {label.ljust(width)}  {value}")
        out.write("")
        out.write("  year  frame (EU + state)   committed            used")
        for year, frame, committed in s.by_year:
            used = format_percent(committed / frame, places=0) if frame else "–"
            out.write(
                f"  {year}  {format_eur(frame, decimals=False):>18}  {format_eur(committed):>18}  {used:>5}"
            )
        out.write("")

    def _progress_rows(self, agreement: Agreement) -> list[tuple[str, str]]:
        p = progress_summary(agreement, DEMO_TODAY)
        reports = p.reports
        late = f"{p.overdue} late, in {', '.join(p.late_projects)}" if p.late_projects else "0 late"
        return [
            (
                "progress reports",
                f"{p.report_total} of ended periods ({reports.get('approved', 0)} approved, "
                f"{reports.get('submitted', 0)} submitted, {reports.get('returned', 0)} returned, "
                f"{reports.get('draft', 0)} drafts; {late}), {p.upcoming} drafts of periods not yet ended",
            ),
            (
                "payment claims",
                f"{p.claim_total} ({p.claims.get('paid', 0)} paid, {p.claims.get('approved', 0)} approved, "
                f"{p.claims.get('claimed', 0)} claimed); paid "
                + (", ".join(f"{fund} {format_eur(amount)}" for fund, amount in p.paid.items()) or "nothing"),
            ),
        ]

    def _print_users(self, rows: Sequence[DemoUserRow]) -> None:
        out = self.stdout
        out.write(self.style.SUCCESS("Demo users (demo mode only; the administrator can also use /admin/):"))
        headers = ("username", "password", "role", "organisation")
        widths = [max(len(h), *(len(getattr(r, h)) for r in rows)) for h in headers]
        out.write("  " + "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + "  can")
        for row in rows:
            cells = (row.username, row.password, row.role, row.organisation or "–")
            out.write(
                "  " + "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + f"  {row.can}"
            )
