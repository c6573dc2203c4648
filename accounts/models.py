"""Users and their roles. Access is denied by default; what a role may do is the permission table's
(accounts.permissions), the only place besides this definition that names a role."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordination team")
    STEERING_GROUP = "steering_group", _("Steering-group member")
    REVIEWER = "reviewer", _("Reviewer / expert")
    APPLICANT = "applicant", _("Applicant / implementer")
    FUNDING_AUTHORITY = "funding_authority", _("Funding-authority officer")
    MINISTRY = "ministry", _("Ministry")


class User(AbstractUser):
    """A person who signs in. Personal data is limited to name and e-mail."""

    preferred_language = models.CharField(_("language"), max_length=5, default="fi")


class RoleAssignment(models.Model):
    """A user holds a role in one agreement (or in all, for the ministry), optionally for an organisation.

    A steering-group member's organisation is their city; an applicant's is the organisation they act for.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    agreement = models.ForeignKey(
        "programme.Agreement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "agreement", "organisation"], name="unique_role_assignment"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"
