"""Every page as each role speaks the reader's language: walking the pages from the overview in Finnish
(and a sample in Swedish and English), no page shows an ISO date, a fund code where Finnish has a name
(ERDF is EAKR), an English indicator unit, a raw audit action or a raw status code.

The world is the permission matrix's (two agreements, every kind of object) with one indicator target
and audit entries of every kind the feed shows."""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser

import pytest
from django.db import models
from django.test import Client

from accounts import policy as P
from audit.actions import ACTION_LABELS
from tests.test_page_walk import SKIP, Links, _kind
from tests.test_permission_matrix import World

pytestmark = pytest.mark.django_db

MAX_PAGES = 45  # per role and language: every kind of page at most once

ISO_DATE = re.compile(r"\b(?:19|20)\d\d-[01]\d-[0-3]\d\b")
FI_RAW = {
    "fund code": re.compile(r"\b(?:ERDF|STATE|ESF\+)(?![\w+])"),
    "English unit": re.compile(
        r"\d\s*(?:enterprises?|annual FTEs?|research institutions?|public institutions?|patent applications?|"
        r"publications?|participants?|persons?)\b"
    ),
}
SV_RAW = {"fund code": re.compile(r"\b(?:ERDF|STATE)\b")}


def _raw_choice_codes() -> re.Pattern[str]:
    """The stored values of every choice field that a person would never write (``in_review``)."""
    from django.apps import apps

    values: set[str] = set()
    for model in apps.get_models():
        if model._meta.app_label not in {
            "pipeline",
            "review",
            "decisions",
            "projects",
            "progress",
            "monitoring",
            "portfolio",
            "programme",
            "reports",
            "ecosystem",
            "overlaps",
            "accounts",
        }:
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.Field) and field.choices:
                values |= {str(v) for v, _ in field.flatchoices if "_" in str(v)}
    return re.compile(r"(?<![\w/.-])(?:" + "|".join(sorted(map(re.escape, values))) + r")(?![\w/.-])")


class Text(HTMLParser):
    """The text a reader sees: no scripts, styles, templates or attribute values."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template", "textarea"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template", "textarea") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def walk_texts(client: Client, start: str) -> dict[str, str]:
    """Pages reached from ``start`` (each kind at most once): their visible text by URL."""
    texts: dict[str, str] = {}
    for url, html in walk_pages(client, start).items():
        text = Text()
        text.feed(html)
        texts[url] = " ".join(text.parts)
    return texts


def walk_pages(client: Client, start: str) -> dict[str, str]:
    """Pages reached from ``start`` (each kind at most once): their HTML by URL."""
    pages: dict[str, str] = {}
    seen: set[str] = set()
    kinds: set[str] = set()
    queue: deque[str] = deque([start])
    prefix = start.rstrip("/")
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        if "attachment" in response.get("Content-Disposition", ""):
            continue  # a download (the annual report as HTML), not a page
        html = response.content.decode()
        pages[url] = html
        links = Links()
        links.feed(html)
        for href in links.hrefs:
            if not href.startswith(prefix + "/") or href.startswith("//"):
                continue
            bare = href[len(prefix) :] if prefix else href
            if (
                bare.startswith(SKIP)
                or "/export" in bare
                or href.endswith((".csv", ".json", ".xlsx", ".pdf", ".png", ".svg"))
            ):
                continue
            kind = _kind(href)
            if kind not in kinds:
                kinds.add(kind)
                queue.append(href)
    return pages


def _problems(texts: dict[str, str], patterns: dict[str, re.Pattern[str]]) -> list[str]:
    """One line per kind of page, kind of problem and text found, with the text around it."""
    found = []
    seen: set[tuple[str, str, str]] = set()
    for url, text in texts.items():
        for name, pattern in patterns.items():
            for match in pattern.finditer(text):
                key = (_kind(url), name, match.group(0))
                if key in seen:
                    continue
                seen.add(key)
                start = max(0, match.start() - 40)
                found.append(f"{url}: {name} {match.group(0)!r} in …{text[start : match.end() + 40]!r}…")
    return found


ROLES = [r for r in P.ROLES if r != P.ANONYMOUS]


def test_pages__each_role_in_finnish__no_raw_code_english_term_or_iso_date(permission_world: World) -> None:
    world = permission_world
    actions = re.compile(
        r"(?<![\w.])(?:"
        + "|".join(re.escape(a) for a in ACTION_LABELS)
        + r"|[a-z]+_[a-z_]+\.[a-z_]+)(?![\w.])"
    )
    patterns = {**FI_RAW, "ISO date": ISO_DATE, "audit action": actions, "raw code": _raw_choice_codes()}
    problems: list[str] = []
    for role in ROLES:
        client = Client()
        client.force_login(world.users[role])
        texts = walk_texts(client, "/")
        assert len(texts) > 5, role
        problems += [f"{role} {p}" for p in _problems(texts, patterns)]
    assert not problems, "\n".join(problems[:60])


@pytest.mark.parametrize(("lang", "patterns"), [("sv", SV_RAW), ("en", {})])
def test_pages__coordinator_in_swedish_and_english__no_iso_date(
    lang: str, patterns: dict[str, re.Pattern[str]], permission_world: World
) -> None:
    world = permission_world
    client = Client()
    client.force_login(world.users[P.COORDINATOR])
    texts = walk_texts(client, f"/{lang}/")
    assert len(texts) > 5
    problems = _problems(texts, {**patterns, "ISO date": ISO_DATE})
    assert not problems, "\n".join(problems[:40])
