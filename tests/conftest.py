from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings
from django.utils import translation
from xdist.scheduler import LoadScopeScheduling

# The module-scoped fixtures defined here, which a module uses by name without a scope of its own.
SHARED_MODULE_FIXTURES = ("permission_world",)


@functools.cache
def _builds_per_module(path: str) -> bool:
    """Whether a test module has or uses a module-scoped fixture (a world or the demo portfolio built once for
    the module): read from its source, since the xdist controller sees node ids only, not fixtures."""
    file = Path(path)
    if file.suffix != ".py" or not file.is_file():
        return False
    source = file.read_text(encoding="utf-8")
    return 'scope="module"' in source or any(name in source for name in SHARED_MODULE_FIXTURES)


class _ModuleFixtureScheduling(LoadScopeScheduling):
    """xdist's `load` distribution, except that a module with a module-scoped fixture goes to one worker
    as a whole: spread over two workers (as `load` does), each would build its world again. Every other
    test is its own unit, as with `load`."""

    def _split_scope(self, nodeid: str) -> str:
        path = nodeid.split("::", 1)[0]
        return path if _builds_per_module(str(Path(self.config.rootpath) / path)) else nodeid


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> LoadScopeScheduling | None:
    if config.getvalue("dist") != "load":
        return None  # another distribution asked for by name (--dist loadfile, ...) is left as it is
    return _ModuleFixtureScheduling(config, log)


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing() -> Iterator[None]:
    """Test users' passwords hashed with a cheap hasher: Django's default (PBKDF2, a million rounds) costs
    about half a second of CPU per user created or signed in, and the suite creates thousands. A test of
    the production hashers sets its own (``settings.PASSWORD_HASHERS`` in the test). PBKDF2 stays known, so
    that hashes made as production makes them (the demo users') are still checked."""
    hashers = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    with override_settings(PASSWORD_HASHERS=hashers):
        yield


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in the default language (Finnish) and leaves none active: a request to /sv/ or
    /en/ activates that language in the test's thread and leaves it there, so without this a test's
    language (and every reverse() it makes) depended on which test its worker ran before it."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts with an empty cache: a rolled-back test may reuse ids, and so cache keys."""
    cache.clear()
    yield


@pytest.fixture
def shared_data_dir() -> Path:
    """The folder of public data sets beside the project; tests that need it skip, saying why, without it."""
    path = Path(settings.SHARED_DATA_DIR)
    if not path.is_dir():
        pytest.skip(f"the shared public data folder is absent ({path.name}/ beside the project)")
    return path


@pytest.fixture(scope="module")
def permission_world(django_db_setup, django_db_blocker) -> Iterator[object]:
    """The permission matrix's world (tests.test_permission_matrix.build_world: two agreements, every kind of
    object, a user per role) built once for a module, in a transaction rolled back at the module's end; each
    test runs in its own savepoint inside it, so a test's writes are undone before the next test. Building
    it costs about 5 s of CPU, which the page walks used to pay once per test."""
    from tests.test_permission_matrix import build_world

    with django_db_blocker.unblock(), transaction.atomic():
        with translation.override(settings.LANGUAGE_CODE):
            world = build_world()
        yield world
        transaction.set_rollback(True)
