"""CSV and XLSX downloads of exactly the rows a filtered list shows, safe to open in a spreadsheet.

``ExportMixin`` goes on any list view whose ``get_queryset`` applies the page's filters (a
``FilteredListMixin`` list): ``?export=csv`` or ``?export=xlsx`` with the page's own query string
downloads every row that matches the filters (not only the current page), in the columns the view names
(``export_columns``: a header and a function of the row, or ``export_header``/``export_row``). The links
come from ``includes/export_links.html``. Text cells go through ``cores.cells`` (a leading apostrophe
before text a spreadsheet would run as a formula); numbers, amounts and dates stay what they are.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook

from accounts.http import AuthenticatedHttpRequest
from cores.cells import csv_safe
from web.pages import _Page

FORMATS = ("csv", "xlsx")


def cell(value: Any) -> Any:
    """The value as a cell: text that a spreadsheet would run as a formula is made plain text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, dt.datetime):  # local time (Europe/Helsinki), without a zone: a spreadsheet has none
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, (int, float, Decimal, dt.date)):
        return value
    return csv_safe(str(value))


def export_response(
    fmt: str,
    filename: str,
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    *,
    csv_cell: Callable[[Any], Any] = cell,
    xlsx_cell: Callable[[Any], Any] = cell,
) -> HttpResponse:
    """A download of the rows as ``fmt`` (csv or xlsx); raises ValueError for another format. ``csv_cell``
    and ``xlsx_cell`` turn a value into its cell (default :func:`cell`), e.g. dates as text in a CSV."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    cells = ([(csv_cell if fmt == "csv" else xlsx_cell)(v) for v in row] for row in rows)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow([cell(h) for h in header])
        writer.writerows(cells)
        body: bytes = ("\ufeff" + buffer.getvalue()).encode()  # BOM: Excel reads UTF-8 then
        content_type = "text/csv; charset=utf-8"
    else:
        book = Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append([cell(h) for h in header])
        for row in cells:
            sheet.append(row)
        out = io.BytesIO()
        book.save(out)
        body = out.getvalue()
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.{fmt}")
    response["X-Content-Type-Options"] = "nosniff"
    return response


Column = tuple[Any, Callable[[Any], Any]]


class ExportMixin(_Page):
    """``?export=csv`` or ``?export=xlsx`` on a filtered list downloads exactly its filtered rows.

    Put it before the list view's other bases. Name the columns in ``export_columns`` (header, function of
    a row) or override ``export_header`` and ``export_row``; ``export_rows`` may be overridden for rows
    that are not model instances (it gets ``get_export_queryset()``, by default ``get_queryset()``)."""

    export_name = "export"
    export_columns: Sequence[Column] = ()
    request: AuthenticatedHttpRequest  # as on every page (web.pages): the export reads only the query

    def export_header(self) -> list[Any]:
        return [str(label) for label, _ in self.export_columns]

    def export_row(self, obj: Any) -> list[Any]:
        return [value(obj) for _, value in self.export_columns]

    def get_export_queryset(self) -> Iterable[Any]:
        return self.get_queryset()  # type: ignore[attr-defined, no-any-return]  # the list view's own

    def export_rows(self, rows: Iterable[Any]) -> Iterable[Sequence[Any]]:
        return (self.export_row(o) for o in rows)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        fmt = request.GET.get("export")
        if fmt:
            if fmt not in FORMATS:
                raise Http404
            rows = self.export_rows(self.get_export_queryset())
            return export_response(fmt, self.export_name, self.export_header(), rows)
        return super().get(request, *args, **kwargs)  # type: ignore[misc, no-any-return]  # the view's get

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("export", None)
        kwargs["export_query"] = query.urlencode()
        kwargs["can_export"] = True
        return super().get_context_data(**kwargs)
