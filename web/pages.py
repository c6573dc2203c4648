"""The pieces every page shares: the current agreement in the header (with its colour), the navigation
section, and list pages with a filter form that htmx can refresh in place."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

from accounts.http import AuthenticatedHttpRequest
from programme import selectors
from web.forms import filter_values

if TYPE_CHECKING:
    from django.views.generic.base import ContextMixin, TemplateResponseMixin, View

    class _Page(TemplateResponseMixin, ContextMixin, View):
        """What the mixins build on: a Django view with a template and a context."""

else:
    _Page = object


class SalkkuPageMixin(_Page):
    """Adds the current agreement (for the header and its colour) and the navigation section."""

    nav_section = ""
    request: AuthenticatedHttpRequest  # a public page (login_not_required) must not read request.user

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if "current_agreement" not in context:
            context["current_agreement"] = selectors.current_agreement(self.request)
        context["nav_section"] = self.nav_section
        return context


def is_htmx_partial(request: HttpRequest) -> bool:
    """An htmx request for part of a page (not a history restore, which needs the whole page)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def page_numbers(page: Page, *, around: int = 1) -> list[int | None]:
    """Page numbers to link: the first, the last and those around the current one; None marks a gap."""
    last = page.paginator.num_pages
    wanted = {1, last, *range(page.number - around, page.number + around + 1)}
    numbers: list[int | None] = []
    previous = 0
    for number in sorted(n for n in wanted if 1 <= n <= last):
        if number - previous > 1:
            numbers.append(None)
        numbers.append(number)
        previous = number
    return numbers


class FilteredListMixin(SalkkuPageMixin):
    """A list with a GET filter form: the whole page normally, only the results for htmx.

    The filter form is bound to the query string; a value that does not validate is shown as an error
    and ignored. The response varies on HX-Request so that caches keep the two apart.
    """

    form_class: Any = None
    partial_template_name = ""
    paginate_by: int | None = 50
    paginator_class = Paginator

    def get_form(self) -> Any:
        if not hasattr(self, "_form"):
            self._form = self.form_class(self.request.GET or None, **self.get_form_kwargs())
            if self._form.is_bound:
                self._form.is_valid()
        return self._form

    def get_form_kwargs(self) -> dict[str, Any]:
        return {}

    def filters(self) -> dict[str, Any]:
        return filter_values(self.get_form())

    def get_template_names(self) -> list[str]:
        if is_htmx_partial(self.request):
            return [self.partial_template_name]
        return super().get_template_names()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["form"] = self.get_form()
        context["partial"] = is_htmx_partial(self.request)
        if context.get("page_obj") is not None:
            context["page_numbers"] = page_numbers(context["page_obj"])
        return context

    def render_to_response(self, context: dict[str, Any], **kwargs: Any) -> HttpResponse:
        response = super().render_to_response(context, **kwargs)
        patch_vary_headers(response, ["HX-Request"])
        return response
