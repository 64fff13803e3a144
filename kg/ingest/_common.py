"""Pieces the readers share: options, overrides, language codes, the error guard."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.errors import IngestError
from kg.ingest._decode import DEFAULT_MAX_BYTES
from kg.ingest._wire import canonical_agencies
from kg.types import Dispatch

DEFAULT_LANG = "fr"

Item = Dispatch | IngestError
"""What a reader yields: a dispatch, or the error that stopped one."""

_LANG = re.compile(r"[a-z]{2,3}")


@dataclass(frozen=True)
class Options:
    """The reading options every reader takes (``--date``, ``--lang``, ``--encoding``, size limit)."""

    date: dt.date | None = None
    lang: str | None = None
    encoding: str = "utf-8"
    max_bytes: int = DEFAULT_MAX_BYTES


def normalise_lang(value: str) -> str | None:
    """The ISO 639 primary code of a language tag (``"fr-FR"`` -> ``"fr"``), or None if it is not one."""
    primary = re.split(r"[-_]", value.strip(), maxsplit=1)[0].lower()
    return primary if _LANG.fullmatch(primary) else None


def lang_override(opts: Options, *, where: str) -> str | IngestError | None:
    """The ``--lang`` override, normalised; an error if it is not a language code."""
    if opts.lang is None:
        return None
    code = normalise_lang(opts.lang)
    if code is None:
        return IngestError(
            f"--lang {opts.lang!r} is not a language code", where=where, hint="pass e.g. --lang fr"
        )
    return code


def published_for(day: dt.date, stamp: dt.datetime | None) -> dt.datetime | None:
    """Keep a timestamp only when it agrees with the dispatch date (an overridden date drops it)."""
    return stamp if stamp is not None and stamp.date() == day else None


def publisher_from_source(source: str) -> str | None:
    """The agency a source line names ("Europe 1 (AFP-based)" -> "AFP"), else the source itself."""
    agencies = canonical_agencies(source)
    return agencies[0] if agencies else (source.strip() or None)


def guarded(path: Path, items: Iterator[Item]) -> Iterator[Item]:
    """Turn the OS and depth failures of reading ``path`` into a final error value."""
    try:
        yield from items
    except IsADirectoryError:
        yield IngestError(
            "is a directory", where=str(path), hint="give a file, or use iter_dispatches for folders"
        )
    except FileNotFoundError:
        yield IngestError("no such file", where=str(path), hint="check the path")
    except PermissionError:
        yield IngestError("permission denied", where=str(path), hint="check the file's permissions")
    except OSError as e:
        yield IngestError(f"cannot read: {e.strerror or e}", where=str(path))
    except RecursionError:
        yield IngestError("input is nested too deeply to read", where=str(path))
