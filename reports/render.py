"""The annual report as HTML, PDF and XLSX, all three drawn from one ``AnnualReportData``.

Each renderer is reproducible: the same data, version and format give the same bytes. Nothing in a file
depends on the clock or the machine's state: the PDF is written in ReportLab's invariant mode with its
creation date set to the as-of date, the XLSX's document properties carry the as-of date and its zip
entries a fixed time stamp, and the HTML has no time in it. Charts are the ``charts`` app's Vega-Lite specs
drawn by vl-convert (PNG, inline as a data URI in the HTML); vl-convert draws with the fonts installed,
so the bytes are the same on the same installation.

    content = render(data, "pdf", version=3)
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import zipfile
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from charts.render import STATIC_WIDTH, to_png
from cores.cells import is_formula_like
from reports.data import AnnualReportData, Section, Table, data_digest
from reports.formatting import NUMERIC, cell_text, facts_lines, short_digest

Progress = Callable[[int, str], None]
FORMATS = ("pdf", "xlsx", "html")


def _quiet(pct: int, stage: str) -> None:
    return None


def render(
    data: AnnualReportData, fmt: str, *, version: int | None = None, progress: Progress | None = None
) -> bytes:
    """The report as bytes in ``fmt`` (pdf, xlsx, html). ``progress(percent, stage)`` is told how far
    it has come, between 0 and 100 of the rendering."""
    renderers = {"pdf": render_pdf, "xlsx": render_xlsx, "html": render_html}
    if fmt not in renderers:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    with translation.override(data.lang):
        return renderers[fmt](data, version=version, progress=progress or _quiet)


def _charted(data: AnnualReportData) -> list[Section]:
    return [s for s in data.sections if s.chart and s.has_rows]


def chart_png(section: Section, lang: str) -> bytes:
    """The section's chart as a PNG drawn by vl-convert at scale 2, reduced to 128 colours (a tenth of
    the bytes, no visible change: the charts have a few flat colours and antialiased edges)."""
    from PIL import Image as PILImage

    png = to_png(section.chart_spec() or {}, scale=2, locale=lang)
    with PILImage.open(io.BytesIO(png)) as image:
        reduced = image.convert("RGB").quantize(
            colors=128, method=PILImage.Quantize.MEDIANCUT, dither=PILImage.Dither.NONE
        )
    out = io.BytesIO()
    reduced.save(out, "PNG", optimize=True)
    return out.getvalue()


# --- HTML ----------------------------------------------------------------------------------------------


def _html_table(table: Table) -> dict[str, Any]:
    def row(cells: tuple[Any, ...]) -> list[dict[str, Any]]:
        return [
            {"text": cell_text(value, column.kind), "numeric": column.kind in NUMERIC}
            for value, column in zip(cells, table.columns, strict=True)
        ]

    return {
        "title": table.title,
        "note": table.note,
        "columns": [{"label": c.label, "numeric": c.kind in NUMERIC} for c in table.columns],
        "rows": [row(r) for r in table.rows],
        "total": row(table.total) if table.total else None,
    }


def render_html(data: AnnualReportData, *, version: int | None, progress: Progress) -> bytes:
    charted = _charted(data)
    sections = []
    for number, section in enumerate(data.sections, start=1):
        image, alt = "", ""
        if section in charted:
            progress(10 + 70 * charted.index(section) // max(len(charted), 1), "charts")
            spec = section.chart_spec() or {}
            # A PNG drawn by vl-convert, as in the PDF: an SVG's text would be laid out again with the
            # browser's fonts and could overlap where vl-convert measured with its own.
            image = "data:image/png;base64," + base64.b64encode(chart_png(section, data.lang)).decode("ascii")
            alt = str(spec.get("description") or spec.get("title") or "")
        sections.append(
            {
                "number": number,
                "section": section,
                "image": image,
                "alt": alt,
                "tables": [_html_table(t) for t in section.tables if t.rows],
            }
        )
    progress(90, "render")
    digest = data_digest(data)
    html = render_to_string(
        "reports/annual_report.html",
        {
            "data": data,
            "lang": data.lang,
            "facts": facts_lines(data, version=version, digest=short_digest(digest)),
            "sections": sections,
            "version": version,
            "chart_width": STATIC_WIDTH,
        },
    )
    return html.encode("utf-8")


# --- PDF -----------------------------------------------------------------------------------------------


def _pdf_text(value: object) -> str:
    """Escaped for ReportLab's mini-markup, in characters the standard fonts have (WinAnsi: å, ä, ö, €,
    the en dash; not the narrow no-break space nor the minus sign)."""
    from xml.sax.saxutils import escape

    return escape(_pdf_plain(str(value))).replace("\n", "<br/>")


def render_pdf(data: AnnualReportData, *, version: int | None, progress: Progress) -> bytes:
    import calendar
    import time

    from PIL import Image as PILImage
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.lib.utils import TimeStamp
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import (
        BaseDocTemplate,
        CondPageBreak,
        Frame,
        Image,
        KeepTogether,
        NextPageTemplate,
        PageBreak,
        PageTemplate,
        Paragraph,
        Spacer,
        TableStyle,
    )
    from reportlab.platypus import (
        Table as RLTable,
    )
    from reportlab.platypus.tableofcontents import TableOfContents

    ink, grey, line = colors.HexColor("#0b0c0c"), colors.HexColor("#505a5f"), colors.HexColor("#b1b4b6")
    body = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=14, textColor=ink, spaceAfter=6)
    small = ParagraphStyle("small", parent=body, fontSize=8.5, leading=11, textColor=grey, spaceAfter=2)
    note = ParagraphStyle("note", parent=body, fontName="Helvetica-Oblique", textColor=grey)
    title_style = ParagraphStyle("title", parent=body, fontName="Helvetica-Bold", fontSize=24, leading=30)
    lead = ParagraphStyle("lead", parent=body, fontSize=14, leading=19, spaceAfter=14)
    h1 = ParagraphStyle(
        "h1", parent=body, fontName="Helvetica-Bold", fontSize=16, leading=20, spaceBefore=4, spaceAfter=8
    )
    h2 = ParagraphStyle(
        "h2",
        parent=body,
        fontName="Helvetica-Bold",
        fontSize=11,
        leading=14,
        spaceBefore=8,
        spaceAfter=4,
    )
    caption = ParagraphStyle("caption", parent=small, spaceAfter=8)

    def cell_styles(size: float) -> tuple[ParagraphStyle, ...]:
        text = ParagraphStyle(f"cell{size}", parent=body, fontSize=size, leading=size + 2.5, spaceAfter=0)
        bold = ParagraphStyle(f"cellb{size}", parent=text, fontName="Helvetica-Bold")
        right = ParagraphStyle(f"cellr{size}", parent=text, alignment=TA_RIGHT)
        right_bold = ParagraphStyle(f"cellrb{size}", parent=bold, alignment=TA_RIGHT)
        return text, bold, right, right_bold

    portrait_width, landscape_width = A4[0] - 40 * mm, A4[1] - 40 * mm

    def fits(table: Table, width: float) -> bool:
        """Whether the table reads well ``width`` wide, at the normal type size or a point smaller."""
        return any(column_widths(table, width, size) is not None for size in (8.5, 7.5))

    def pdf_table(table: Table, *, titled: bool, width: float) -> list[Any]:
        size, col_widths = 8.5, column_widths(table, width, 8.5)
        if col_widths is None:  # too wide at 8.5 pt: smaller type
            size = 7.5
            col_widths = column_widths(table, width, 7.5) or column_widths(table, width, 7.5, force=True)
        assert col_widths is not None
        if sum(col_widths) > width:  # never wider than the page: squeeze every column alike
            col_widths = [w * width / sum(col_widths) for w in col_widths]
        text, bold, right, right_bold = cell_styles(size)

        def row(cells: tuple[Any, ...], strong: bool = False) -> list[Paragraph]:
            return [
                Paragraph(
                    _pdf_text(cell_text(value, column.kind)),
                    (right_bold if strong else right)
                    if column.kind in NUMERIC
                    else (bold if strong else text),
                )
                for value, column in zip(cells, table.columns, strict=True)
            ]

        header = [
            Paragraph(_pdf_text(c.label), right_bold if c.kind in NUMERIC else bold) for c in table.columns
        ]
        rows = [header, *(row(r) for r in table.rows)]
        style = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, ink),
            ("LINEBELOW", (0, 1), (-1, -1), 0.25, line),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]
        if table.total:
            rows.append(row(table.total, strong=True))
            style.append(("LINEABOVE", (0, -1), (-1, -1), 0.8, ink))
        flowable = RLTable(rows, colWidths=col_widths, repeatRows=1, hAlign="LEFT")
        flowable.setStyle(TableStyle(style))
        parts: list[Any] = [CondPageBreak(35 * mm)]
        if titled:
            parts.append(Paragraph(_pdf_text(table.title), h2))
        parts.append(flowable)
        if table.note:
            parts.append(Paragraph(_pdf_text(table.note), small))
        return parts

    digest = data_digest(data)
    facts = data.facts
    heading = data.title
    as_of_text = cell_text(data.as_of, "date")

    class Heading(Paragraph):  # type: ignore[misc]  # ReportLab has no type hints: its classes are Any
        """A section heading: the contents list and the PDF outline take it."""

        def __init__(self, text: str, style: ParagraphStyle, key: str) -> None:
            super().__init__(text, style)
            self.key = key

    story: list[Any] = [
        Spacer(1, 30 * mm),
        Paragraph(_pdf_text(facts.agreement_name), lead),
        Paragraph(_pdf_text(heading), title_style),
        Spacer(1, 4 * mm),
        Paragraph(_pdf_text(_("Situation as of %(date)s") % {"date": as_of_text}), lead),
        Spacer(1, 6 * mm),
    ]
    ident = RLTable(
        [
            [Paragraph(_pdf_text(label), cell_styles(9)[1]), Paragraph(_pdf_text(value), cell_styles(9)[0])]
            for label, value in facts_lines(data, version=version, digest=short_digest(digest))
        ],
        colWidths=[45 * mm, 125 * mm],
        hAlign="LEFT",
    )
    ident.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story += [
        ident,
        Spacer(1, 4 * mm),
        Paragraph(
            _pdf_text(
                _(
                    "The same date and the same data give the same report. The data digest identifies the "
                    "figures this report was made from; the file's own digest is kept with the report in "
                    "Salkku."
                )
            ),
            small,
        ),
        Spacer(1, 10 * mm),
        Paragraph(_pdf_text(_("Contents")), h2),
    ]
    toc = TableOfContents(dotsMinLevel=0)
    toc.levelStyles = [
        ParagraphStyle("toc", parent=body, fontSize=10, leading=15, leftIndent=0, spaceAfter=0)
    ]
    story += [toc, PageBreak()]

    charted = _charted(data)
    # A section with a table too wide for a portrait page is on landscape pages (with its neighbours
    # when they are wide too).
    wide = [any(t.rows and not fits(t, portrait_width) for t in s.tables) for s in data.sections]
    for number, section in enumerate(data.sections, start=1):
        title = f"{number}. {section.title}"
        is_wide = wide[number - 1]
        if is_wide and not (number > 1 and wide[number - 2]):
            story += [NextPageTemplate("landscape"), PageBreak()]
        else:
            story.append(CondPageBreak(70 * mm))
        block: list[Any] = [Heading(_pdf_text(title), h1, section.key)]
        block += [Paragraph(_pdf_text(p), body) for p in section.paragraphs]
        if not section.has_rows:
            block += [Paragraph(_pdf_text(section.empty), note), Spacer(1, 6 * mm)]
            story.append(KeepTogether(block))
        else:
            if section in charted:
                progress(10 + 70 * charted.index(section) // max(len(charted), 1), "charts")
                png = chart_png(section, data.lang)
                with PILImage.open(io.BytesIO(png)) as image:
                    w, h = image.size
                width = 150 * mm
                picture = Image(io.BytesIO(png), width=width, height=width * h / w)
                picture.hAlign = "LEFT"
                block += [Spacer(1, 2 * mm), picture]
                if section.chart_caption:
                    block.append(Paragraph(_pdf_text(section.chart_caption), caption))
            story.append(KeepTogether(block))
            for table in section.tables:
                if table.rows:  # a table named as its section has no heading of its own
                    story += pdf_table(
                        table,
                        titled=table.title != section.title,
                        width=landscape_width if is_wide else portrait_width,
                    )
            story.append(Spacer(1, 6 * mm))
        if is_wide and number < len(data.sections) and not wide[number]:
            story += [NextPageTemplate("portrait"), PageBreak()]
    progress(85, "render")

    footer_text = _pdf_plain(f"{facts.agreement_name} · {heading} · {as_of_text}")
    page_word = _("Page")
    moment = calendar.timegm(dt.datetime.combine(data.as_of, dt.time()).timetuple())

    class ReportCanvas(Canvas):  # type: ignore[misc]  # ReportLab has no type hints: its classes are Any
        """Invariant mode (no random ID, no clock), the as-of date as the creation date, and "page n / m"
        in the footer (the pages are kept until the end to know m)."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["invariant"] = 1
            super().__init__(*args, **kwargs)
            stamp = TimeStamp(1)
            stamp.t, stamp.lt = moment, time.gmtime(moment)
            stamp.YMDhms = tuple(stamp.lt)[:6]
            self._doc._timeStamp = stamp
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            count = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                if self._pageNumber > 1:
                    self.saveState()
                    self.setFont("Helvetica", 7.5)
                    self.setFillColor(grey)
                    right = self._pagesize[0] - 20 * mm
                    self.drawString(20 * mm, 11 * mm, footer_text)
                    self.drawRightString(right, 11 * mm, f"{page_word} {self._pageNumber} / {count}")
                    self.restoreState()
                super().showPage()
            super().save()

    class Doc(BaseDocTemplate):  # type: ignore[misc]  # ReportLab has no type hints: its classes are Any
        def afterFlowable(self, flowable: Any) -> None:
            if isinstance(flowable, Heading):
                text = flowable.getPlainText()
                self.canv.bookmarkPage(flowable.key)
                self.canv.addOutlineEntry(text, flowable.key, level=0, closed=False)
                self.notify("TOCEntry", (0, text, self.page, flowable.key))

    def frame(size: tuple[float, float]) -> Frame:
        return Frame(
            20 * mm,
            20 * mm,
            size[0] - 40 * mm,
            size[1] - 38 * mm,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )

    buffer = io.BytesIO()
    doc = Doc(
        buffer,
        pagesize=A4,
        pageTemplates=[
            PageTemplate("portrait", frames=[frame(A4)], pagesize=A4),
            PageTemplate("landscape", frames=[frame(landscape(A4))], pagesize=landscape(A4)),
        ],
        title=f"{heading} {as_of_text}",
        author="Salkku",
        subject=facts.agreement_name,
        creator="Salkku",
        lang=data.lang,
        invariant=1,
    )
    doc.multiBuild(story, canvasmaker=ReportCanvas)
    return buffer.getvalue()


