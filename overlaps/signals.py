"""Saving an idea, a proposal or a project (by a page, the API or an import) sends its text to the
background task queue; the page that saved it never waits on the index."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models.signals import post_delete, post_save


def _changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw") or not getattr(settings, "SALKKU_OVERLAPS_ON_SAVE", False):
        return
    from overlaps.services import enqueue
    from overlaps.texts import key_of

    enqueue([key_of(instance)])


def _imported(sender: Any, **kwargs: Any) -> None:
    if not getattr(settings, "SALKKU_OVERLAPS_ON_SAVE", False):
        return
    from overlaps.services import enqueue

    enqueue([])  # every refresh compares all texts with the index: the imported ones are added


def connect() -> None:
    from pipeline.models import Idea, Proposal
    from projects.models import Project
    from projects.signals import projects_imported

    projects_imported.connect(_imported, dispatch_uid="overlaps-imported")

    for model in (Idea, Proposal, Project):
        post_save.connect(_changed, sender=model, dispatch_uid=f"overlaps-save-{model._meta.label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"overlaps-delete-{model._meta.label}")
