"""Security headers on every response, and a production configuration that `check --deploy` passes."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from web.templatetags.salkku import brand_palette, brand_style

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_headers__every_response__frame_ancestors_none_referrer_and_permissions() -> None:
    response = Client().get("/healthz")
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    directives = {d.split()[0]: d.split()[1:] for d in (part.strip() for part in csp.split(";")) if d}
    # no inline script or style and no eval anywhere in the policy: only the site's own files
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert "unsafe" not in csp
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_check_deploy__production_settings__no_warning(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "SALKKU_MODE": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "salkku.example",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        # production refuses SQLite unless it is asked for (config/production.py); check --deploy needs no server
        "SALKKU_ALLOW_SQLITE": "true",
        "STATIC_ROOT": str(tmp_path),  # with a manifest, as `salkku serve` leaves it (ops/checks.py)
    }
    (tmp_path / "staticfiles.json").write_text("{}")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


# Every template an app renders as a page of the site. The annual report is a self-contained document that
# is downloaded (Content-Disposition: attachment) and read offline, so its stylesheet is inside it.
STANDALONE_DOCUMENTS = {"reports/templates/reports/annual_report.html"}
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=\s*["'{]""", re.IGNORECASE)
EVENT_HANDLER = re.compile(
    r"""<[a-z][^>]*\son[a-z]+\s*=\s*["']""", re.IGNORECASE
)  # onclick="...", also script


def _templates() -> list[Path]:
    skip = {".venv", "node_modules", ".git", "staticfiles"}
    return [
        path for path in ROOT.rglob("templates/**/*.html") if not skip & set(path.relative_to(ROOT).parts)
    ]


def test_templates__none__inline_script_or_style() -> None:
    # given every template of the project (the Content-Security-Policy refuses inline code and styles)
    templates = _templates()
    assert len(templates) > 50
    found = []
    for path in templates:
        name = path.relative_to(ROOT).as_posix()
        text = path.read_text(encoding="utf-8")
        # then none has a <script> without src (json_script's data is written by a filter, not a tag)
        # nor an inline event handler
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER):
            for match in pattern.finditer(text):
                found.append(f"{name}: inline {match.group(0)}")
        if name in STANDALONE_DOCUMENTS:
            continue
        # and none has a <style> element or a style attribute
        for pattern in (STYLE_ELEMENT, STYLE_ATTRIBUTE):
            for match in pattern.finditer(text):
                found.append(f"{name}: {match.group(0).strip()}")
    assert found == []


def test_template_scan__inline_script_and_style__found() -> None:
    # the scan's patterns find what they are meant to, and pass what is allowed
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert INLINE_SCRIPT.search('<script type="module">x()</script>')
    assert not INLINE_SCRIPT.search('<script src="/static/salkku.js" defer></script>')
    assert STYLE_ATTRIBUTE.search('<div class="x" style="color: red">')
    assert not STYLE_ATTRIBUTE.search('<div class="govuk-inset-text" data-style="x">')
    assert STYLE_ELEMENT.search("<style>:root{}</style>")
    assert EVENT_HANDLER.search('<button type="button" onclick="go()">')
    assert not EVENT_HANDLER.search('<button type="button" data-module="govuk-button">')


def test_brand_style__agreement_colour__linked_stylesheet_of_its_properties() -> None:
    # given an agreement whose colour is a mid-tone
    class Agreement:
        brand_colour = "#7A2048"

    # when the tag renders for it
    html = brand_style(Agreement())
    # then it links the colour's stylesheet (no inline <style>), which sets the palette's properties
    assert html == '<link rel="stylesheet" href="/brand/7a2048.css">'
    response = Client().get("/brand/7a2048.css")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    body = response.content.decode()
    for name, value in brand_palette("#7a2048").items():
        assert f"{name}:{value};" in body


@pytest.mark.parametrize("colour", ["7a204", "zzzzzz", "7a2048;}body{x:y", "%237a2048"])
def test_brand_stylesheet__not_a_colour__404(colour: str) -> None:
    assert Client().get(f"/brand/{colour}.css").status_code == 404


@pytest.mark.parametrize("colour", [None, "", "red", "#7a204"])
def test_brand_style__no_valid_colour__nothing(colour: str | None) -> None:
    class Agreement:
        brand_colour = colour

    assert brand_style(Agreement()) == ""
    assert brand_style(None) == ""


@pytest.mark.django_db
def test_api_docs__swagger_ui__no_inline_script_or_style(django_user_model) -> None:
    # given a signed-in user
    client = Client()
    client.force_login(django_user_model.objects.create_user("docs-reader", password="x"))
    # when the API's documentation page is opened
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    # then it has no inline script or style: its start-up script has an address of its own
    assert (
        not INLINE_SCRIPT.search(html) and not STYLE_ELEMENT.search(html) and not STYLE_ATTRIBUTE.search(html)
    )
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()
