"""The real mix of Salkku's users, for Locust (benchmarks/load/run.py starts it; loopback only).

Applicants open their proposals and save their drafts through the whole edit form, reviewers open
their assignments and save scores on the proposals in review, the coordinator and the steering group
open the monitoring dashboard, the portfolio options (the optimiser's pages) and the meetings, an
integration reads the API. Every user signs in once with the demo accounts, through the production
server's Secure cookies (see ``LoopbackJar``). ``StaticUser`` is the baseline of the same run: a hashed
static file and /healthz through the same server.
"""

from __future__ import annotations

import os
import random
import re
from html.parser import HTMLParser
from http.cookiejar import Cookie
from typing import Any

from locust import HttpUser, between, task
from requests.cookies import RequestsCookieJar

PROTO = {"X-Forwarded-Proto": "https"}  # as the TLS-terminating proxy says (SECURE_PROXY_SSL_HEADER)
LOOPBACK = {"127.0.0.1", "localhost", "[::1]"}


class LoopbackJar(RequestsCookieJar):
    """Secure cookies from 127.0.0.1 are sent back over plain HTTP, as browsers do for loopback (a
    "potentially trustworthy" origin); Python's cookie jar would keep them to itself.

    The server keeps its production settings (Secure session and CSRF cookies, HTTPS only through the
    proxy header): the load client stands where the TLS-terminating proxy would, on the same machine.
    The flag is cleared as each cookie is stored, because requests copies the jar into a fresh one (with
    the default policy) for every request.
    """

    def set_cookie(self, cookie: Cookie, *args: Any, **kwargs: Any) -> None:
        if cookie.domain.lstrip(".") in LOOPBACK:
            cookie.secure = False
        super().set_cookie(cookie, *args, **kwargs)


class PostForm(HTMLParser):
    """The fields of the page's own POST form (the first posting to the page itself) as a browser would send them unchanged: text inputs and
    textareas with their values, the selected option, checked boxes; radio groups are listed apart (the
    caller chooses) and so are the submit buttons."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.fields: list[tuple[str, str]] = []
        self.radios: dict[str, list[str]] = {}
        self.buttons: dict[str, str] = {}
        self._depth = 0  # 0 before the form, 1 inside, 2 after
        self._select: str | None = None
        self._option: tuple[str, bool] | None = None
        self._first_option: str | None = None
        self._textarea: str | None = None
        self._text = ""
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        own = not a.get("action")  # not the language switch or the sign-out form, which post elsewhere
        if tag == "form" and self._depth == 0 and a.get("method", "").lower() == "post" and own:
            self._depth = 1
            return
        if self._depth != 1 or "disabled" in a:
            return
        name = a.get("name", "")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind == "radio":
                self.radios.setdefault(name, []).append(a.get("value", "on"))
            elif kind == "checkbox":
                if "checked" in a:
                    self.fields.append((name, a.get("value", "on")))
            elif kind == "submit":
                self.buttons[name] = a.get("value", "")
            elif kind not in {"file", "image", "reset", "button"}:
                self.fields.append((name, a.get("value", "")))
        elif tag == "button" and name and a.get("type", "submit") == "submit":
            self.buttons.setdefault(name, a.get("value", ""))
        elif tag == "select" and name:
            self._select, self._first_option, self._option = name, None, None
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in a:
                self._option = (value, True)
        elif tag == "textarea" and name:
            self._textarea, self._text = name, ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._depth == 1:
            self._depth = 2
        elif tag == "select" and self._select is not None:
            chosen = self._option[0] if self._option else self._first_option
            if chosen is not None:
                self.fields.append((self._select, chosen))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data


class SalkkuUser(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    username = ""

    def on_start(self) -> None:
        self.client.cookies = LoopbackJar()
        page = self.client.get("/accounts/login/", headers=PROTO, name="login form")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert token, "no CSRF token on the sign-in page"
        password = f"demo-{self.username}-2026"
        with self.client.post(
            "/accounts/login/",
            data={"username": self.username, "password": password, "csrfmiddlewaretoken": token.group(1)},
            headers={**PROTO, "Referer": self.https("/accounts/login/")},
            allow_redirects=False,
            name="sign in",
            catch_response=True,
        ) as response:
            # A refused sign-in is an error of the run (counted), not a silently idle user.
            if response.status_code != 302 or "sessionid" not in {c.name for c in self.client.cookies}:
                response.failure(f"{self.username} could not sign in ({response.status_code})")
        self.links: dict[str, list[str]] = {}

    def https(self, path: str) -> str:
        """The page's address as the browser saw it through the proxy (Django checks the Referer)."""
        return f"https://{(self.host or '').split('://', 1)[-1]}{path}"

    def get(self, path: str, name: str | None = None):
        """A page; an answer that ends on the sign-in page (the session lost) counts as an error."""
        with self.client.get(path, headers=PROTO, name=name or path, catch_response=True) as response:
            if not getattr(response, "error", None) and "/accounts/login/" in (response.url or ""):
                response.failure(f"{path}: sent to the sign-in page")
        return response

    def pick(self, page: str, pattern: str) -> str | None:
        if page not in self.links:
            self.links[page] = sorted(set(re.findall(pattern, self.get(page).text)))
        return random.choice(self.links[page]) if self.links[page] else None


