"""Reading input bytes safely: size limit before reading, empty, binary and encoding checks.

Every function here returns an :class:`~kg.errors.IngestError` value instead of raising it,
so the readers can yield it and the caller decides (``--on-error skip|stop``).
"""

from __future__ import annotations

import codecs
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from kg.errors import IngestError

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
"""Largest text or XML file read (10 MiB); for JSON Lines, the largest line."""

_SNIFF = 8192
_CHUNK = 1 << 16
_BOMS_WIDE = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\x1b")
_BINARY_HINT = "give a UTF-8 text, JSON Lines or NewsML-G2 file"


def human_size(n: int) -> str:
    """A byte count for people: ``52428800`` -> ``"50.0 MiB"``."""
    size = float(n)
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{n} bytes" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError("unreachable")


def too_large(size: int, max_bytes: int, *, where: str, what: str = "file") -> IngestError:
    """The error for an input over the size limit."""
    hint = "split it into smaller files, or raise max_bytes"
    if what == "file":
        hint += " (JSON Lines files are read one line at a time)"
    return IngestError(
        f"{what} is {human_size(size)} ({size} bytes), over the {human_size(max_bytes)} limit",
        where=where,
        hint=hint,
    )


def check_size(path: Path, max_bytes: int) -> IngestError | None:
    """Refuse a file larger than ``max_bytes`` from its ``stat``, without reading it."""
    size = path.stat().st_size
    return too_large(size, max_bytes, where=str(path)) if size > max_bytes else None


def codec_name(encoding: str) -> str | IngestError:
    """The canonical codec name of ``encoding`` (``"latin-1"`` -> ``"iso8859-1"``)."""
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return IngestError(
            f"unknown encoding {encoding!r}", hint="pass a Python codec name such as utf-8, latin-1 or cp1252"
        )


def is_wide(codec: str) -> bool:
    """Whether a codec uses NUL bytes for ordinary text (UTF-16, UTF-32)."""
    return codec.startswith(("utf-16", "utf-32"))


def binary_error(data: bytes, *, where: str, codec: str) -> IngestError | None:
    """The error for bytes that look binary (a NUL byte, or a wide-encoding BOM not asked for)."""
    if is_wide(codec):
        return None
    for bom, name in _BOMS_WIDE:
        if data.startswith(bom):
            return IngestError(
                f"file starts with a {name.upper()} byte order mark",
                where=where,
                hint=f"pass --encoding {name}",
            )
    nul = data.find(b"\x00")
    if nul >= 0:
        return IngestError(f"binary file (NUL byte at byte {nul})", where=where, hint=_BINARY_HINT)
    return None


def _looks_binary(data: bytes) -> bool:
    sample = data[:_SNIFF]
    controls = sum(1 for b in sample if b < 0x20 and b not in _TEXT_CONTROLS)
    return controls > len(sample) * 0.05


def _encoding_hint(data: bytes) -> str:
    if any(0x80 <= b <= 0x9F for b in data):
        try:
            data.decode("cp1252")
            return "pass --encoding cp1252 (Windows Latin-1)"
        except UnicodeDecodeError:
            pass
    return "pass --encoding latin-1, or the file's real encoding"


def decode(data: bytes, *, codec: str, where: str, encoding: str) -> str | IngestError:
    """Decode ``data`` strictly; newlines become ``\\n`` and a UTF-8 BOM is dropped.

    Args:
        data: the bytes (a whole file, or one line of a JSON Lines file).
        codec: canonical codec name (from :func:`codec_name`).
        where: the file (and line) named in an error.
        encoding: the encoding as the user wrote it, for messages.
    """
    if codec == "utf-8" and data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as e:
        if _looks_binary(data):
            return IngestError("binary file (bytes that are not text)", where=where, hint=_BINARY_HINT)
        pos = e.start
        line = data.count(b"\n", 0, pos) + 1
        column = pos - (data.rfind(b"\n", 0, pos) + 1) + 1
        name = "UTF-8" if codec == "utf-8" else encoding
        hint = _encoding_hint(data) if codec == "utf-8" else "check --encoding"
        return IngestError(
            f"not {name}: byte 0x{data[pos]:02X} at byte {pos} (line {line}, column {column})"
            " cannot be decoded",
            where=where,
            hint=hint,
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_whole(path: Path, *, encoding: str, max_bytes: int) -> str | IngestError:
    """Read a whole text file: size limit (from ``stat``), then empty, binary, encoding checks.

    Raises:
        OSError: when the file cannot be opened (the readers turn it into an error value).
    """
    where = str(path)
    codec = codec_name(encoding)
    if isinstance(codec, IngestError):
        codec.where = where
        return codec
    err = check_size(path, max_bytes)
    if err is not None:
        return err
    data = path.read_bytes()
    if not data:
        return IngestError("file is empty", where=where, hint="give a file with a dispatch")
    err = binary_error(data, where=where, codec=codec)
    if err is not None:
        return err
    text = decode(data, codec=codec, where=where, encoding=encoding)
    if isinstance(text, str) and not text.strip():
        return IngestError("file has only whitespace", where=where, hint="give a file with a dispatch")
    return text


class LongLine:
    """A line longer than the limit: only its size is kept."""

    __slots__ = ("size",)

    def __init__(self, size: int) -> None:
        self.size = size


def iter_lines(fh: BinaryIO, max_bytes: int) -> Iterator[bytes | LongLine]:
    """Lines of a binary stream, never holding more than ``max_bytes + 1`` bytes of one line.

    A longer line is consumed in chunks and reported as a :class:`LongLine`.
    """
    while True:
        raw = fh.readline(max_bytes + 1)
        if not raw:
            return
        if len(raw) <= max_bytes or raw.endswith(b"\n"):
            yield raw
            continue
        size = len(raw)
        while True:
            chunk = fh.readline(_CHUNK)
            size += len(chunk)
            if not chunk or chunk.endswith(b"\n"):
                break
        yield LongLine(size)
