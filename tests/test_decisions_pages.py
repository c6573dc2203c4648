"""Steering-group pages: the meeting list (query count pinned), access by role, and the minutes PDF."""

from __future__ import annotations

import base64
import datetime as dt
import re
import zlib

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from decisions.models import Outcome, Position
from decisions.services import agenda_add, agenda_decide, city_position_record, meeting_create
from review.services import review_assign
from tests.review_scenario import build_scenario

pytestmark = pytest.mark.django_db


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pdf_text(data: bytes) -> str:
    """The text drawn on a ReportLab PDF's pages: each content stream is decoded (ASCII85, Flate) and its
    string operands read (WinAnsi), joined by spaces. Enough to check the minutes say what they should."""
    pieces: list[str] = []
    for match in re.finditer(rb"<<(.*?)>>\s*stream\r?\n(.*?)endstream", data, flags=re.S):
        header, stream = match.group(1), match.group(2)
        if b"ASCII85Decode" in header:
            stream = base64.a85decode(stream.strip().removeprefix(b"<~").removesuffix(b"~>"))
        if b"FlateDecode" in header:
            stream = zlib.decompress(stream)
        for literal in re.finditer(rb"\((?:\\.|[^\\)])*\)", stream):
            raw = literal.group(0)[1:-1]
            raw = re.sub(rb"\\([0-7]{1,3})", lambda m: bytes([int(m.group(1), 8)]), raw)
            raw = re.sub(rb"\\(.)", rb"\1", raw)
            pieces.append(raw.decode("cp1252"))
    return re.sub(r"\s+", " ", " ".join(pieces))


@pytest.fixture
def s():
    return build_scenario(proposals=2)


@pytest.fixture
def meeting(s):
    meeting = meeting_create(
        agreement=s.p.agreement,
        date=dt.date(2025, 2, 12),
        place="Helsingin kaupungintalo",
        chair=s.sg_helsinki,
        attendees=[s.sg_helsinki, s.sg_espoo],
        actor=s.coordinator,
    )
    for proposal in s.p.proposals:
        review_assign(proposal=proposal, reviewer=s.reviewer, actor=s.coordinator)
        proposal.refresh_from_db()
        agenda_add(meeting=meeting, proposal=proposal, actor=s.coordinator)
    return meeting


def test_minutes_pdf__decided_meeting__has_date_attendees_decision_rationale_and_positions(
    s, meeting
) -> None:
    # given a decision with both cities' positions on the first item; the second is undecided
    s.sg_helsinki.first_name, s.sg_helsinki.last_name = "Heikki", "Johtoryhmä"
    s.sg_helsinki.save()
    first, second = meeting.items.order_by("order")
    city_position_record(
        item=first, position=Position.SUPPORTS, comment="Kalasatama on valmis alusta", actor=s.sg_helsinki
    )
    city_position_record(
        item=first, position=Position.ABSTAINS, comment="Espoo on kumppani", actor=s.sg_espoo
    )
    agenda_decide(
        item=first, outcome=Outcome.PRESENT, rationale="Vahva käyttöönotto kaupungeissa", actor=s.sg_helsinki
    )
    # when the minutes are downloaded
    response = as_user(s.sg_espoo).get(reverse("decisions:minutes_pdf", args=[meeting.pk]))
    # then it is a PDF in Finnish with everything the minutes need
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    for expected in (
        "Johtoryhmän kokouksen pöytäkirja",
        "12.2.2025",
        "Helsingin kaupungintalo",
        "Heikki Johtoryhmä",
        "Esitetään rahoittavalle viranomaiselle",
        "Vahva käyttöönotto kaupungeissa",
        "Helsingin kaupunki",
        "Kannattaa",
        "Kalasatama on valmis alusta",
        "Espoon kaupunki",
        "Pidättäytyy",
        "Espoo on kumppani",
        first.proposal.title,
        second.proposal.title,
        "Päätöstä ei ole kirjattu",
    ):
        assert expected in text, expected


def test_minutes_pdf__applicant_reviewer_officer__are_refused(s, meeting) -> None:
    for user in (s.applicant, s.reviewer, s.officer, s.outsider):
        assert as_user(user).get(reverse("decisions:minutes_pdf", args=[meeting.pk])).status_code == 403


def test_meeting_pages__by_role__only_staff_see_and_only_chair_decides(s, meeting) -> None:
    detail = reverse("decisions:meeting_detail", args=[meeting.pk])
    for user in (s.coordinator, s.sg_helsinki, s.sg_espoo):
        assert as_user(user).get(reverse("decisions:meeting_list")).status_code == 200
        assert as_user(user).get(detail).status_code == 200
    for user in (s.applicant, s.reviewer, s.officer, s.outsider):
        assert as_user(user).get(reverse("decisions:meeting_list")).status_code == 403
        assert as_user(user).get(detail).status_code == 403
        assert as_user(user).get(reverse("decisions:meeting_create")).status_code == 403
    # the decision form is on the chair's page, not on another member's
    assert "Kirjaa päätös" in as_user(s.sg_helsinki).get(detail).content.decode()
    page = as_user(s.sg_espoo).get(detail).content.decode()
    assert "Kirjaa päätös" not in page and "Kirjaa kanta" in page


def test_meeting_detail__position_form_invalid__shows_error(s, meeting) -> None:
    item = meeting.items.first()
    response = as_user(s.sg_espoo).post(
        reverse("decisions:meeting_detail", args=[meeting.pk]), {"action": "position", "item": item.pk}
    )
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()


