"""The results page of the search box in the header."""

from __future__ import annotations

from typing import Any

from django.views.generic import TemplateView

from ecosystem import search
from web.pages import SalkkuPageMixin


class SearchView(SalkkuPageMixin, TemplateView):
    """``?q=words``: the hits the user may see, grouped by kind (ecosystem.search)."""

    template_name = "ecosystem/search.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        text = self.request.GET.get("q", "")[:200].strip()
        kwargs["q"] = text
        kwargs["groups"] = search.search(self.request.user, text) if text else []
        kwargs["too_short"] = bool(text) and len("".join(text.split())) < search.MIN_QUERY
        kwargs["shown"] = search.SHOWN
        return super().get_context_data(**kwargs)
