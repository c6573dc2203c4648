"""The review walk: every role's pages in fi, sv and en at 1366 px and 390 px, with screenshots.

    python scripts/page_review.py --url http://127.0.0.1:8000 [--users koordinaattori,ministerio]
                                  [--langs fi,sv,en] [--widths 1366,390] [--max-pages 30]

Against a running demo server (``make demo``). Signs in each demo user (``salkku demo-data --users``)
through the sign-in page, finds that role's pages by following links from the overview (one page of
each kind: ``/projects/12/`` and ``/projects/31/`` are one kind), then opens each page in every language
and width, saves a full-page screenshot under ``var/page-review/<user>/<width>/<lang>/`` and checks:

- server error: the page answered 5xx;
- overflow: at a narrow width the document scrolls sideways, or an element reaches past the viewport
  outside a scroll region (a clipped control);
- untranslated: a visible text that is another language's catalogue entry (a Finnish msgstr on a Swedish
  or English page, an English msgid whose translation exists on a Finnish or Swedish page);
- raw code: a fund code where the language has a name (ERDF on fi/sv pages, STATE anywhere), a
  snake_case field or action name, an ISO date, a Finnish-style date (1.1.2021) on an English page, an
  amount without grouping (3754199.25);
- table header: two columns of one name in a table's header row ("Tavoite", "Tavoite"), or a column
  header without any name; and a choice list whose empty choice is Django's "---------".

Writes ``var/page-review/findings.json`` and prints a table of counts; exits non-zero when anything was
found. A tool for people, not part of the test suite: look at the screenshots too.
"""

from __future__ import annotations

import argparse
import gettext
import json
import re
import sys
import time
from collections import deque
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlparse

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
DEFAULT_USERS = (
    "koordinaattori",
    "johtoryhma-espoo",
    "arvioija-1",
    "hakija-yliopisto",
    "hakija-yritys",
    "rahoittaja",
    "ministerio",
)
# An agreement's own overview (/agreements/<slug>/) selects that agreement for the rest of the session: the
# walk stays on the user's own agreement, whose overview is "/".
SKIP = (
    "/agreements/",
    "/admin/",
    "/accounts/logout",
    "/static/",
    "/media/",
    "/i18n/",
    "/api/",
    "/brand/",
    "/healthz",
)
SKIP_SUFFIX = (".yaml", ".csv", ".json", ".xlsx", ".pdf", ".png", ".svg", ".zip")
MAX_SHOT_HEIGHT = 4000
# Pages a role may reach that no link on the way leads to (a form leads to the comparison): tried too, and
# kept when they answer 200.
SEEDS = ("/monitoring/national/", "/overlaps/", "/network/", "/reports/", "/public/projects/")
LANG_PREFIX = {"fi": "", "sv": "/sv", "en": "/en"}

