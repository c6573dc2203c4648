"""An agreement's colours as a stylesheet of its own (`/brand/<rrggbb>.css`), linked from every page.

The Content-Security-Policy allows no inline <style>, so the custom properties that brand_palette computes
are served from the site's own origin. The address carries the colour itself: nothing is read from the
database, the answer is the same for everyone and may be cached for long."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from web.templatetags.salkku import brand_palette

_HEX = re.compile(r"^[0-9a-fA-F]{6}$")


@login_not_required
@require_safe
@cache_control(public=True, max_age=86400)
def brand_stylesheet(request: HttpRequest, colour: str) -> HttpResponse:
    if not _HEX.match(colour):
        raise Http404("not a #rrggbb colour")
    declarations = "".join(f"{name}:{value};" for name, value in brand_palette(f"#{colour}").items())
    return HttpResponse(f":root{{{declarations}}}\n", content_type="text/css; charset=utf-8")
