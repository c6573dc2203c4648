from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache


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
