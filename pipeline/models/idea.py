from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from accounts.models import User
    from accounts.permissions import Target


class IdeaStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    INVITED = "invited", _("Invited to propose")
    MERGED = "merged", _("Merged into another idea")
    DECLINED = "declined", _("Not taken forward")


class IdeaQuerySet(models.QuerySet["Idea"]):
    def visible_to(self, user: User) -> IdeaQuerySet:
        """Deny by default: the agreement's staff see its ideas; an applicant sees their organisations'."""
        from pipeline.rules import idea_visibility

        return idea_visibility(self, user)

    def search(self, text: str) -> IdeaQuerySet:
        if not text:
            return self
        return self.filter(Q(title__icontains=text) | Q(summary__icontains=text))


class Idea(models.Model):
    """A project idea submitted to a call by a partner organisation."""

    agreement = models.ForeignKey("programme.Agreement", on_delete=models.CASCADE, related_name="ideas")
    call = models.ForeignKey(
        "pipeline.Call", on_delete=models.PROTECT, null=True, blank=True, related_name="ideas"
    )
    organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="ideas")
    theme = models.ForeignKey("programme.Theme", on_delete=models.PROTECT, related_name="ideas")
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"))
    status = models.CharField(
        _("status"), max_length=12, choices=IdeaStatus.choices, default=IdeaStatus.SUBMITTED
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged"
    )
    related = models.ManyToManyField("self", blank=True, verbose_name=_("related ideas"))
    submitted_at = models.DateTimeField(_("submitted"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = IdeaQuerySet.as_manager()

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return self.title

    def permission_target(self) -> Target:
        """The agreement and the submitting organisation, for the permission table (accounts.permissions)."""
        from accounts.permissions import Target

        return Target(agreement_id=self.agreement_id, organisation_ids=frozenset({int(self.organisation_id)}))


class IdeaComment(models.Model):
    """The coordination team's comment on an idea; the idea's applicants see it too."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]
