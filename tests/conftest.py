from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings


@pytest.fixture
def shared_data_dir() -> Path:
    """The folder of public data sets beside the project; tests that need it skip, saying why, without it."""
    path = Path(settings.SHARED_DATA_DIR)
    if not path.is_dir():
        pytest.skip(f"the shared public data folder is absent ({path.name}/ beside the project)")
    return path
