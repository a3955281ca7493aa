"""Packaging: what `pip install .` needs to work with the pip a new venv ships, quietly."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


def _setup_cfg() -> configparser.ConfigParser:
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    return config


def _requirements() -> list[str]:
    lines = _setup_cfg()["options"]["install_requires"].splitlines()
    return [line.strip() for line in lines if line.strip() and not line.strip().startswith("#")]


def test_no_requirement_asks_for_an_extra() -> None:
    """pip 23.2 (Python 3.11's `python3 -m venv`) stops with an AssertionError when our
    ``lxml[html-clean]`` meets jusText's ``lxml[html_clean]``; the package an extra stands
    for is named directly instead."""
    assert [r for r in _requirements() if "[" in r] == []
    assert any(r.startswith("lxml_html_clean") for r in _requirements())


def test_every_folder_of_package_data_is_a_declared_package() -> None:
    """setuptools warns, once a folder, about data folders that are not packages (15 lines
    of warnings on every install); the namespace search must find each of them."""
    setuptools = pytest.importorskip("setuptools")  # a Python 3.12 venv comes without it
    config = _setup_cfg()
    assert config["options"]["packages"].strip() == "find_namespace:"
    find = config["options.packages.find"]
    found = set(
        setuptools.find_namespace_packages(
            str(ROOT), include=find["include"].replace(",", " ").split(),
            exclude=find["exclude"].replace(",", " ").split(),
        )
    )
    folders = {
        ".".join(path.parent.relative_to(ROOT).parts)
        for path in (ROOT / "cleaner").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert folders <= found
    assert not [name for name in found if re.search(r"__pycache__", name)]
