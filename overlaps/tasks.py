"""Background tasks of the overlaps (Django's tasks framework; worked by ``salkku db_worker``)."""

from __future__ import annotations

from django_tasks import task


@task()
def refresh_overlaps(keys: list[str], everything: bool = False) -> None:
    """Bring the similarity index up to date, recompute these items' similar items, then the report."""
    from overlaps.services import refresh

    refresh(keys, everything=everything)