def column_widths(table: Table, width: float, size: float, *, force: bool = False) -> list[float] | None:
    """Column widths (points) for a PDF table ``width`` wide at ``size`` pt: a figure column as wide as
    its widest figure or header word (figures never wrap), text columns sharing the rest by their
    content. None when the text columns would be too narrow to read well (unless ``force``)."""
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth

    pad = 7.0  # the cell's padding, 3 pt each side, and a point to spare

    def measure(text: str, bold: bool = False) -> float:
        return float(stringWidth(_pdf_plain(text), "Helvetica-Bold" if bold else "Helvetica", size))

    rows = [*table.rows, *([table.total] if table.total else [])]
    widths: list[float | None] = []
    natural: dict[int, float] = {}
    for i, column in enumerate(table.columns):
        words = max((measure(w, True) for w in column.label.split()), default=0.0)
        if column.kind == "text":
            widths.append(None)
            longest = max((measure(cell_text(r[i], "text")) for r in rows), default=0.0)
            natural[i] = max(longest, words) + pad
        else:
            cells = max((measure(cell_text(r[i], column.kind), True) for r in rows), default=0.0)
            widths.append(max(cells, words) + pad)
    free = width - sum(w for w in widths if w is not None)
    if not natural:
        spare = max(free, 0) / len(widths)
        return [w + spare for w in widths if w is not None]
    # A text column is comfortable at its natural width up to 40 mm; below that it wraps word by word.
    least = {i: max(min(n, 40 * mm), 15 * mm) for i, n in natural.items()}
    if free < sum(least.values()) and not force:
        return None
    if sum(natural.values()) <= free:
        spare = free - sum(natural.values())
        shares = {i: n + spare * n / sum(natural.values()) for i, n in natural.items()}
    else:  # wrap: what is left over the least widths goes by content (long texts capped)
        extra = max(free - sum(least.values()), 0)
        over = {i: max(min(n, 120 * mm) - least[i], 0) for i, n in natural.items()}
        whole = sum(over.values()) or 1
        shares = {i: least[i] + extra * over[i] / whole for i in natural}
    return [w if w is not None else shares[i] for i, w in enumerate(widths)]


