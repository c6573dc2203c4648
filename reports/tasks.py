"""Background tasks of the annual report (Django's tasks framework; a database queue by default)."""

from __future__ import annotations

from django_tasks import task


@task()
def generate_annual_report(report_id: int) -> None:
    """Make one queued annual report; its page follows the progress."""
    from reports.services import execute

    execute(report_id)