def test_meeting_list__query_count__same_for_1_and_10_meetings(s, django_assert_num_queries) -> None:
    client = as_user(s.coordinator)

    def add(n: int) -> None:
        for day in range(n):
            meeting_create(
                agreement=s.p.agreement,
                date=dt.date(2025, 3, 1 + day),
                chair=s.sg_helsinki,
                actor=s.coordinator,
            )

    add(1)
    client.get(reverse("decisions:meeting_list"))  # warm the session and caches
    # 7: the page's 5, the count of the filtered rows and the agreements of the filter form
    with django_assert_num_queries(7):
        assert client.get(reverse("decisions:meeting_list")).status_code == 200
    add(9)
    with django_assert_num_queries(7):
        response = client.get(reverse("decisions:meeting_list"))
    assert response.content.decode().count("/minutes.pdf") == 10


# --- no lost update (audit.locking) -------------------------------------------------------------------


def _version(page: str, item_pk: int) -> str:
    """The version the position form of the item carries."""
    form = page.split(f'name="item" value="{item_pk}"', 1)[1]
    found = re.search(r'name="version" value="([^"]+)"', form)
    assert found, "the position form carries no version"
    return found.group(1).replace("&quot;", '"')


def test_meeting_detail__two_members_edit_a_position_from_the_same_read__second_gets_409(s, meeting) -> None:
    # given two Helsinki members who opened the meeting page at the same time
    from accounts.models import Role
    from decisions.models import CityPosition
    from tests.factories import UserFactory

    other = UserFactory.with_role(
        Role.STEERING_GROUP,
        agreement=s.p.agreement,
        organisation=s.sg_helsinki.role_assignments.get().organisation,
        username="johtoryhma-helsinki-2",
    )
    item = meeting.items.first()
    detail = reverse("decisions:meeting_detail", args=[meeting.pk])
    first, second = as_user(s.sg_helsinki), as_user(other)
    tag = _version(first.get(detail).content.decode(), item.pk)
    assert _version(second.get(detail).content.decode(), item.pk) == tag
    prefix = f"p{item.pk}"
    # when the first records a position, then the second records another from the same read
    saved = first.post(
        detail, {"action": "position", "item": item.pk, "version": tag, f"{prefix}-position": "supports"}
    )
    stale = second.post(
        detail,
        {"action": "position", "item": item.pk, "version": tag, f"{prefix}-position": "opposes"},
    )
    # then the second is refused with 409 showing what was saved meanwhile, and the first position stands
    assert saved.status_code == 302
    assert stale.status_code == 409
    body = stale.content.decode()
    assert "decision.city_position" in body and "supports" in body
    assert CityPosition.objects.get(item=item).position == Position.SUPPORTS
    # and with the page read again the second member's edit is saved
    fresh = _version(second.get(detail).content.decode(), item.pk)
    again = second.post(
        detail, {"action": "position", "item": item.pk, "version": fresh, f"{prefix}-position": "opposes"}
    )
    assert again.status_code == 302
    assert CityPosition.objects.get(item=item).position == Position.OPPOSES


def test_api_position__stale_if_match__412_with_the_current_etag(s, meeting) -> None:
    # given an agenda item read through the API (its ETag), and a position recorded after that read
    from audit.locking import etag

    item = meeting.items.first()
    url = f"/api/v1/agenda-items/{item.pk}/"
    tag = as_user(s.sg_espoo).get(url)["ETag"]
    assert tag == etag(item)
    city_position_record(item=item, position=Position.SUPPORTS, actor=s.sg_helsinki)
    # when a member records a position with If-Match of the old read
    stale = as_user(s.sg_espoo).post(
        f"{url}position/",
        {"position": "opposes", "comment": ""},
        content_type="application/json",
        headers={"If-Match": tag},
    )
    # then 412 with the current version; with the current tag the position is recorded
    assert stale.status_code == 412 and stale["ETag"] == etag(item) != tag
    fresh = as_user(s.sg_espoo).post(
        f"{url}position/",
        {"position": "opposes", "comment": ""},
        content_type="application/json",
        headers={"If-Match": stale["ETag"]},
    )
    assert fresh.status_code == 200 and fresh["ETag"] == etag(item) != stale["ETag"]


def test_minutes_pdf__swedish__names_the_theme_and_writes_an_unrecorded_position_as_the_others(
    s, meeting
) -> None:
    # given a meeting where only Helsinki has recorded a position on the first item
    first = meeting.items.order_by("order").first()
    city_position_record(item=first, position=Position.SUPPORTS, comment="", actor=s.sg_helsinki)
    theme = first.proposal.theme
    # when the minutes are downloaded in Swedish
    with translation.override("sv"):
        response = as_user(s.sg_espoo).get(
            reverse("decisions:minutes_pdf", args=[meeting.pk]), HTTP_ACCEPT_LANGUAGE="sv"
        )
        expected_theme = f"{theme.code} {theme.name}"
    text = pdf_text(response.content)
    # then the theme reads with its name, not only its code, and "not recorded" starts with a capital
    # like the recorded positions beside it ("Stöder", "Inte antecknad")
    assert expected_theme in text
    assert "Stöder" in text
    assert "Inte antecknad" in text
    assert "inte antecknad" not in text
