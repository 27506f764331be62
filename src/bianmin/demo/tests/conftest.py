"""The demo's online applications upload files: in tests they go to a temporary folder, never to var/."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
