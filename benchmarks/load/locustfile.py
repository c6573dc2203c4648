"""The real mix of Salkku's users, for Locust (benchmarks/load/run.py starts it; loopback only).

Applicants open their proposals and the proposal form, reviewers their assignments and score forms,
the coordinator and the steering group the monitoring dashboard, the portfolio options and the review
summaries, an integration reads the API. Every user signs in once with the demo accounts. ``StaticUser``
is the baseline of the same run: a hashed static file and /healthz through the same server.
"""

from __future__ import annotations

import random
import re

from locust import HttpUser, between, task

PROTO = {"X-Forwarded-Proto": "https"}  # as the TLS-terminating proxy says (SECURE_PROXY_SSL_HEADER)


class SalkkuUser(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    username = ""

    def on_start(self) -> None:
        page = self.client.get("/accounts/login/", headers=PROTO, name="login form")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert token, "no CSRF token on the sign-in page"
        self._unsecure_cookies()
        password = f"demo-{self.username}-2026"
        response = self.client.post(
            "/accounts/login/",
            data={"username": self.username, "password": password, "csrfmiddlewaretoken": token.group(1)},
            headers={**PROTO, "Referer": f"{self.host}/accounts/login/"},
            allow_redirects=False,
            name="sign in",
        )
        # The cookies are Secure (production): the client talks plain HTTP to 127.0.0.1 behind a pretend
        # proxy, so they are set again without the flag.
        if response.status_code != 302 or "sessionid" not in {c.name for c in self.client.cookies}:
            raise RuntimeError(f"{self.username} could not sign in ({response.status_code})")
        self._unsecure_cookies()
        self.links: dict[str, list[str]] = {}

    def _unsecure_cookies(self) -> None:
        jar = {c.name: c.value for c in self.client.cookies}
        self.client.cookies.clear()
        for name, value in jar.items():
            self.client.cookies.set(name, value)

    def get(self, path: str, name: str | None = None):  # type: ignore[no-untyped-def]
        return self.client.get(path, headers=PROTO, name=name or path)

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

    @task(5)
    def edit_proposal(self) -> None:
        link = self.pick("/proposals/", r'href="(/proposals/\d+/)"')
        if link:
            self.get(link, name="/proposals/[id]/")
            self.get(f"{link}edit/", name="/proposals/[id]/edit/")

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
