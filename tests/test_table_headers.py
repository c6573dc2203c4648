"""Every table header cell has a name: walking the pages from the overview as each role in Finnish (and as
the coordinator in Swedish and English), no `<th>` is empty. A column of row labels or of links ("Change")
has no visible heading, so its header holds a visually hidden one (govuk-visually-hidden) that a screen
reader reads out for each cell of the column.

The world is the permission matrix's (two agreements, every kind of object)."""

from __future__ import annotations

from decimal import Decimal
from html.parser import HTMLParser
from typing import cast

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts import policy as P
from accounts.models import User
from pipeline.models import Call
from review.models import Criterion
from tests.test_page_language import ROLES, walk_pages
from tests.test_page_walk import _kind
from tests.test_permission_matrix import World

pytestmark = pytest.mark.django_db


class Headers(HTMLParser):
    """The text of each `<th>` (hidden text included: a screen reader reads it)."""

    def __init__(self) -> None:
        super().__init__()
        self.headers: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "th":
            self._depth += 1
            self.headers.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "th" and self._depth:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._depth:
            self.headers[-1] += data


def empty_headers(html: str) -> int:
    parser = Headers()
    parser.feed(html)
    return sum(1 for text in parser.headers if not text.strip())


def _problems(pages: dict[str, str], who: str) -> list[str]:
    found: dict[str, str] = {}
    for url, html in pages.items():
        n = empty_headers(html)
        if n:
            found.setdefault(_kind(url), f"{who} {url}: {n} empty <th>")
    return list(found.values())


def test_the_parser__counts_an_empty_header_and_not_a_visually_hidden_one() -> None:
    html = (
        '<table><tr><th scope="col"></th><th scope="col"> </th>'
        '<th scope="col"><span class="govuk-visually-hidden">Toiminnot</span></th></tr></table>'
    )
    assert empty_headers(html) == 2


def test_pages__each_role_in_finnish__no_empty_table_header(permission_world: World) -> None:
    # given every role, reading Finnish
    problems: list[str] = []
    walked: set[str] = set()
    for role in ROLES:
        client = Client()
        client.force_login(cast(User, permission_world.users[role]))
        # when the pages it reaches from the overview are opened
        pages = walk_pages(client, "/")
        walked |= {_kind(url) for url in pages}
        problems += _problems(pages, role)
    # then every table header cell has a name
    assert "/" in walked
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_overview_and_the_criteria_page__their_unlabelled_columns_have_a_hidden_name(
    lang: str, permission_world: World
) -> None:
    # given the coordinator, who may change a call's criteria, and a call with one criterion
    call = cast(Call, permission_world.objects["call"][P.OWN])
    Criterion.objects.get_or_create(call=call, name="Vaikuttavuus", defaults={"weight": Decimal("2")})
    client = Client()
    client.force_login(cast(User, permission_world.users[P.COORDINATOR]))
    # when the overview (its frames table's column of row labels) and the criteria page (its column of
    # "Change" links) are opened
    with translation.override(lang):
        overview = client.get(reverse("home")).content.decode()
        criteria = client.get(reverse("review:criteria", args=[call.pk])).content.decode()
    # then both tables are there and no header cell of either is empty
    assert 'id="frames-caption"' in overview
    assert "Vaikuttavuus" in criteria and "/criteria/" in criteria
    assert empty_headers(overview) == 0
    assert empty_headers(criteria) == 0


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_pages__coordinator_in_swedish_and_english__no_empty_table_header(
    lang: str, permission_world: World
) -> None:
    client = Client()
    client.force_login(cast(User, permission_world.users[P.COORDINATOR]))
    pages = walk_pages(client, f"/{lang}/")
    assert len(pages) > 5
    assert not _problems(pages, lang)
