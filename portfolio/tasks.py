"""Background tasks of decision support (Django's tasks framework; a database queue by default)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_scenario(scenario_id: int) -> None:
    """Solve, explain and analyse one saved scenario; its page follows the progress."""
    from portfolio.services import execute

    execute(scenario_id)