def _pdf_plain(text: str) -> str:
    return str(text).replace("\u202f", "\u00a0").replace("\u2212", "-")


# --- XLSX ----------------------------------------------------------------------------------------------

_SHEET_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})
MONEY_FORMAT = '#,##0.00\\ "€"'
MONEY_FORMAT_EN = '"€"#,##0.00'
PERCENT_FORMAT = "0.0\\ %"
PERCENT_FORMAT_EN = "0.0%"
DATE_FORMATS = {"fi": "d.m.yyyy", "sv": "d.m.yyyy", "en": "d mmm yyyy"}  # config/formats


def _sheet_title(text: str, taken: set[str]) -> str:
    base = " ".join(text.translate(_SHEET_FORBIDDEN).split())[:31].strip() or "Sheet"
    name, n = base, 2
    while name.casefold() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.casefold())
    return name


def render_xlsx(data: AnnualReportData, *, version: int | None, progress: Progress) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    lang = data.lang
    money_format = MONEY_FORMAT_EN if lang == "en" else MONEY_FORMAT
    percent_format = PERCENT_FORMAT_EN if lang == "en" else PERCENT_FORMAT
    bold, title_font = Font(bold=True), Font(bold=True, size=14)
    header_fill = PatternFill("solid", fgColor="F3F2F1")
    rule = Border(bottom=Side(style="thin", color="0B0C0C"))
    top_rule = Border(top=Side(style="thin", color="0B0C0C"))
    wrap = Alignment(wrap_text=True, vertical="top")
    digest = data_digest(data)

    book = Workbook()
    cover = book.worksheets[0]  # a new workbook's one sheet
    taken: set[str] = set()
    cover.title = _sheet_title(_("Report"), taken)
    cover["A1"] = data.title
    cover["A1"].font = title_font
    row = 3
    for label, fact in facts_lines(data, version=version, digest=digest):
        cover.cell(row=row, column=1, value=label).font = bold
        cover.cell(row=row, column=2, value=fact)
        row += 1
    cover.cell(row=row, column=1, value=_("Language")).font = bold
    cover.cell(row=row, column=2, value={"fi": "suomi", "sv": "svenska", "en": "English"}[lang])
    row += 2
    cover.cell(row=row, column=1, value=_("Contents")).font = bold
    row += 1
    first_sheet_row = row
    cover.column_dimensions["A"].width = 28
    cover.column_dimensions["B"].width = 70

    def set_value(cell: Any, value: Any, kind: str) -> None:
        if value is None:
            return
        if kind in ("money", "percent", "number") and isinstance(value, (Decimal, int)):
            cell.value = value
            cell.number_format = {
                "money": money_format,
                "percent": percent_format,
                "number": "#,##0" if value == int(value) else "#,##0.00",
            }[kind]
        elif isinstance(value, dt.date):
            cell.value = value
            cell.number_format = DATE_FORMATS[lang]
        else:
            cell.value = str(value)

    for number, section in enumerate(data.sections, start=1):
        progress(10 + 80 * number // max(len(data.sections), 1), "render")
        sheet = book.create_sheet(_sheet_title(f"{number} {section.title}", taken))
        cover.cell(row=first_sheet_row + number - 1, column=1, value=sheet.title)
        cover.cell(row=first_sheet_row + number - 1, column=2, value=section.title)
        sheet["A1"] = f"{number}. {section.title}"
        sheet["A1"].font = title_font
        width = max([len(t.columns) for t in section.tables] or [1])
        lengths: dict[int, int] = {}
        row = 3
        for paragraph in section.paragraphs:
            sheet.cell(row=row, column=1, value=paragraph).alignment = wrap
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=max(width, 4))
            sheet.row_dimensions[row].height = 15 * (1 + len(paragraph) // 110)
            row += 1
        if not section.has_rows:
            sheet.cell(row=row + 1, column=1, value=section.empty).font = Font(italic=True)
        for table in section.tables:
            if not table.rows:
                continue
            row += 1
            sheet.cell(row=row, column=1, value=table.title).font = Font(bold=True, size=12)
            row += 1
            for col, column in enumerate(table.columns, start=1):
                cell = sheet.cell(row=row, column=col, value=column.label)
                cell.font, cell.fill, cell.border = bold, header_fill, rule
                cell.alignment = Alignment(
                    wrap_text=True,
                    vertical="bottom",
                    horizontal="right" if column.kind in NUMERIC else "left",
                )
                lengths[col] = max(lengths.get(col, 0), min(len(column.label), 24))
            for values in table.rows:
                row += 1
                for col, (value, column) in enumerate(zip(values, table.columns, strict=True), start=1):
                    cell = sheet.cell(row=row, column=col)
                    set_value(cell, value, column.kind)
                    if column.kind == "text":
                        cell.alignment = wrap
                    lengths[col] = max(lengths.get(col, 0), len(cell_text(value, column.kind)))
            if table.total:
                row += 1
                for col, (value, column) in enumerate(zip(table.total, table.columns, strict=True), start=1):
                    cell = sheet.cell(row=row, column=col)
                    set_value(cell, value, column.kind)
                    cell.font, cell.border = bold, top_rule
            if table.note:
                row += 1
                sheet.cell(row=row, column=1, value=table.note).font = Font(italic=True)
            row += 1
        for col, length in lengths.items():
            sheet.column_dimensions[get_column_letter(col)].width = min(max(length + 2, 10), 60)
        if not lengths:
            sheet.column_dimensions["A"].width = 100
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToHeight = 0
        sheet.page_setup.orientation = "landscape"

    neutralise_formulas(book)
    moment = dt.datetime.combine(data.as_of, dt.time())
    props = book.properties
    props.creator, props.lastModifiedBy = "Salkku", "Salkku"
    props.title, props.subject, props.language = data.title, data.facts.agreement_name, lang
    props.created = props.modified = moment  # never the clock: the same data, the same bytes

    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()  # not Workbook.save, which stamps "modified" with the clock
    return _fixed_zip(raw.getvalue(), moment)


def neutralise_formulas(book: Any) -> int:
    """Every text cell that a spreadsheet would run as a formula (cores.cells) is stored as text with the
    quote prefix, so that it is shown as written and never run. The app writes no formulas of its own.
    Returns the number of cells changed."""
    changed = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and is_formula_like(cell.value):
                    cell.data_type = "s"  # a string, never a formula (openpyxl makes "=..." one)
                    cell.quotePrefix = True
                    changed += 1
    return changed


def _fixed_zip(content: bytes, moment: dt.datetime) -> bytes:
    """The zip again with every entry's time stamp and attributes fixed (a zip entry records the time
    it was written)."""
    stamp = (max(moment.year, 1980), moment.month, moment.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            target.writestr(info, source.read(item.filename), compresslevel=6)
    return out.getvalue()
