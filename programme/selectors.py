"""Which agreement the pages show: the one the user last chose (remembered in the session), else the
default one. The agreement overview itself is ``projects.overview`` (it counts proposals and projects)."""

from __future__ import annotations

from django.http import HttpRequest

from programme.models import Agreement, AgreementQuerySet

DEFAULT_AGREEMENT_SLUG = "capital-region"
SESSION_KEY = "salkku_agreement"


def _agreements() -> AgreementQuerySet:
    return Agreement.objects.select_related("period", "funding_authority")


def default_agreement() -> Agreement | None:
    """The capital region's agreement, else the first agreement with themes, else the first one."""
    return (
        _agreements().filter(slug=DEFAULT_AGREEMENT_SLUG).first()
        or _agreements().with_content().order_by("name_fi").first()
        or _agreements().order_by("name_fi").first()
    )


def current_agreement(request: HttpRequest) -> Agreement | None:
    """The agreement the user last chose (remembered in the session), else the default one."""
    slug = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if slug:
        chosen = _agreements().filter(slug=slug).first()
        if chosen is not None:
            return chosen
    return default_agreement()


def remember_agreement(request: HttpRequest, agreement: Agreement) -> None:
    if request.session.get(SESSION_KEY) != agreement.slug:
        request.session[SESSION_KEY] = agreement.slug
