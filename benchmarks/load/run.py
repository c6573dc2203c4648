"""Load and soak of Salkku as served in production: gunicorn + WhiteNoise + PostgreSQL, loopback only.

Builds a fresh PostgreSQL database with the demo portfolio, starts ``salkku serve`` (production settings)
and a task worker, then runs Locust (benchmarks/load/locustfile.py) headless:

- steps: the real mix at rising numbers of concurrent users, each for --step-seconds; the highest step
  with p95 < 500 ms and no errors is reported;
- baseline, in the same run: the same number of users fetching a static file and /healthz (no views);
- soak (--soak-minutes, 10 for `make soak`): the mix at the chosen number of users; errors and the
  servers' memory (RSS of gunicorn's processes) at the start and the end.

    .venv/bin/python benchmarks/load/run.py --steps 10,20,40 --step-seconds 30            # make bench-load
    .venv/bin/python benchmarks/load/run.py --steps 20 --step-seconds 30 --soak-minutes 10  # make soak
"""

from __future__ import annotations

import argparse
import csv
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
MIX = ["Applicant", "Reviewer", "Coordinator", "SteeringGroup", "ApiClient"]
LOCUST_ENV = dict(os.environ)


def run(cmd: list[str], env: dict[str, str], **kwargs: object) -> None:
    subprocess.run(cmd, env=env, check=True, cwd=ROOT, **kwargs)


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (gunicorn's master and workers), MB."""
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    total = 0
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            continue
    return total / 1024


def open_reviews(database: str) -> str:
    """The score forms of the load's reviewer whose proposals are in review (scores are accepted only then)."""
    query = (
        "SELECT string_agg('/reviews/' || r.id || '/score/', ',') FROM review_review r "
        "JOIN pipeline_proposal p ON p.id = r.proposal_id JOIN accounts_user u ON u.id = r.reviewer_id "
        "WHERE u.username = 'arvioija-1' AND p.status = 'in_review'"
    )
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", query, database],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def locust(host: str, users: int, seconds: int, classes: list[str], out: Path) -> dict[str, float]:
    prefix = out / f"{'-'.join(classes)[:40]}-{users}"
    cmd = [
        str(BIN / "locust"),
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--host",
        host,
        "-u",
        str(users),
        "-r",
        str(max(1, users // 5)),
        "--run-time",
        f"{seconds}s",
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
        *classes,
    ]
    subprocess.run(
        cmd, check=False, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=LOCUST_ENV
    )
    with open(f"{prefix}_stats.csv", newline="") as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    agg = rows["Aggregated"]
    with open(f"{prefix}_exceptions.csv", newline="") as handle:
        exceptions = sum(int(row.get("Count") or 1) for row in csv.DictReader(handle))
    return {
        "requests": float(agg["Request Count"]),
        "failures": float(agg["Failure Count"]) + exceptions,
        "p50": float(agg["50%"]) if agg["50%"] not in ("", "N/A") else float("nan"),
        "p95": float(agg["95%"]) if agg["95%"] not in ("", "N/A") else float("nan"),
        "rps": float(agg["Requests/s"] or 0),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--admin-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="h15_bench")
    parser.add_argument("--port", type=int, default=8152)
    parser.add_argument("--web-workers", type=int, default=3)
    parser.add_argument("--steps", default="10,20,40")
    parser.add_argument("--step-seconds", type=int, default=30)
    parser.add_argument("--soak-minutes", type=float, default=0)
    parser.add_argument("--soak-users", type=int, default=0, help="default: the highest passing step")
    parser.add_argument("--keep-database", action="store_true", help="reuse it if it exists; keep it after")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="salkku-load-"))
    url = f"{args.admin_url}/{args.database}"
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SALKKU_MODE"}}
    salkku = str(BIN / "salkku")
    exists = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-Atc",
            f"SELECT 1 FROM pg_database WHERE datname = '{args.database}'",
        ],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    if not (args.keep_database and exists):
        subprocess.run(
            ["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", args.database], check=False
        )
        run(["createdb", "-h", "127.0.0.1", "-U", "postgres", args.database], base)
        demo = {**base, "SALKKU_MODE": "demo", "DATABASE_URL": url}
        started = time.monotonic()
        run([salkku, "migrate", "--no-input", "-v0"], demo)
        run([salkku, "agreement", "load", "--all"], demo, stdout=subprocess.DEVNULL)
        run([salkku, "demo-data"], demo, stdout=subprocess.DEVNULL)
        run([salkku, "demo-data", "--users"], demo, stdout=subprocess.DEVNULL)
        print(f"database {args.database} built in {time.monotonic() - started:.0f} s")

    LOCUST_ENV["LOAD_OPEN_REVIEWS"] = open_reviews(args.database)
    prod = {
        **base,
        "SALKKU_MODE": "production",
        "DATABASE_URL": url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_PROXY_SSL_HEADER": "true",
        "SALKKU_REQUIRE_2FA_FOR_STAFF": "false",  # demo accounts have no TOTP devices
        "SALKKU_VAR_DIR": str(work / "var"),
        "STATIC_ROOT": str(work / "static"),
        "SALKKU_JSON_LOGS": "true",
        "LOG_LEVEL": "WARNING",
    }
    host = f"http://127.0.0.1:{args.port}"
    server = subprocess.Popen(
        [salkku, "serve", "--bind", f"127.0.0.1:{args.port}", "--workers", str(args.web_workers)],
        env=prod,
        cwd=work,
        stdout=open(work / "server.log", "w"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
    )
    worker = subprocess.Popen(
        [salkku, "db_worker", "--no-reload"],
        env=prod,
        cwd=work,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(600):  # collectstatic compresses every file first
            try:
                probe = urllib.request.Request(f"{host}/healthz", headers={"X-Forwarded-Proto": "https"})
                urllib.request.urlopen(probe, timeout=2)
                break
            except OSError:
                if server.poll() is not None:
                    raise SystemExit(f"the server stopped: see {work / 'server.log'}") from None
                time.sleep(1)
        else:
            raise SystemExit("the server did not answer /healthz in 10 minutes")
        results = []
        for users in [int(s) for s in args.steps.split(",")]:
            mix = locust(host, users, args.step_seconds, MIX, work)
            static = locust(host, users, args.step_seconds, ["StaticUser"], work)
            results.append((users, mix, static))
            print(
                f"{users:>5} users  mix: {mix['requests']:>6.0f} req {mix['failures']:>3.0f} err "
                f"p50 {mix['p50']:>5.0f} ms p95 {mix['p95']:>5.0f} ms {mix['rps']:>6.1f} req/s | "
                f"static: p95 {static['p95']:>4.0f} ms {static['rps']:>6.1f} req/s | "
                f"p95 ratio {mix['p95'] / max(static['p95'], 1):.1f}x",
                flush=True,
            )
        passing = [u for u, mix, _ in results if mix["p95"] < 500 and mix["failures"] == 0]
        print(f"highest step with p95 < 500 ms and no errors: {max(passing) if passing else 'none'} users")
        if args.soak_minutes:
            users = args.soak_users or (max(passing) if passing else 10)
            warm = locust(host, users, 30, MIX, work)
            before = rss_mb(server.pid)
            soak = locust(host, users, int(args.soak_minutes * 60), MIX, work)
            after = rss_mb(server.pid)
            print(
                f"soak {args.soak_minutes:g} min at {users} users: {soak['requests']:.0f} requests, "
                f"{soak['failures'] + warm['failures']:.0f} errors, p95 {soak['p95']:.0f} ms; gunicorn RSS "
                f"{before:.0f} MB -> {after:.0f} MB ({(after - before) / before * 100:+.1f} %)"
            )
    finally:
        for process in (server, worker):
            process.send_signal(signal.SIGTERM)
        for process in (server, worker):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        if not args.keep_database:
            subprocess.run(
                ["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", args.database], check=False
            )


if __name__ == "__main__":
    main()
