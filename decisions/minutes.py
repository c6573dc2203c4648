"""The minutes of a steering-group meeting as a PDF (ReportLab): date, place, chair, attendees, and each
agenda item with the decision, its rationale and the cities' positions. In the active language."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from accounts.models import User
from decisions.models import Meeting, Position
from decisions.services import cities_of
from programme.models import Theme
from web.templatetags.salkku import sdate


def _text(value: object) -> str:
    """Escape for ReportLab's mini-markup; the built-in fonts have no narrow no-break space."""
    return escape(str(value)).replace("\u202f", "\u00a0").replace("\n", "<br/>")


def _theme(theme: Theme) -> str:
    """The theme as the pages show it: its code and its name in the reader's language."""
    return f"{theme.code} {theme.name}"


def _name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def minutes_pdf(meeting: Meeting) -> bytes:
    """The minutes; ``meeting`` with items, their proposals (and lead partners) and positions prefetched."""
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontName="Helvetica", fontSize=10, leading=14)
    small = ParagraphStyle("small", parent=body, fontSize=9, leading=12, textColor=colors.HexColor("#505a5f"))
    h1 = ParagraphStyle("h1", parent=styles["Heading1"], fontName="Helvetica-Bold", fontSize=18, leading=22)
    h2 = ParagraphStyle(
        "h2", parent=styles["Heading2"], fontName="Helvetica-Bold", fontSize=13, leading=17, spaceBefore=10
    )
    cell = ParagraphStyle("cell", parent=body, fontSize=9, leading=12)
    cell_bold = ParagraphStyle("cellb", parent=cell, fontName="Helvetica-Bold")

    agreement = meeting.agreement
    story: list = [
        Paragraph(_text(agreement.name), small),
        Paragraph(_text(_("Minutes of the steering-group meeting")), h1),
    ]
    facts = [
        (_("Date"), sdate(meeting.date)),
        (_("Place"), meeting.place or "–"),
        (_("Chair"), _name(meeting.chair) if meeting.chair else "–"),
        (_("Attendees"), ", ".join(_name(u) for u in meeting.attendees.all()) or "–"),
    ]
    table = Table(
        [[Paragraph(_text(k), cell_bold), Paragraph(_text(v), cell)] for k, v in facts],
        colWidths=[35 * mm, 135 * mm],
    )
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
    story += [table, Spacer(1, 4 * mm)]

    cities = cities_of(agreement)
    labels = dict(Position.choices)
    items = list(meeting.items.all())
    if not items:
        story.append(Paragraph(_text(_("The agenda has no proposals.")), body))
    for number, item in enumerate(items, start=1):
        proposal = item.proposal
        lead = proposal.lead
        block: list = [
            Paragraph(_text(f"§ {number}. {proposal.title}"), h2),
            Paragraph(
                _text(f"{_('Lead partner')}: {lead or '–'} · {_('Theme')}: {_theme(proposal.theme)}"), small
            ),
            Spacer(1, 2 * mm),
        ]
        decision = item.get_outcome_display() if item.outcome else _("No decision recorded")
        block.append(Paragraph(f"<b>{_text(_('Decision'))}:</b> {_text(decision)}", body))
        if item.rationale:
            block.append(Paragraph(f"<b>{_text(_('Rationale'))}:</b> {_text(item.rationale)}", body))
        positions = {p.city_id: p for p in item.positions.all()}
        rows = [
            [
                Paragraph(_text(_("City")), cell_bold),
                Paragraph(_text(_("Position")), cell_bold),
                Paragraph(_text(_("Comment")), cell_bold),
            ]
        ]
        for city in cities:
            position = positions.get(city.pk)
            rows.append(
                [
                    Paragraph(_text(city.name), cell),
                    Paragraph(
                        _text(labels[position.position] if position else capfirst(_("not recorded"))), cell
                    ),
                    Paragraph(_text(position.comment if position and position.comment else "–"), cell),
                ]
            )
        positions_table = Table(rows, colWidths=[45 * mm, 35 * mm, 90 * mm], repeatRows=1)
        positions_table.setStyle(
            TableStyle(
                [
                    ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                    ("LINEBELOW", (0, 1), (-1, -1), 0.3, colors.HexColor("#b1b4b6")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        block += [Spacer(1, 2 * mm), positions_table]
        story.append(KeepTogether(block))

    story += [
        Spacer(1, 8 * mm),
        Paragraph(
            _text(_("Printed from Salkku on %(date)s.") % {"date": sdate(timezone.localdate())}), small
        ),
    ]

    buffer = io.BytesIO()
    title = f"{_('Minutes of the steering-group meeting')} {sdate(meeting.date)}"

    def footer(canvas: Any, doc: Any) -> None:  # ReportLab has no type hints
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(20 * mm, 12 * mm, title.replace("\u202f", " "))
        canvas.drawRightString(190 * mm, 12 * mm, f"{_('Page')} {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=20 * mm,
        title=title,
        author="Salkku",
        lang=(get_language() or "fi")[:2],
    )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
