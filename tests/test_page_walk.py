"""Walk the pages as each role, following links from the overview: no page answers a server error, and
no page links to a page the user cannot open (403 or 404): the menu, buttons and links are shown from
the same answer of the permission table that guards the page they lead to.

The world is the permission matrix's (two agreements, every kind of object, own / other / foreign), with
one progress report approved by nobody yet (the page used to answer 500 there)."""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.utils import timezone

from accounts import policy as P
from tests.factories import UserFactory
from tests.test_permission_matrix import World

pytestmark = pytest.mark.django_db

MAX_PAGES = 70  # per role: every kind of page at most twice
SKIP = ("/admin/", "/accounts/logout", "/static/", "/media/", "/i18n/", "/api/v1/docs")


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.menu: list[str] = []
        self._in_nav = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "nav":
            self._in_nav += 1
        if tag == "a" and values.get("href"):
            href = str(values["href"]).split("#")[0]
            self.hrefs.append(href)
            if self._in_nav:
                self.menu.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self._in_nav:
            self._in_nav -= 1


def _kind(url: str) -> str:
    return re.sub(r"\d+", "N", url.split("?")[0])


def walk(client: Client) -> tuple[list[str], list[tuple[str, str, int]], set[str]]:
    """BFS from the overview: (server errors, links that answered 403/404 as (from, to, status), menu)."""
    errors: list[str] = []
    refused: list[tuple[str, str, int]] = []
    menu: set[str] = set()
    seen: set[str] = set()
    kinds: dict[str, int] = {}
    queue: deque[tuple[str, str]] = deque([("/", "")])
    visited = 0
    while queue and visited < MAX_PAGES:
        url, source = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        visited += 1
        response = client.get(url)
        if response.status_code >= 500:
            errors.append(f"{url} (linked from {source or 'start'}): {response.status_code}")
            continue
        if response.status_code in (403, 404) and source:
            refused.append((source, url, response.status_code))
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = Links()
        parser.feed(response.content.decode())
        if url == "/":
            menu = set(parser.menu)
        for href in parser.hrefs:
            if not href.startswith("/") or href.startswith("//") or href.startswith(SKIP):
                continue
            kind = _kind(href)
            if href not in seen and kinds.get(kind, 0) < 2:
                kinds[kind] = kinds.get(kind, 0) + 1
                queue.append((href, url))
    return errors, refused, menu


ROLES = [r for r in P.ROLES if r != P.ANONYMOUS] + ["admin"]


@pytest.mark.parametrize("role", ROLES)
def test_walk__each_role__no_server_error_and_no_link_refused(role: str, permission_world: World) -> None:
    world = permission_world
    from progress.models import ProgressReport

    # a report marked approved that nobody decided (old data): the page shows it without a decider
    report = ProgressReport.objects.order_by("pk").first()
    assert report is not None
    ProgressReport.objects.filter(pk=report.pk).update(approved_at=timezone.now(), decided_by=None)
    user = UserFactory(is_superuser=True, username="m-admin") if role == "admin" else world.users[role]
    client = Client()
    client.force_login(user)
    errors, refused, menu = walk(client)
    assert client.get(f"/progress/reports/{report.pk}/").status_code < 500
    assert not errors
    menu_refused = [r for r in refused if r[1] in menu]
    assert not menu_refused
    # no page links to a page the user cannot open: every link shown comes from the same answer (can)
    assert not refused, "\n".join(f"{source} -> {target}: {status}" for source, target, status in refused)
