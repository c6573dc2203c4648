"""Salkku settings: one typed environment schema (django-environ).

SALKKU_MODE is ``demo`` (the default: local, SQLite, demo users allowed), ``test`` or ``production``.
In production SECRET_KEY must be set to a real secret and DEBUG is off; the app refuses to start otherwise.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env(
    SALKKU_MODE=(str, "demo"),
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost"]),
    CSRF_TRUSTED_ORIGINS=(list, []),
    TIME_ZONE=(str, "Europe/Helsinki"),
    EMAIL_URL=(str, "consolemail://"),
)
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

MODE = env("SALKKU_MODE")
if MODE not in {"demo", "test", "production"}:
    raise ImproperlyConfigured(f"SALKKU_MODE must be demo, test or production, not {MODE!r}")
DEMO_MODE = MODE in {"demo", "test"}

if DEMO_MODE:
    SECRET_KEY = env.str("SECRET_KEY", default="demo-only-insecure-key-never-use-in-production")
else:
    # Checked with the other production rules in the operations block at the end of this file.
    SECRET_KEY = env.str("SECRET_KEY", default="")

DEBUG = env("DEBUG") if MODE != "production" else False
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "mozilla_django_oidc",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "accounts",
    "web",
    "audit",
    "programme",
    "partners",
    "pipeline",
    "projects",
    "review",
    "decisions",
    "monitoring",
    "progress",
    "portfolio",
    "reports",
    "ecosystem",
    "charts",
    "overlaps",
    "accessibility",
    "api",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.RoleAssignmentsMiddleware",
    # Deny by default: every view needs a signed-in user unless marked login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Staff confirm a TOTP code after the password when SALKKU_REQUIRE_2FA_FOR_STAFF is on.
    "accounts.otp.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a refused sign-in (too many failures) into the login page with the lockout message.
    "axes.middleware.AxesMiddleware",
    # The API keeps to its schema: unknown or malformed query parameters are a 400 naming them, and an
    # address that names no operation is a JSON 404 (api.schema).
    "api.schema.ApiContractMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "config.context_processors.salkku",
            ],
        },
    },
]

# SQLite file by default; PostgreSQL in production (DATABASE_URL=postgres://...).
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'salkku.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
    )
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
# Second factor (TOTP, django-otp): required of the roles in accounts.permissions.SECOND_FACTOR_ROLES
# (coordinator, steering group, funding authority, ministry, administrators) in production by default;
# off in demo and test mode so that the demo users sign in at once.
SALKKU_REQUIRE_2FA_FOR_STAFF = env.bool("SALKKU_REQUIRE_2FA_FOR_STAFF", default=MODE == "production")
# Recording a funding decision and changing role assignments need the password (and the code, with an
# authenticator app) entered within this many minutes (accounts.reauth).
SALKKU_REAUTH_MINUTES = env.int("SALKKU_REAUTH_MINUTES", default=10)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Salkku")
OTP_TOTP_THROTTLE_FACTOR = 1  # seconds, doubled after each wrong code

# Single sign-on through the city's OpenID Connect provider: on only when OIDC_RP_CLIENT_ID etc. are set
# (accounts/sso.py says which; docs/access.md how). Local accounts remain.
from accounts.sso import SSOConfigurationError, oidc_settings  # noqa: E402

try:
    vars().update(oidc_settings(env.ENVIRON))
except SSOConfigurationError as error:
    raise ImproperlyConfigured(str(error)) from error

# Login throttling (django-axes): after SALKKU_LOGIN_FAILURE_LIMIT failed sign-ins for one user name, or
# from one address, further tries are refused for SALKKU_LOGIN_COOLOFF_MINUTES, even with the right
# password. A successful sign-in clears the account's count. Off in test mode (the suite signs in a lot);
# tests switch it on with override_settings(AXES_ENABLED=True).
AXES_ENABLED = env.bool("SALKKU_LOGIN_THROTTLE", default=MODE != "test")
AXES_FAILURE_LIMIT = env.int("SALKKU_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.int("SALKKU_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one over the limit locks
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.throttle.lockout_response"
AXES_IPWARE_PROXY_COUNT = env.int("SALKKU_PROXY_COUNT", default=0) or None  # reverse proxies in front
# The throttle runs first: a locked-out user name or address is refused before any password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", *vars()["AUTHENTICATION_BACKENDS"]]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", "Suomi"), ("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and numbers per language (config/formats: Swedish as written in Finland, one English format).
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = env("TIME_ZONE")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static" / "build"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if MODE == "production"
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = MODE != "production"

vars().update(env.email_url("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="salkku@localhost")
# The address users reach Salkku at: links in e-mails are made with it.
SALKKU_BASE_URL = env.str("SALKKU_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = MODE == "production"
CSRF_COOKIE_SECURE = MODE == "production"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Behind a TLS-terminating load balancer set SECURE_PROXY_SSL_HEADER=true (X-Forwarded-Proto: https).
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=MODE == "production")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000 if MODE == "production" else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Lets the domain go on browsers' HSTS preload lists (on in production; SECURE_HSTS_PRELOAD=false to opt
# out: once listed, a domain is hard to take off).
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=MODE == "production")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Sent on every response by config.headers.SecurityHeadersMiddleware.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
# Everything from the site's own origin: no inline script or style, no eval (charts use vega-embed's
# expression interpreter, static/src/salkku.js); images may be data: URLs (govuk-frontend, Swagger UI).
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # The session only: no HTTP Basic (a password on every request, no second factor, no throttling).
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON in, as the schema says: a form-encoded body would turn an empty field into "not given".
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.StrictLimitOffsetPagination",
    "PAGE_SIZE": 50,
    "COERCE_DECIMAL_TO_STRING": True,
    # A 412 (an edit built on a stale version) carries the current version as its ETag.
    "EXCEPTION_HANDLER": "api.locking.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Salkku API",
    "DESCRIPTION": (
        "The project portfolio of innovation ecosystem agreements. Money is a decimal string in euros."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",  # served from our own static files, never a CDN
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {"ScenarioStatusEnum": "portfolio.models.ScenarioStatus"},
    # Every operation documents the errors it can answer (400, 403, 404: api.schema).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.document_errors",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# Where the shared public data sets live (read, never committed).
SHARED_DATA_DIR = Path(env.str("SALKKU_SHARED_DATA", default=str(BASE_DIR.parent / "shared" / "data")))

# Background tasks (Django's tasks framework, backported): long optimisation runs go to a database
# queue that `salkku db_worker` works through, so no extra server is needed on SQLite and workers scale
# out on PostgreSQL. Tests run tasks at once, in the same process. SALKKU_TASKS=immediate does the same
# anywhere (e.g. a demo without a worker).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if MODE == "test" or env.str("SALKKU_TASKS", default="database") == "immediate"
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}

# Overlaps (issue 11): the similarity index is kept on disk here and brought up to date from the database
# by a background task whenever an idea, a proposal or a project is saved (SALKKU_OVERLAPS_ON_SAVE).
# Tests keep it in memory and refresh only when a test asks.
SALKKU_OVERLAPS_INDEX_DIR = (
    None
    if MODE == "test"
    else env.str("SALKKU_OVERLAPS_INDEX_DIR", default=str(BASE_DIR / "var" / "overlaps"))
)
SALKKU_OVERLAPS_ON_SAVE = env.bool("SALKKU_OVERLAPS_ON_SAVE", default=MODE != "test")
# The share of an agreement's EU and state money in one organisation's projects that raises a flag.
SALKKU_OVERLAPS_CONCENTRATION = env.float("SALKKU_OVERLAPS_CONCENTRATION", default=0.25)

# The monitoring pages' figures are cached per agreement, day and language, keyed by the newest audit
# entry: every change to proposals, decisions, reports, claims, targets and money is audited, so a
# change (by any process) makes a new key. Off: every request computes them (benchmarks compare both).
# CACHE_URL picks the cache (django-environ's form, e.g. "dbcache://salkku_cache"); by default each
# process keeps its own in memory, which the audit key keeps correct.
SALKKU_MONITORING_CACHE = env.bool("SALKKU_MONITORING_CACHE", default=True)
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://salkku")}


# --- Operations: installed layout, production refusals, logs (docs/deploy.md) ---------------------------
# Kept in one block so that it merges apart from the other settings. config/production.py holds the rules.
from config import production  # noqa: E402

INSTALLED_APPS = [*INSTALLED_APPS, "ops"]
# /healthz fails the worker check when a queued task has waited longer than this.
SALKKU_HEALTH_MAX_QUEUE_SECONDS = env.int("SALKKU_HEALTH_MAX_QUEUE_SECONDS", default=300)

# Installed from the wheel, the site's templates, translations and built static files live in
# salkku_files/ beside the packages (hatch_build.py); in a checkout they are at the top of the repository.
RESOURCE_DIR = production.resource_dir(BASE_DIR)
TEMPLATES[0]["DIRS"] = [RESOURCE_DIR / "templates"]
LOCALE_PATHS = [RESOURCE_DIR / "locale"]
STATICFILES_DIRS = [RESOURCE_DIR / "static" / "build"]
# Where an installed Salkku writes (the collected static files): SALKKU_VAR_DIR, e.g. /var/lib/salkku.
VAR_DIR = Path(env.str("SALKKU_VAR_DIR", default=str(production.default_var_dir(BASE_DIR, RESOURCE_DIR))))
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(production.default_static_root(BASE_DIR, VAR_DIR))))

if MODE == "production":
    production.refuse_unsafe(
        secret_key=SECRET_KEY,
        database_url=env.str("DATABASE_URL", default=""),
        database_engine=DATABASES["default"]["ENGINE"],
        allow_sqlite=env.bool("SALKKU_ALLOW_SQLITE", default=False),
    )

# Structured logs: one JSON object a line (on by default in production), for the city's log collector.
if env.bool("SALKKU_JSON_LOGS", default=MODE == "production"):
    LOGGING = production.json_logging(env.str("LOG_LEVEL", default="INFO"))
