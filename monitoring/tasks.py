"""Background tasks of monitoring (Django's tasks framework; a database queue by default)."""

from __future__ import annotations

from django_tasks import task


@task()
def refresh_page(refresh_id: int) -> None:
    """Compute a monitoring page's figures for every reader of it; the page follows the progress."""
    from monitoring.snapshots import run

    run(refresh_id)
