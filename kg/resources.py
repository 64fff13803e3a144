"""The one accessor for data files: ontology, shapes, queries, lexicons, the knowledge base.

Only this module knows where they live. In an installed wheel the top-level
``ontology/``, ``shapes/`` and ``queries/`` folders are packaged as
``kg/_data/<name>``; in a source checkout or an editable install they are read
from the repository root. Lexicons and the knowledge base are package data
under ``kg/data/``.

>>> ontology_path().name
'cev.ttl'
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from kg.errors import KGError

_TOP_LEVEL = ("ontology", "shapes", "queries")


class ResourceError(KGError):
    """A packaged data file is missing or unreadable."""

    code = "E010"


def _top_level(name: str) -> Traversable:
    packaged = files("kg") / "_data" / name
    if packaged.is_dir():
        return packaged
    checkout = Path(str(files("kg"))).parent / name
    if checkout.is_dir():
        return checkout
    raise ResourceError(f"data folder {name!r} not found", hint="reinstall depeche")


def data_dir(name: str) -> Traversable:
    """A data folder: ``ontology``, ``shapes``, ``queries`` or a folder under ``kg/data``."""
    if name in _TOP_LEVEL:
        return _top_level(name)
    d = files("kg") / "data" / name
    if not d.is_dir():
        raise ResourceError(f"data folder {name!r} not found", hint="reinstall depeche")
    return d


def _file(folder: str, name: str) -> Path:
    f = data_dir(folder) / name
    if not f.is_file():
        raise ResourceError(f"data file {folder}/{name} not found", hint="reinstall depeche")
    return Path(str(f))


def ontology_path() -> Path:
    """The conflict ontology, ``cev.ttl``."""
    return _file("ontology", "cev.ttl")


def shapes_path() -> Path:
    """The SHACL shapes, ``cev-shapes.ttl``."""
    return _file("shapes", "cev-shapes.ttl")


def query_names() -> list[str]:
    """Names of the packaged SPARQL queries (file stems), sorted."""
    return sorted(Path(str(p)).stem for p in data_dir("queries").iterdir() if str(p).endswith(".rq"))


def query_path(name: str) -> Path:
    """The ``.rq`` file of a named query."""
    return _file("queries", f"{name}.rq")


def portable_query_path(name: str) -> Path | None:
    """The portable form of a named query (``queries/portable/NAME.rq``), if it has one: the
    same answers, for stores that reject the form tuned for the embedded store."""
    f = data_dir("queries") / "portable" / f"{name}.rq"
    return Path(str(f)) if f.is_file() else None


def data_file(folder: str, name: str) -> Path:
    """Any packaged data file, e.g. ``data_file("lexicons", "triggers.json")``."""
    return _file(folder, name)


@cache
def load_json(folder: str, name: str) -> Any:
    """A packaged JSON file, parsed once per process (treat the result as read-only)."""
    path = _file(folder, name)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ResourceError(f"cannot read {path}: {e}") from e


@cache
def load_lexicon(name: str) -> dict[str, Any]:
    """A lexicon of ``kg/data/lexicons``, its lists of words as frozensets (read once per process)."""
    raw: dict[str, Any] = load_json("lexicons", name)
    return {
        k: (frozenset(v) if isinstance(v, list) and all(isinstance(x, str) for x in v) else v)
        for k, v in raw.items()
    }


def iter_jsonl(folder: str, name: str) -> Iterator[dict[str, Any]]:
    """Rows of a packaged JSON Lines file."""
    path = _file(folder, name)
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except ValueError as e:
                    raise ResourceError(f"bad JSON: {e}", where=f"{path}:{n}") from e
