"""Vocabularies as data: phrase lists per family and ISO 639-1 language.

Each family is a folder of ``<lang>.txt`` files, one phrase a line, ``#`` starting a comment.
Phrases are matched after ``textutil.fold`` (NFKC, casefold, collapsed spaces), so write them
in lower case as they read.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from ..errors import ResourceError
from ..textutil import fold


@cache
def languages(family: str) -> tuple[str, ...]:
    """The languages that have a list for ``family``, sorted."""
    folder = resources.files(__name__).joinpath(family)
    if not folder.is_dir():
        raise ResourceError(f"no phrase family {family!r}")
    return tuple(sorted(p.name[:-4] for p in folder.iterdir() if p.name.endswith(".txt")))


@cache
def phrases(family: str, lang: str) -> tuple[str, ...]:
    """The folded phrases of one family and language, in file order.

    >>> "other news" in phrases("sidebar", "en")
    True
    """
    available = languages(family)
    if lang not in available:
        raise ResourceError(
            f"no {family!r} list for language {lang!r}; available: {list(available)}"
        )
    text = resources.files(__name__).joinpath(family, f"{lang}.txt").read_text("utf-8")
    lines = (line.split("#", 1)[0] for line in text.splitlines())
    return tuple(dict.fromkeys(fold(line) for line in lines if line.strip()))


def all_phrases(family: str) -> tuple[str, ...]:
    """Every phrase of a family across languages: pages often mix languages (a Ukrainian site
    with an English promo line), and a phrase that is specific enough in one is in all."""
    return tuple(dict.fromkeys(p for lang in languages(family) for p in phrases(family, lang)))


@cache
def word_list(name: str) -> tuple[str, ...]:
    """A language-neutral list at the top of the resources folder (``<name>.txt``), folded."""
    path = resources.files(__name__).joinpath(f"{name}.txt")
    if not path.is_file():
        raise ResourceError(f"no word list {name!r}")
    lines = (line.split("#", 1)[0] for line in path.read_text("utf-8").splitlines())
    return tuple(dict.fromkeys(fold(line) for line in lines if line.strip()))
