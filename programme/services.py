"""Write-services of the programme frame: loading the versioned agreement data of ``programme/data/``.

``common.yaml`` holds what every agreement shares (the programme period, the funds, the national annual
pool, the methods, the EU common indicators); ``agreements/*.yaml`` hold the agreements, one per file
(``capital-region.yaml``) or many in one file under ``agreements:`` (``other-regions.yaml``).

Loading is idempotent and atomic: the whole file is validated before anything is written, every problem
is reported with the file, the key path and the reason, and a second run with the same files changes
nothing. A key left out of a file is not managed by it: the loader never touches that field or list, so
values set in the app (a theme's target shares, say) survive a reload. Creations and changes are written
to the audit trail in the same transaction; money and share changes one entry each (``*.money_changed``).
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from audit.services import Actor
from programme.loading.checks import FixtureError, UnknownAgreementError
from programme.loading.reader import (
    COMMON_FILE,
    DATA_DIR,
    _AgreementSpec,
    _catalogue,
    _Common,
    _parse_agreement,
    _parse_common,
)
from programme.loading.writer import LoadResult, _Writer

__all__ = [
    "DATA_DIR",
    "FixtureError",
    "LoadResult",
    "UnknownAgreementError",
    "agreement_load",
    "agreement_load_all",
    "agreement_slugs",
    "common_load",
]


# --------------------------------------------------------------------------------------------------
# Public services


@transaction.atomic
def common_load(*, actor: Actor, data_dir: Path | str | None = None) -> LoadResult:
    """Load ``common.yaml`` (period, funds, national pool, methods, EU common indicators)."""
    base = Path(data_dir) if data_dir else DATA_DIR
    common = _parse_common(base / COMMON_FILE)
    writer = _Writer(actor)
    writer.apply_common(common)
    writer.check_national_pool()
    return writer.result


@transaction.atomic
def agreement_load(*, slug: str, actor: Actor, data_dir: Path | str | None = None) -> LoadResult:
    """Load the common data and the agreement ``slug``; nothing is written when any file is invalid."""
    return _load(slugs=[slug], actor=actor, data_dir=data_dir)


@transaction.atomic
def agreement_load_all(*, actor: Actor, data_dir: Path | str | None = None) -> LoadResult:
    """Load the common data and every agreement of ``agreements/``."""
    return _load(slugs=None, actor=actor, data_dir=data_dir)


def agreement_slugs(*, data_dir: Path | str | None = None) -> list[str]:
    """The slugs the data files define, sorted."""
    base = Path(data_dir) if data_dir else DATA_DIR
    return sorted(_catalogue(base))


def _load(*, slugs: list[str] | None, actor: Actor, data_dir: Path | str | None) -> LoadResult:
    base = Path(data_dir) if data_dir else DATA_DIR
    catalogue = _catalogue(base)
    wanted = sorted(catalogue) if slugs is None else slugs
    for slug in wanted:
        if slug not in catalogue:
            raise UnknownAgreementError(slug, catalogue)
    problems: list[str] = []
    common: _Common | None = None
    try:
        common = _parse_common(base / COMMON_FILE)
    except FixtureError as error:
        problems += error.problems
    specs: list[_AgreementSpec] = []
    if common is not None:
        for slug in wanted:
            try:
                specs.append(_parse_agreement(catalogue[slug], common))
            except FixtureError as error:
                problems += error.problems
    if problems or common is None:
        raise FixtureError(problems)
    writer = _Writer(actor)
    writer.apply_common(common)
    for spec in specs:
        writer.apply_agreement(spec)
    writer.check_national_pool()
    return writer.result
