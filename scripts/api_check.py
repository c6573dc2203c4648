"""The API keeps its word: schemathesis over the whole OpenAPI schema, signed in as each role.

    python scripts/api_check.py --url http://127.0.0.1:8142 [--examples 8] [--roles coordinator,admin]
    python scripts/api_check.py --url http://127.0.0.1:8142,http://127.0.0.1:8143   # two servers

Signs in each demo user (``salkku demo-data --users``) through the sign-in page, as a browser does, and
runs ``st run`` with that session over every operation: no server error, every response as the schema
says (status code, content type, headers, body), no invalid request accepted. (Not schemathesis's
positive_data_acceptance: a schema-valid request naming an object that does not exist, or a transition
the workflow refuses, is rightly a 400/404/412.)
Deterministic (``--generation-deterministic``) so that CI gives the same answer twice.
Prints one line per role (operations, test cases, failures) and exits non-zero on any failure;
``make api-check`` builds a fresh SQLite database, serves it and runs this.

Given several URLs (servers of identical copies of one database), the roles are dealt out to them, the
roles with the coverage phase (the longest) first, and each server's roles run one after the other
while the servers run side by side: a server's data is changed by its own roles only, always in the same
order, so the answer stays deterministic.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

# One demo user per role (demo/users.py); the password is the demo one (demo mode only).
ROLES = {
    "coordinator": "koordinaattori",
    "steering_group": "johtoryhma-helsinki",
    "funding_authority": "rahoittaja",
    "ministry": "ministerio",
    "reviewer": "arvioija-1",
    "applicant": "hakija-yliopisto",
    "admin": "admin",
}
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
        "negative_data_rejection",
    ]
)


def sign_in(base: str, username: str) -> requests.Session:
    """A session signed in through the sign-in page (CSRF token from its form), as a browser would."""
    session = requests.Session()
    page = session.get(f"{base}/accounts/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    if token is None:
        raise SystemExit(f"no sign-in form at {base}/accounts/login/ ({page.status_code})")
    answer = session.post(
        f"{base}/accounts/login/",
        data={
            "csrfmiddlewaretoken": token.group(1),
            "username": username,
            "password": f"demo-{username}-2026",
        },
        headers={"Referer": f"{base}/accounts/login/"},
        allow_redirects=False,
        timeout=30,
    )
    if answer.status_code != 302 or "sessionid" not in session.cookies:
        raise SystemExit(f"{username} could not sign in ({answer.status_code})")
    return session


def run_role(
    base: str, role: str, username: str, examples: int, report_dir: Path, *, coverage: bool = True
) -> dict[str, int]:
    session = sign_in(base, username)
    cookies = "; ".join(f"{k}={v}" for k, v in session.cookies.items())
    report = report_dir / f"{role}.json"
    command = [
        str(Path(sys.executable).with_name("st")),
        "run",
        f"{base}/api/v1/schema/",
        "--checks",
        CHECKS,
        "--max-examples",
        str(examples),
        "--generation-deterministic",
        # The session cookie is sent as a header: not a parameter to leave out or spoil.
        "--generation-with-security-parameters",
        "false",
        "--workers",
        "1",
        "--request-timeout",
        "60",
        "--no-color",
        "--phases",
        "examples,coverage,fuzzing" if coverage else "examples,fuzzing",
        "--header",
        f"Cookie: {cookies}",
        "--header",
        f"X-CSRFToken: {session.cookies['csrftoken']}",
        "--header",
        f"Referer: {base}/",
        "--report",
        "json",
        "--report-json-path",
        str(report),
    ]
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    (report_dir / f"{role}.log").write_text(done.stdout + done.stderr, encoding="utf-8")
    summary = _summary(done.stdout)
    summary["seconds"] = round(time.monotonic() - started)
    summary["exit"] = done.returncode
    return summary


def _summary(output: str) -> dict[str, int]:
    """Operations, test cases and failures from schemathesis's closing summary."""
    found: dict[str, int] = {}
    for key, pattern in {
        "operations": r"Tested: (\d+)",
        "cases": r"Test cases:\s+(\d+) generated",
        "failures": r"(\d+) unique failures",
        "errors": r"(\d+) errors?",
    }.items():
        match = re.search(pattern, output)
        found[key] = int(match.group(1)) if match else 0
    return found


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--url",
        default="http://127.0.0.1:8000",
        help="a server, or several comma-separated (the roles shared)",
    )
    parser.add_argument("--examples", type=int, default=2, help="test cases per operation and phase")
    parser.add_argument("--roles", default=",".join(ROLES), help="comma-separated, of: " + ", ".join(ROLES))
    parser.add_argument(
        "--coverage-roles",
        default="all",
        help="roles that also get schemathesis's coverage phase (boundary and negative values of every "
        "parameter, about 2,900 cases a role); the others get the example and fuzzing phases, which "
        "still exercise every operation. 'all' (default) or a comma-separated list",
    )
    parser.add_argument("--report-dir", default="var/api-check")
    args = parser.parse_args()
    covered = set(ROLES) if args.coverage_roles == "all" else set(args.coverage_roles.split(","))
    report_dir = Path(args.report_dir)
    report_dir.mkdir(parents=True, exist_ok=True)
    urls = [u.strip().rstrip("/") for u in args.url.split(",") if u.strip()]
    roles = args.roles.split(",")
    unknown = [r for r in roles if r not in ROLES]
    if unknown:
        raise SystemExit(f"unknown role(s): {', '.join(unknown)}; use of: {', '.join(ROLES)}")
    # Deal the roles out to the servers, the long (coverage) ones first, round robin.
    ordered = sorted(roles, key=lambda r: (r not in covered, roles.index(r)))
    shares: list[list[str]] = [ordered[i :: len(urls)] for i in range(len(urls))]
    results: dict[str, dict[str, int]] = {}

    def run_share(url: str, share: list[str]) -> None:
        for role in share:
            results[role] = run_role(
                url, role, ROLES[role], args.examples, report_dir, coverage=role in covered
            )
            print(role, json.dumps(results[role]), flush=True)

    with ThreadPoolExecutor(max_workers=len(urls)) as pool:
        for future in [pool.submit(run_share, url, share) for url, share in zip(urls, shares, strict=True)]:
            future.result()
    failed = [role for role, r in results.items() if r["exit"] != 0]
    if failed:
        print(f"schemathesis failed as: {', '.join(failed)} (logs in {report_dir}/<role>.log)")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
