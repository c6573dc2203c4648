"""Editing a proposal with its consortium, budget, financing plan and indicator targets: the one flow that
the edit page and the API both use, in one transaction, with optimistic locking.

A reader gets the proposal's version tag (``etag``, from ``audit.locking`` like every object edited by
more than one person); an edit that names the tag it was built on is refused with ``StaleEdit`` when
someone else has saved the proposal since, so that no edit silently overwrites another. The page then says
who changed what (``changes_since``); the API answers 412.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit import locking
from pipeline import services
from pipeline.models import Proposal

# The version tag, the refusal and "what changed" are the ones of every object edited by more than one
# person (audit.locking); these names stay for the edit page and the API.
etag = locking.etag
StaleEdit = locking.StaleVersion


@dataclass
class ProposalEdit:
    """What an edit changes; ``None`` for a list means leave it as it is, a list replaces the whole list."""

    changes: Mapping[str, Any] = field(default_factory=dict)
    partners: Sequence[services.PartnerIn] | None = None
    budget: Sequence[tuple[int, str, Any]] | None = None
    financing: Sequence[tuple[str, Any, Any]] | None = None
    targets: Sequence[tuple[Any, Any]] | None = None


@transaction.atomic
def proposal_edit(
    *, proposal: Proposal, actor: User, edit: ProposalEdit, expected: str | None = None
) -> Proposal:
    """Apply ``edit`` all or nothing; refused with ``StaleEdit`` when ``expected`` is not the current tag.

    Every part is checked and audited by its service (pipeline.services); the proposal's row is locked
    for the whole edit so that two edits cannot interleave."""
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    locking.check(locked, expected)
    if edit.changes:
        services.proposal_update(proposal=locked, actor=actor, changes=edit.changes)
    if edit.partners is not None:
        services.proposal_set_partners(proposal=locked, partners=edit.partners, actor=actor)
    if edit.budget is not None:
        services.proposal_set_budget(proposal=locked, lines=edit.budget, actor=actor)
    if edit.financing is not None:
        services.proposal_set_financing(proposal=locked, lines=edit.financing, actor=actor)
    if edit.targets is not None:
        services.proposal_set_targets(proposal=locked, targets=edit.targets, actor=actor)
    # The version is the newest audit entry; the time of the last change is kept for the lists too.
    Proposal.objects.filter(pk=locked.pk).update(updated_at=timezone.now())
    locked.refresh_from_db()
    return locked


def changes_since(proposal: Proposal, tag: str) -> list[Any]:
    """The audit entries of the proposal after the version ``tag`` stands for: who changed what."""
    return list(locking.changes_since(proposal, tag))
