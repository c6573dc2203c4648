"""``salkku report annual [--agreement SLUG] --as-of YYYY-MM-DD [--lang fi|sv|en] [--format pdf|xlsx|html]
[--output FILE]``: the annual report to the ministry, made now, stored with its version and written to a
file."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from programme.models import Agreement
from reports import services
from reports.data import LANGUAGES
from reports.models import AnnualReport, ReportStatus
from reports.render import FORMATS


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"--as-of {text!r} is not a date; write it as YYYY-MM-DD, e.g. 2025-12-31"
        ) from None


class Command(BaseCommand):
    help = (
        "Reports to the ministry: `annual` makes the annual report of an agreement as of a date (PDF, XLSX "
        "or HTML), stores it with its version and digest, and writes it to a file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        annual = sub.add_parser("annual", help="The annual report of an agreement as of a date.")
        annual.add_argument(
            "--agreement",
            help="The agreement's identifier, e.g. capital-region (default: the first agreement with content).",
        )
        annual.add_argument("--as-of", required=True, help="The date, YYYY-MM-DD: what was known at its end.")
        annual.add_argument(
            "--lang", default="fi", help=f"The language: {', '.join(LANGUAGES)} (default fi)."
        )
        annual.add_argument(
            "--format", dest="fmt", default="pdf", help=f"The format: {', '.join(FORMATS)} (default pdf)."
        )
        annual.add_argument(
            "--output",
            help="The file to write (default: the report's own name, in the current folder).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] != "annual":
            raise CommandError(f"unknown action {options['action']!r}")
        as_of = _date(options["as_of"])
        lang, fmt = options["lang"], options["fmt"]
        if lang not in LANGUAGES:
            raise CommandError(f"--lang {lang!r} is not one of {', '.join(LANGUAGES)}")
        if fmt not in FORMATS:
            raise CommandError(f"--format {fmt!r} is not one of {', '.join(FORMATS)}")
        if as_of > timezone.localdate():
            raise CommandError(f"--as-of {as_of.isoformat()} is in the future")
        agreement = self.agreement(options["agreement"])

        started = time.monotonic()
        report = services.generate(agreement, as_of, lang, fmt)
        seconds = time.monotonic() - started
        if report.status != ReportStatus.DONE:
            raise CommandError(f"the report failed: {report.error}")
        stored = report.stored
        assert stored is not None
        content = bytes(AnnualReport.objects.values_list("content", flat=True).get(pk=stored.pk) or b"")
        path = Path(options["output"] or stored.filename())
        try:
            path.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"cannot write {path}: {exc.strerror}") from None
        out = self.stdout
        if report.same_as_id:
            out.write(
                f"unchanged: the data are the same as in version {stored.version} (stored report #{stored.pk}); "
                "nothing new was stored"
            )
        else:
            out.write(f"stored as version {stored.version} (report #{stored.pk})")
        out.write(f"  {agreement.slug} as of {as_of.isoformat()}, {lang}, {fmt}: {len(content):,} bytes")
        out.write(f"  file:        {path.resolve()}")
        out.write(f"  file digest: sha256 {stored.content_digest}")
        out.write(f"  data digest: sha256 {stored.data_digest}")
        out.write(f"  time:        {seconds:.2f} s")

    def agreement(self, slug: str | None) -> Agreement:
        if slug:
            found = Agreement.objects.filter(slug=slug).first()
            if found is None:
                known = ", ".join(Agreement.objects.order_by("slug").values_list("slug", flat=True)) or "none"
                raise CommandError(f"no agreement {slug!r}; known: {known}")
            return found
        found = Agreement.objects.with_content().order_by("name_fi").first() or Agreement.objects.first()
        if found is None:
            raise CommandError("there is no agreement: load them first with `salkku agreement load --all`")
        return found
