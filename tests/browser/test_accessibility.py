"""axe-core (npm package, from node_modules: no CDN) over every page as each role: zero violations of any
impact, in Finnish, with a sample in Swedish and English; screenshots of key pages at 1366 and 390 px.

Pages are found as a signed-in user finds them, by following links from the overview (each kind of page
once); the world is the permission matrix's. Set SALKKU_SCREENSHOTS=<directory> to keep the screenshots
for review."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from accounts import policy as P
from tests.browser.conftest import CHROMIUM_ARGS  # noqa: F401  (the same browser set-up)
from tests.test_page_language import walk_texts
from tests.test_permission_matrix import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
ROLES = [r for r in P.ROLES if r != P.ANONYMOUS]


def _context(chromium, live_server, client: Client | None, width: int = 1366, height: int = 900):
    # bypass_csp: axe is injected by the test, not served by the app (the app's own scripts still run)
    context = chromium.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
    if client is not None:
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
        )
    return context


def axe_violations(page) -> list[dict[str, object]]:
    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result
    ]


def _check(chromium, live_server, client: Client | None, urls: list[str]) -> list[str]:
    context = _context(chromium, live_server, client)
    page = context.new_page()
    problems = []
    try:
        for url in urls:
            page.goto(live_server.url + url)
            page.wait_for_load_state("networkidle")
            for v in axe_violations(page):
                problems.append(f"{url}: {json.dumps(v, ensure_ascii=False)}")
    finally:
        context.close()
    return problems


def _urls(client: Client, start: str) -> list[str]:
    return list(walk_texts(client, start))


# The walk of every role's pages is the longest browser test: in parts, so that test workers share it.
WALK_PARTS = 3


@pytest.mark.parametrize("part", range(WALK_PARTS))
def test_axe__every_page_each_role_finnish__no_violation(chromium, live_server, part: int) -> None:
    if not AXE.exists():
        pytest.skip("axe-core is missing from node_modules: npm ci")
    world = build_world()
    problems: list[str] = []
    if part == 0:
        # the pages open to everyone
        problems += _check(
            chromium, live_server, None, ["/accounts/login/", "/public/projects/", "/accessibility/"]
        )
    for role in ROLES[part::WALK_PARTS]:
        client = Client()
        client.force_login(world.users[role])
        problems += [f"{role} {p}" for p in _check(chromium, live_server, client, _urls(client, "/"))]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_axe__sample_in_swedish_and_english__no_violation_and_screenshots(
    chromium, live_server, lang, tmp_path
) -> None:
    if not AXE.exists():
        pytest.skip("axe-core is missing from node_modules: npm ci")
    world = build_world()
    client = Client()
    client.force_login(world.users[P.COORDINATOR])
    urls = _urls(client, f"/{lang}/")[:15]
    problems = _check(chromium, live_server, client, [*urls, f"/{lang}/accessibility/"])
    assert not problems, "\n".join(problems)
    # screenshots of key pages at both widths, for review
    shots = Path(os.environ.get("SALKKU_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    for width in (1366, 390):
        context = _context(chromium, live_server, client, width=width)
        page = context.new_page()
        for name, url in (
            ("overview", f"/{lang}/"),
            ("statement", f"/{lang}/accessibility/"),
            *[(f"page{i}", u) for i, u in enumerate(urls[1:4], start=1)],
        ):
            page.goto(live_server.url + url)
            page.wait_for_load_state("networkidle")
            # nothing sticks out sideways at this width (a clipped control would)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{url} at {width} px is {overflow} px too wide"
            page.screenshot(path=str(shots / f"{lang}-{name}-{width}.png"), full_page=True)
        context.close()


def test_axe__scenario_and_network_pages__no_violation(chromium, live_server) -> None:
    """The two pages axe found at fault: a scenario's share tables had an empty column header, the network
    chart's link lines were images without a text alternative."""
    if not AXE.exists():
        pytest.skip("axe-core is missing from node_modules: npm ci")
    world = build_world()
    client = Client()
    client.force_login(world.users[P.COORDINATOR])
    urls = [u for u in _urls(client, "/") if u.startswith(("/portfolio/", "/network/"))]
    assert any(u.startswith("/network/") for u in urls) and any(
        u[len("/portfolio/") :][:1].isdigit() for u in urls
    )
    problems = _check(chromium, live_server, client, urls)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_axe__network_environments_adoptions_search_and_filtered_lists__each_language(
    chromium, live_server, lang
) -> None:
    """The issue's pages (network, test environments and their timeline, adoptions, the search results)
    and the lists that got filters and exports, in each language, as the coordinator: no violation."""
    from django.urls import reverse
    from django.utils import translation

    from projects.models import Project

    if not AXE.exists():
        pytest.skip("axe-core is missing from node_modules: npm ci")
    world = build_world()
    client = Client()
    client.force_login(world.users[P.COORDINATOR])
    project = world.objects["project"][P.OWN]
    assert isinstance(project, Project)
    word = project.name.split()[0]
    with translation.override(lang):
        urls = [
            reverse("ecosystem:network"),
            reverse("ecosystem:environment_list"),
            reverse("ecosystem:timeline"),
            reverse("ecosystem:adoption_list"),
            reverse("search") + f"?q={word}",
            reverse("pipeline:call_list") + "?status=open",
            reverse("portfolio:scenario_list"),
            reverse("audit_log"),
            reverse("accessibility:feedback_list"),
            reverse("projects:funding_queue"),
        ]
    assert all(url.startswith(f"/{lang}/") or lang == "fi" for url in urls)
    problems = _check(chromium, live_server, client, urls)
    assert not problems, "\n".join(problems)
