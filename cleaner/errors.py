"""Errors raised by cleaner: all are ``CleanerError`` so callers can catch one type."""

from __future__ import annotations


class CleanerError(Exception):
    """Base class of every error cleaner raises on purpose."""


class InputError(CleanerError, ValueError):
    """The input is not what was expected (bytes for text, a bad JSONL line, a missing field).

    The message names the input (file, line or record id) and the problem.
    """


class OutputError(CleanerError, OSError):
    """An output folder or file cannot be written as asked (not empty, an interrupted run)."""


class ResourceError(CleanerError, LookupError):
    """A vocabulary file or site profile is missing or malformed."""


class ConfigError(CleanerError, ValueError):
    """A configuration value is out of range or names an unknown rule."""


class EncodingError(InputError):
    """Bytes that no encoding turns into text (binary data such as an image or a gzip file)."""


class MarkupError(InputError):
    """HTML that cannot be cleaned safely: larger than the configured limit, or nested deeper
    than the parser's depth limit (a nesting bomb)."""