# Raw codes, per page language: (name, pattern, languages where it is a finding).
RAW = (
    # Finnish names the funds EAKR and ESR+, Swedish ERUF (and ESF+ as English does); JTF is JTF in all three.
    ("fund code", re.compile(r"\bERDF\b"), {"fi", "sv"}),
    ("fund code", re.compile(r"\bESF\+(?![\w+])"), {"fi"}),
    ("fund code", re.compile(r"\bSTATE\b"), {"fi", "sv", "en"}),
    ("snake_case", re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+(?:\.[a-z_]+)?\b"), {"fi", "sv", "en"}),
    ("ISO date", re.compile(r"\b(?:19|20)\d\d-[01]\d-[0-3]\d\b"), {"fi", "sv", "en"}),
    # English writes 31 Dec 2029: 1.1.2021 on an English page is a date formatted the Finnish way
    ("Finnish date", re.compile(r"(?<![\d.])[0-3]?\d\.[01]?\d\.(?:19|20)\d\d\b"), {"en"}),
    # d3's or Python's default: 3754199.25 (no grouping) where a person reads 3 754 199,25
    ("ungrouped number", re.compile(r"(?<![\w.,/-])\d{5,}\.\d{1,2}(?![\w.])"), {"fi", "sv", "en"}),
)

# Visible text nodes (trimmed, with their tag path), the document's width and the elements that reach past
# the viewport outside a scroll region (outermost only).
PAGE_SCAN = """
() => {
  const visible = (el) => {
    if (!el) return false;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') return false;
    const rects = el.getClientRects();
    return rects.length > 0 && Array.from(rects).some(r => r.width > 0 && r.height > 0);
  };
  const hiddenForSight = (el) => {
    for (let e = el; e; e = e.parentElement) {
      if (e.classList && (e.classList.contains('govuk-visually-hidden') || e.classList.contains('sr-only'))) return true;
      if (e.tagName === 'SCRIPT' || e.tagName === 'STYLE' || e.tagName === 'CODE' || e.tagName === 'PRE' || e.tagName === 'TEMPLATE') return true;
      if (e.hasAttribute && e.hasAttribute('data-user-text')) return true;
    }
    return false;
  };
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = n.textContent.replace(/\\s+/g, ' ').trim();
    if (!t) continue;
    const el = n.parentElement;
    if (!visible(el) || hiddenForSight(el)) continue;
    texts.push(t);
  }
  const vw = window.innerWidth;
  const scrolls = (el) => {
    for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
      const o = getComputedStyle(e).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true;
    }
    return false;
  };
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    if (el.classList.length) s += '.' + Array.from(el.classList).slice(0, 3).join('.');
    const text = (el.innerText || el.value || '').replace(/\\s+/g, ' ').trim().slice(0, 60);
    return s + (text ? ' "' + text + '"' : '');
  };
  const wide = [];
  const all = document.body.querySelectorAll('*');
  const offending = new Set();
  for (const el of all) {
    if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if ((r.right > vw + 1 || r.left < -1) && visible(el) && !scrolls(el)) offending.add(el);
  }
  for (const el of offending) {
    if (el.parentElement && offending.has(el.parentElement)) continue;
    const r = el.getBoundingClientRect();
    wide.push(describe(el) + ' [' + Math.round(r.left) + '..' + Math.round(r.right) + ']');
  }
  // Table headers: two columns of one name in a header row, or a column header with no name at all (not
  // even one for screen readers).
  const headers = [];
  for (const row of document.querySelectorAll('thead tr')) {
    if (!visible(row)) continue;
    const names = Array.from(row.querySelectorAll('th')).map(th => (th.textContent || '').replace(/\\s+/g, ' ').trim());
    const seen = new Set();
    for (const name of names) {
      if (!name) headers.push('empty column header');
      else if (seen.has(name)) headers.push('two columns headed "' + name + '"');
      seen.add(name);
    }
  }
  for (const select of document.querySelectorAll('select')) {
    if (!visible(select)) continue;
    if (Array.from(select.options).some(o => /^-{3,}$/.test(o.text.trim()))) {
      headers.push('a choice list starts with "---------" (' + (select.name || select.id) + ')');
    }
  }
  return {
    texts,
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: vw,
    wide: wide.slice(0, 10),
    headers: Array.from(new Set(headers)),
  };
}
"""


# Finnish function words: a visible sentence on a Swedish or English page with two of them is Finnish. It may be
# text someone typed (a project's summary stays as typed), so it is listed as a question for the reviewer.
FINNISH_WORDS = frozenset(
    [
        "ja",
        "ei",
        "että",
        "tai",
        "kun",
        "jos",
        "ovat",
        "oli",
        "sekä",
        "myös",
        "mutta",
        "joka",
        "jotka",
        "jonka",
        "hankkeen",
        "hanke",
        "hankkeet",
        "vuonna",
        "kanssa",
        "mukaan",
        "ovat",
        "eikä",
        "siitä",
        "sen",
        "niiden",
        "tämä",
        "nämä",
    ]
)


def finnish_sentence(text: str) -> bool:
    words = re.findall(r"[a-zåäö]+", text.lower())
    return len(words) >= 4 and sum(w in FINNISH_WORDS for w in words) >= 2


def load_catalogues() -> dict[str, dict[str, str]]:
    """{language: {msgid: msgstr}} for fi and sv."""
    catalogues: dict[str, dict[str, str]] = {}
    for lang in ("fi", "sv"):
        mo = ROOT / "locale" / lang / "LC_MESSAGES" / "django.mo"
        with mo.open("rb") as handle:
            translations = gettext.GNUTranslations(handle)
        raw: dict[Any, Any] = translations._catalog  # the parsed catalogue: no public accessor exists
        entries: dict[str, str] = {}
        for key, value in raw.items():
            msgid = key[0] if isinstance(key, tuple) else key
            if not msgid or not isinstance(value, str):
                continue
            msgid = msgid.split("\x04")[-1]  # drop a context
            if value:
                entries[msgid] = value
        catalogues[lang] = entries
    return catalogues


def foreign_texts(catalogues: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """{page language: {text that does not belong there: which language it is}}.

    Only whole texts of at least two words or eight letters: a short word may be the same in two
    languages ("Status", "Budget"), and such a text is a finding only when it is not also a text of the
    page's own language."""

    def usable(text: str) -> bool:
        return "%" not in text and "{" not in text and len(text) >= 8 and any(c.isalpha() for c in text)

    # A msgid translated as itself ("Scenario" in Swedish) belongs to both languages.
    fi_texts = {v for v in catalogues["fi"].values() if usable(v)}
    sv_texts = {v for v in catalogues["sv"].values() if usable(v)}
    en_texts = {k for k in set(catalogues["fi"]) | set(catalogues["sv"]) if usable(k)}
    own = {"fi": fi_texts, "sv": sv_texts, "en": en_texts}
    foreign: dict[str, dict[str, str]] = {}
    for lang in ("fi", "sv", "en"):
        table: dict[str, str] = {}
        for other, texts in (("fi", fi_texts), ("sv", sv_texts), ("en", en_texts)):
            if other == lang:
                continue
            for text in texts - own[lang]:
                table.setdefault(text, other)
        foreign[lang] = table
    return foreign


def kind(path: str) -> str:
    """``/projects/12/`` and ``/projects/31/`` are one kind of page, as are two agreements' pages."""
    path = re.sub(r"/agreements/[^/]+/", "/agreements/S/", path.split("?")[0])
    return re.sub(r"\d+", "N", path)


def discover(context: Any, base: str, max_pages: int) -> list[str]:
    """One page of each kind the role reaches by links from the overview (Finnish, no rendering)."""
    seen: set[str] = set()
    kinds: set[str] = set()
    pages: list[str] = []
    queue: deque[str] = deque(["/", *SEEDS])
    while queue and len(pages) < max_pages:
        path = queue.popleft()
        if path in seen or kind(path) in kinds:
            continue
        seen.add(path)
        response = context.request.get(base + path, max_redirects=0, fail_on_status_code=False)
        if response.status != 200 and response.status < 500:
            continue
        kinds.add(kind(path))
        pages.append(path)
        if "text/html" not in response.headers.get("content-type", ""):
            continue
        for href in re.findall(r'<a\b[^>]*\bhref="([^"#]+)', response.text()):
            target = urlparse(urljoin(base + path, href.replace("&amp;", "&")))
            if target.netloc and target.netloc != urlparse(base).netloc:
                continue
            link = target.path + (f"?{target.query}" if target.query else "")
            if link.startswith(("/sv/", "/en/")) or link.startswith(SKIP):
                continue
            if target.path.endswith(SKIP_SUFFIX) or "format=" in target.query or "export" in target.query:
                continue
            if target.path.rstrip("/").endswith("/download"):  # a stored report's file: a download
                continue
            if link not in seen and kind(link) not in kinds:
                queue.append(link)
    listing = context.request.get(base + "/portfolio/", max_redirects=0, fail_on_status_code=False)
    if listing.status == 200:
        scenarios = list(dict.fromkeys(re.findall(r'href="/portfolio/(\d+)/"', listing.text())))[:3]
        if scenarios:  # with one scenario the page asks for a second: its form is reviewed all the same
            pages.append("/portfolio/compare/?" + "&".join(f"s={pk}" for pk in scenarios))
    return pages


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/", timeout=90_000)
    page.fill("#id_username", username)
    page.fill("#id_password", f"demo-{username}-2026")
    page.locator("form:has(#id_password) button[type=submit]").click()
    page.wait_for_load_state()
    if "/accounts/login/" in page.url:
        raise SystemExit(f"{username}: signing in failed (is this a demo database?)")


def check(
    lang: str, width: int, status: int, scan: dict[str, Any], foreign: dict[str, str]
) -> list[dict[str, str]]:
    findings: list[dict[str, str]] = []
    if status >= 500:
        findings.append({"kind": "server error", "detail": str(status)})
    if width < 800:
        if scan["scrollWidth"] > scan["innerWidth"]:
            findings.append(
                {
                    "kind": "overflow",
                    "detail": f"document {scan['scrollWidth']} px wide at {scan['innerWidth']} px",
                }
            )
        for element in scan["wide"]:
            findings.append({"kind": "overflow", "detail": element})
    for header in scan.get("headers", []):
        findings.append({"kind": "table header", "detail": header})
    reported: set[tuple[str, str]] = set()
    for text in scan["texts"]:
        if lang != "fi" and finnish_sentence(text) and ("finnish", text) not in reported:
            reported.add(("finnish", text))
            findings.append({"kind": "Finnish text (typed?)", "detail": text[:100]})
        other = foreign.get(text)
        if other and ("untranslated", text) not in reported:
            reported.add(("untranslated", text))
            findings.append({"kind": "untranslated", "detail": f"{other}: {text[:100]}"})
        for name, pattern, langs in RAW:
            if lang not in langs:
                continue
            for match in pattern.finditer(text):
                if "@" in text or "://" in text:
                    continue
                key = (name, match.group(0))
                if key not in reported:
                    reported.add(key)
                    findings.append({"kind": f"raw {name}", "detail": f"{match.group(0)} in {text[:100]!r}"})
    return findings


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--users", default=",".join(DEFAULT_USERS), help="demo usernames, comma-separated")
    parser.add_argument("--langs", default="fi,sv,en")
    parser.add_argument("--widths", default="1366,390")
    parser.add_argument("--max-pages", type=int, default=30, help="per role")
    parser.add_argument("--only", default="", help="a regular expression: visit only the paths it matches")
    parser.add_argument("--out", default=str(ROOT / "var" / "page-review"))
    args = parser.parse_args()

    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    base = args.url.rstrip("/")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    foreign = foreign_texts(load_catalogues())
    langs = args.langs.split(",")
    widths = [int(w) for w in args.widths.split(",")]
    results: list[dict[str, Any]] = []
    visits = 0
    started = time.monotonic()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        for username in args.users.split(","):
            context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="fi-FI")
            page = context.new_page()
            sign_in(page, base, username)
            pages = discover(context, base, args.max_pages)
            if args.only:
                pages = [p for p in pages if re.search(args.only, p)]
            print(f"{username}: {len(pages)} pages", flush=True)
            for width in widths:
                page.set_viewport_size({"width": width, "height": 900})
                for lang in langs:
                    folder = out / username / str(width) / lang
                    folder.mkdir(parents=True, exist_ok=True)
                    for path in pages:
                        url = base + LANG_PREFIX[lang] + path
                        try:
                            response = page.goto(url, wait_until="load", timeout=90_000)
                        except PlaywrightError as error:  # a page that never loads is a finding too
                            results.append(
                                {
                                    "user": username,
                                    "lang": lang,
                                    "width": width,
                                    "path": path,
                                    "status": 0,
                                    "screenshot": "",
                                    "findings": [
                                        {"kind": "not loaded", "detail": str(error).splitlines()[0]}
                                    ],
                                }
                            )
                            continue
                        status = response.status if response else 0
                        page.wait_for_timeout(150)  # charts draw after load
                        scan = page.evaluate(PAGE_SCAN)
                        name = re.sub(r"[^\w.-]+", "_", path.strip("/")) or "overview"
                        shot = folder / f"{name}.png"
                        # A long list is cut at MAX_SHOT_HEIGHT: its first screens show what its rows look like.
                        height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_SHOT_HEIGHT)
                        page.screenshot(
                            path=str(shot),
                            full_page=True,
                            clip={"x": 0, "y": 0, "width": width, "height": height},
                        )
                        visits += 1
                        findings = check(lang, width, status, scan, foreign[lang])
                        results.append(
                            {
                                "user": username,
                                "lang": lang,
                                "width": width,
                                "path": path,
                                "status": status,
                                "screenshot": str(shot.relative_to(out)),
                                "findings": findings,
                            }
                        )
                        for finding in findings:
                            print(
                                f"  {lang} {width} {path}: {finding['kind']}: {finding['detail']}", flush=True
                            )
            context.close()
            (out / "findings.json").write_text(json.dumps(results, ensure_ascii=False, indent=1))
        browser.close()
    counts: dict[str, int] = {}
    for result in results:
        for finding in result["findings"]:
            counts[finding["kind"]] = counts.get(finding["kind"], 0) + 1
    print(f"\n{visits} page visits in {time.monotonic() - started:.0f} s; screenshots in {out}")
    print(f"{'finding':<24} {'count':>6}")
    for name, count in sorted(counts.items()):
        print(f"{name:<24} {count:>6}")
    return 1 if counts else 0


if __name__ == "__main__":
    sys.exit(main())
