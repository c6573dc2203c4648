"""``salkku optimise PROBLEM.json|yaml``: the portfolio optimiser on a problem file, without the web app.

A thin wrapper: the options, the computation and the output are the pure-Python core's
(``cores.portfolio.cli``), which also runs alone as ``python -m cores.portfolio.cli``.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cores.portfolio import cli


class Command(BaseCommand):
    help = (
        "The best portfolio under the rules of a problem file (JSON or YAML), proven optimal or with its "
        "remaining gap; --explain, --next-best K and --robust add explanations and robustness."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        cli.add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        namespace = argparse.Namespace(**options)
        # Django's OutputWrapper is a text stream (io.TextIOBase) that the stubs do not type as TextIO.
        code = cli.run(namespace, cast(TextIO, self.stdout), cast(TextIO, self.stderr))
        if code == cli.EXIT_INVALID:
            raise CommandError("the problem file is not valid", returncode=code)
        if code == cli.EXIT_NO_PORTFOLIO:
            raise CommandError("no portfolio satisfies the rules", returncode=code)
