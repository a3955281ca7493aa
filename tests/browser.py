"""Headless Chromium for the review page's tests, with the standard library only.

``dump_dom`` gives the DOM after the page's script ran (``--dump-dom``); ``screenshot``
saves a PNG; ``png_pixels`` decodes one (8-bit RGB/RGBA, not interlaced: what Chromium
writes) so a test can tell a rendered page from a blank one. No browser is downloaded: the
tests use Debian's ``chromium`` package (``.ci/run`` installs it) and skip without it.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from collections.abc import Sequence
from pathlib import Path

BROWSER_NAMES = ("chromium", "chromium-browser")
TIMEOUT_SECONDS = 90  # a cold start on a busy 2-core machine takes a few seconds
# No network and nothing a fresh profile would do on first run (sync, updates, metrics).
FLAGS = (
    "--headless",
    "--no-sandbox",  # CI runs as root, where Chromium refuses its sandbox
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--no-first-run",
    "--no-default-browser-check",
    "--hide-scrollbars",
)


def find_browser() -> str | None:
    return next((path for name in BROWSER_NAMES if (path := shutil.which(name))), None)


def _run(browser: str, profile: Path, args: Sequence[str]) -> str:
    command = [browser, *FLAGS, f"--user-data-dir={profile}", *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"chromium failed ({done.returncode}): {done.stderr[-2000:]}")
    return done.stdout


def dump_dom(browser: str, profile: Path, url: str) -> str:
    return _run(browser, profile, ["--dump-dom", url])


def screenshot(browser: str, profile: Path, url: str, out: Path, *, width: int, height: int) -> None:
    _run(browser, profile, [f"--screenshot={out}", f"--window-size={width},{height}", url])


def png_pixels(path: Path) -> tuple[int, int, list[bytes]]:
    """Width, height and the rows of pixels (RGB or RGBA bytes) of a PNG."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    at, idat, header = 8, b"", b""
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        at += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0, "unexpected PNG format"
    return width, height, _unfilter(zlib.decompress(idat), width, height, 3 if colour == 2 else 4)


def _unfilter(raw: bytes, width: int, height: int, channels: int) -> list[bytes]:
    stride = width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                corner = previous[i - channels] if i >= channels else 0
                line[i] = (line[i] + _paeth(left, up, corner)) & 0xFF
        rows.append(bytes(line))
        previous = line
    return rows


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c
