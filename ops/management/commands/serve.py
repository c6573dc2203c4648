"""``salkku serve``: the production web server (gunicorn) with the static files ready.

Collects the static files into STATIC_ROOT (WhiteNoise's compressed manifest; a no-op rebuild when
nothing changed) and replaces itself with gunicorn serving ``config.wsgi``, so that systemd's signals
reach gunicorn directly. The settings' production rules run first: a missing DATABASE_URL or a weak
SECRET_KEY stops it with the reason before anything is served.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


def gunicorn_argv(bind: str, workers: int, threads: int, timeout: int, keep_alive: int = 75) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--timeout",
        str(timeout),
        # Idle keep-alive connections stay open longer than the proxy's own idle timeout (nginx's upstream
        # keepalive_timeout and most load balancers: 60 s), so the proxy never sends a request on a
        # connection gunicorn is closing (gunicorn's default of 2 s is meant for clients without a proxy).
        "--keep-alive",
        str(keep_alive),
        # The reverse proxy terminates TLS and says so in X-Forwarded-Proto (docs/deploy.md).
        "--forwarded-allow-ips",
        os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        # Several servers on one machine (and systemd's read-only home) need no control socket.
        "--no-control-socket",
        "--access-logfile",
        "-",
        "--error-logfile",
        "-",
    ]


class Command(BaseCommand):
    help = "Serve Salkku with gunicorn (production): collects the static files, then starts the server."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind", default=os.environ.get("SALKKU_BIND", "127.0.0.1:8000"), help="host:port or unix:PATH"
        )
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "3")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("SALKKU_THREADS", "2")))
        parser.add_argument("--timeout", type=int, default=60, help="seconds before a stuck request is ended")
        parser.add_argument(
            "--keep-alive",
            type=int,
            default=int(os.environ.get("SALKKU_KEEP_ALIVE", "75")),
            help="seconds an idle keep-alive connection stays open (longer than the proxy's idle timeout)",
        )
        parser.add_argument(
            "--skip-static", action="store_true", help="the static files were collected already"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(
            f"Salkku ({settings.MODE}) on {options['bind']}, {settings.DATABASES['default']['ENGINE']}"
        )
        if not options["skip_static"]:
            call_command("collectstatic", interactive=False, verbosity=0)
            self.stdout.write(f"static files collected in {settings.STATIC_ROOT}")
        argv = gunicorn_argv(
            options["bind"], options["workers"], options["threads"], options["timeout"], options["keep_alive"]
        )
        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(argv[0], argv)
