"""Test-wide setup: no network, and a fresh ``datasets`` cache for every test.

``datasets`` caches a local folder it loads under the folder's name and config, so a cache
shared between tests (or with the developer's own) could hand one test another's rows. The
environment is set before anything imports ``datasets`` (it reads it at import time), and
each test gets its own cache directory on top.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("HF_DATASETS_CACHE", tempfile.mkdtemp(prefix="cleaner-test-hf-cache-"))
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_DATASETS_OFFLINE"] = "1"
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")


@pytest.fixture(autouse=True)
def fresh_datasets_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point ``datasets`` (in this process and in subprocesses) at an empty cache."""
    cache = tmp_path_factory.mktemp("hf-cache")
    monkeypatch.setenv("HF_DATASETS_CACHE", str(cache))
    import datasets.config

    monkeypatch.setattr(datasets.config, "HF_DATASETS_CACHE", cache)
    return cache