class Applicant(SalkkuUser):
    weight = 5
    username = "hakija-yliopisto"

    @task(3)
    def proposals(self) -> None:
        self.get("/proposals/")

    def drafts(self) -> list[str]:
        """The proposals this applicant may edit (their detail page links to the form)."""
        if "drafts" not in self.links:
            listed = sorted(set(re.findall(r'href="(/proposals/\d+/)"', self.get("/proposals/").text)))
            self.links["drafts"] = [
                link
                for link in listed
                if f'href="{link}edit/"' in self.get(link, name="/proposals/[id]/").text
            ]
        return self.links["drafts"]

    @task(3)
    def open_proposal(self) -> None:
        link = self.pick("/proposals/", r'href="(/proposals/\d+/)"')
        if link:
            self.get(link, name="/proposals/[id]/")

    @task(3)
    def edit_proposal(self) -> None:
        drafts = self.drafts()
        if drafts:
            self.get(f"{random.choice(drafts)}edit/", name="/proposals/[id]/edit/")

    @task(2)
    def save_draft(self) -> None:
        """Open a draft's form and save it ("Save the draft"): the whole edit flow, audited, in one
        transaction. Two applicants saving the same draft at once get 409 (the page is stale): the app's
        answer, counted apart under its own name, not an error."""
        drafts = self.drafts()
        if not drafts:
            return
        link = random.choice(drafts)
        page = self.get(f"{link}edit/", name="/proposals/[id]/edit/")
        form = PostForm(page.text)
        data = [*form.fields, ("action", "save")]
        with self.client.post(
            f"{link}edit/",
            data=data,
            headers={**PROTO, "Referer": self.https(f"{link}edit/")},
            name="save draft",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 409:
                response.request_meta["name"] = "save draft: stale, 409"
                response.success()
            elif response.status_code != 302:
                response.failure(f"save draft answered {response.status_code}")

    @task(1)
    def calls(self) -> None:
        self.get("/proposals/calls/")


class Reviewer(SalkkuUser):
    weight = 3
    username = "arvioija-1"

    @task(2)
    def my_reviews(self) -> None:
        self.get("/reviews/")

    @task(3)
    def score_form(self) -> None:
        link = self.pick("/reviews/", r'href="(/reviews/\d+/score/)"')
        if link:
            self.get(link, name="/reviews/[id]/score/")

    @task(2)
    def score(self) -> None:
        """Score every criterion 1–5 with a comment and save, on a proposal in review (the reviewer may
        change scores while it is; run.py lists those of the reviewer's assignments in LOAD_OPEN_REVIEWS)."""
        open_reviews = [x for x in os.environ.get("LOAD_OPEN_REVIEWS", "").split(",") if x]
        if not open_reviews:
            return
        link = random.choice(open_reviews)
        form = PostForm(self.get(link, name="/reviews/[id]/score/").text)
        data = [(k, v) for k, v in form.fields if not k.startswith("comment_")]
        data += [(k, v or "Perusteltu arvio.") for k, v in form.fields if k.startswith("comment_")]
        data += [(name, random.choice(values)) for name, values in form.radios.items()]
        with self.client.post(
            link,
            data=data,
            headers={**PROTO, "Referer": self.https(link)},
            name="save scores",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"save scores answered {response.status_code}")


class Coordinator(SalkkuUser):
    weight = 1
    username = "koordinaattori"

    @task(3)
    def dashboard(self) -> None:
        self.get("/monitoring/")

    @task(2)
    def portfolio(self) -> None:
        self.get("/portfolio/")

    @task(1)
    def ideas(self) -> None:
        self.get("/proposals/ideas/")


class SteeringGroup(SalkkuUser):
    weight = 1
    username = "johtoryhma-helsinki"

    @task(3)
    def dashboard(self) -> None:
        self.get("/monitoring/")

    @task(2)
    def optimiser(self) -> None:
        link = self.pick("/portfolio/", r'href="(/portfolio/\d+/)"')
        self.get(link or "/portfolio/", name="/portfolio/[id]/")

    @task(1)
    def meetings(self) -> None:
        self.get("/steering-group/")


class ApiClient(SalkkuUser):
    weight = 1
    username = "ministerio"

    @task
    def projects(self) -> None:
        self.get("/api/v1/projects/?limit=50", name="/api/v1/projects/")

    @task
    def proposals(self) -> None:
        self.get("/api/v1/proposals/?limit=50", name="/api/v1/proposals/")


class StaticUser(HttpUser):
    """The baseline: what the same server answers without Django's views (WhiteNoise, /healthz)."""

    wait_time = between(1, 3)
    css = ""

    def on_start(self) -> None:
        page = self.client.get("/accounts/login/", headers=PROTO)
        found = re.search(r"(/static/salkku\.[0-9a-f]+\.css)", page.text)
        self.css = found.group(1) if found else "/static/favicon.svg"

    @task
    def static(self) -> None:
        self.client.get(self.css, headers=PROTO, name="static css")

    @task
    def health(self) -> None:
        self.client.get("/healthz", headers=PROTO, name="/healthz")
