"""Build the packaged knowledge base (``kg/data/kb/entities.jsonl``) from its sources.

Sources:

* the verified Wikidata tables in ``../shared/data/wikidata/`` (``countries.csv``,
  ``places.csv``, ``entities.csv``): every QID in the knowledge base comes from
  them, none is typed by hand;
* the hand-made files in ``kg/data/kb/``: ``countries.json`` (French aliases,
  demonyms, compound prefixes), ``places.json`` (capitals, aliases, places with no
  QID) and ``entities.json`` (aliases for the shared organisations and people, and
  organisations, armed groups, collectives and people with no QID).

The output is deterministic: one JSON object per line, sorted by key, so the
packaged file can be compared with a fresh build (a test does).

Run it from a checkout with ``python tools/build_kb.py``.
"""

from __future__ import annotations

import csv
import json
import logging
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from kg.errors import ResolutionError
from kg.resolve.normalize import entity_key, fold, inflect_demonym, strip_accents

__all__ = ["build_rows", "dump_rows", "main", "source_dir"]

log = logging.getLogger(__name__)

SOVEREIGN_TYPES = frozenset({"Sovereign country", "Country", "Sovereignty", "Disputed"})
SHARED_KINDS = {
    "igo": "IntergovernmentalOrganization",
    "agency": "IntergovernmentalOrganization",
    "organization": "Organization",
    "armed_group": "ArmedGroup",
    "person": "Person",
}
#: Places smaller than this need a name of at least MIN_SMALL_NAME letters to be matched by the ruler.
SMALL_PLACE = 100_000
MIN_SMALL_NAME = 5


def source_dir() -> Path:
    """The folder holding the hand-made sources (``kg/data/kb`` of this checkout or install)."""
    return Path(__file__).resolve().parent.parent / "data" / "kb"


def _read_csv(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise ResolutionError(
            f"missing source table {path.name}",
            where=str(path),
            hint="give --shared pointing at shared/data/wikidata",
        )
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ResolutionError(f"cannot read knowledge-base source: {e}", where=str(path)) from e


def _uniq(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for it in items:
        it = it.strip()
        if it:
            seen.setdefault(it, None)
    return list(seen)


def _variants(alias: str, *, person: bool = False) -> list[str]:
    """Spelling variants wire copy uses: unaccented capital É ('Etat'), and for names no diacritics."""
    out = [alias]
    if alias[:1] in "ÉÈÊ":
        out.append("E" + alias[1:])
    if person:
        out.append(strip_accents(alias))
    return _uniq(out)


class _Builder:
    def __init__(self, shared: Path, sources: Path) -> None:
        self.shared = shared
        self.sources = sources
        self.rows: dict[str, dict[str, Any]] = {}
        self.country_qid: dict[str, str] = {}  # ISO3 / NE code -> QID
        self.place_qid: dict[str, str] = {}  # "ISO3/name_en" -> QID
        self.shared_qid: dict[str, str] = {}  # label_en -> QID

    # -- references -------------------------------------------------------------------------
    def ref(self, ref: str, *, where: str) -> str:
        """Resolve a reference of a hand-made source to an entity key."""
        kind, _, rest = ref.partition(":")
        key: str | None
        if kind == "country":
            key = self.country_qid.get(rest)
        elif kind == "place":
            key = self.place_qid.get(rest)
        elif kind == "wd":
            key = self.shared_qid.get(rest)
        else:
            key = ref
        if key is None or (kind not in {"country", "place", "wd"} and key not in self.rows):
            raise ResolutionError(f"reference {ref!r} does not resolve", where=where)
        return key

    def add(self, row: dict[str, Any], *, where: str) -> None:
        key = row["key"]
        if key in self.rows:
            raise ResolutionError(f"duplicate entity key {key!r}", where=where)
        self.rows[key] = row

    # -- countries --------------------------------------------------------------------------
    def countries(self) -> None:
        hand: Mapping[str, Any] = _read_json(self.sources / "countries.json")
        table = _read_csv(self.shared / "countries.csv")
        for r in table:
            code = r["iso_a3"] or r["ne_adm0_a3"]
            self.country_qid[code] = r["qid"]
        unknown = sorted(set(hand) - set(self.country_qid) - {"_doc"})
        if unknown:
            raise ResolutionError(f"countries.json: unknown codes {unknown}", where="countries.json")
        for r in table:
            code = r["iso_a3"] or r["ne_adm0_a3"]
            h = hand.get(code, {})
            sovereign = r["ne_type"] in SOVEREIGN_TYPES
            kind = h.get("kind") or ("State" if sovereign else "Region")
            label = h.get("label") or r["name_en"]
            dem = h.get("demonym")
            demonyms = list(inflect_demonym(dem) if isinstance(dem, str) else (dem or []))
            names_fr = _uniq([r["name_fr"], *h.get("aliases", [])])
            patterns = _uniq(v for a in names_fr for v in _variants(a))
            if r["name_en"] == r["name_fr"] or not r["name_fr"]:
                patterns = _uniq([*patterns, r["name_en"]])
            patterns = _uniq([*patterns, *demonyms])
            aliases = _uniq([*patterns, r["name_en"]])
            row: dict[str, Any] = {
                "key": r["qid"],
                "kind": kind,
                "label": label,
                "label_lang": "en",
                "qid": r["qid"],
                "aliases": [a for a in aliases if a != label],
                "patterns": patterns,
                "extra_kinds": ["Country"] if kind == "State" else [],
                "iso_a3": r["iso_a3"] or None,
            }
            if kind == "State":
                row["demonyms"] = demonyms
                row["prefixes"] = list(h.get("prefix", []))
            self.add(row, where=f"countries.csv {code}")
            if kind == "State" and h.get("adj_en"):
                fl = f"{h['adj_en']} armed forces"
                forces = _uniq(h.get("forces_aliases", []))
                self.add(
                    {
                        "key": entity_key("ArmedForces", fl),
                        "kind": "ArmedForces",
                        "label": fl,
                        "label_lang": "en",
                        "qid": None,
                        "aliases": forces,
                        "patterns": forces,
                        "forces_of": r["qid"],
                    },
                    where=f"countries.json {code}",
                )

    # -- places -----------------------------------------------------------------------------
    def places(self) -> None:
        hand: Mapping[str, Any] = _read_json(self.sources / "places.json")
        table = _read_csv(self.shared / "places.csv")
        for r in table:
            self.place_qid[f"{r['country_iso_a3']}/{r['name_en']}"] = r["qid"]
        for ref in [*hand["aliases"], *(f"{c}/{n}" for c, n in hand["capitals"].items())]:
            if ref not in self.place_qid:
                raise ResolutionError(f"unknown place {ref!r}", where="places.json")
        capital_of = {self.place_qid[f"{c}/{n}"]: self.country_qid[c] for c, n in hand["capitals"].items()}
        no_match = {fold(n) for n in hand["no_match"]}
        for r in table:
            ref = f"{r['country_iso_a3']}/{r['name_en']}"
            lat, lon = round(float(r["lat"]), 6), round(float(r["lon"]), 6)
            country = r["country_iso_a3"]
            for rule in hand["reassign"]:
                la0, lo0, la1, lo1 = rule["bbox"]
                if country == rule["from"] and la0 <= lat <= la1 and lo0 <= lon <= lo1:
                    country = rule["to"]
            pop = int(r["pop_max"] or 0)
            names = _uniq([r["name_fr"] or r["name_en"], *hand["aliases"].get(ref, [])])
            if r["name_en"] == r["name_fr"]:
                names = _uniq([*names, r["name_en"]])
            patterns = [
                v
                for n in names
                for v in _variants(n)
                if fold(v) not in no_match and (pop >= SMALL_PLACE or len(v) >= MIN_SMALL_NAME)
            ]
            aliases = _uniq([*names, r["name_en"]])
            row: dict[str, Any] = {
                "key": r["qid"],
                "kind": "City",
                "label": r["name_en"],
                "label_lang": "en",
                "qid": r["qid"],
                "aliases": [a for a in aliases if a != r["name_en"]],
                "patterns": _uniq(patterns),
                "lat": lat,
                "long": lon,
                "geonames": r["geonameid"] or None,
                "located_in": self.country_qid.get(country),
                "pop": pop,
            }
            if r["qid"] in capital_of:
                row["metonym_of"] = capital_of[r["qid"]]
            if r["qid"] in self.rows:  # a city-state (Singapore): the country row gets the coordinates
                self.rows[r["qid"]].update(lat=lat, long=lon, geonames=r["geonameid"] or None)
                continue
            self.add(row, where=f"places.csv {ref}")
        for i, h in enumerate(hand["extra"]):
            where = f"places.json extra[{i}]"
            aliases = _uniq(v for a in h.get("aliases", []) for v in _variants(a))
            row = {
                "key": entity_key(h["kind"], h["label"]),
                "kind": h["kind"],
                "label": h["label"],
                "label_lang": "en",
                "qid": None,
                "aliases": [a for a in aliases if a != h["label"]],
                "patterns": [a for a in aliases if fold(a) not in no_match],
            }
            if h.get("located_in"):
                row["located_in"] = self.ref(
                    h["located_in"] if ":" in h["located_in"] else f"place:{h['located_in']}", where=where
                )
            self.add(row, where=where)

    # -- organisations, groups, people ------------------------------------------------------
    def entities(self) -> None:
        hand: Mapping[str, Any] = _read_json(self.sources / "entities.json")
        table = _read_csv(self.shared / "entities.csv")
        for r in table:
            self.shared_qid[r["label_en"]] = r["qid"]
        unknown = sorted(set(hand["shared"]) - set(self.shared_qid))
        if unknown:
            raise ResolutionError(f"entities.json: unknown shared labels {unknown}", where="entities.json")
        pending: list[tuple[dict[str, Any], Mapping[str, Any], str]] = []
        for r in table:
            h = hand["shared"].get(r["label_en"], {})
            kind = SHARED_KINDS[r["type"]]
            person = kind == "Person"
            names = _uniq([r["label_fr"], *h.get("aliases", []), r["label_en"]])
            patterns = _uniq(v for n in names for v in _variants(n, person=person))
            row: dict[str, Any] = {
                "key": r["qid"],
                "kind": kind,
                "label": r["label_en"],
                "label_lang": "en",
                "qid": r["qid"],
                "aliases": [a for a in patterns if a != r["label_en"]],
                "patterns": patterns,
            }
            self.add(row, where=f"entities.csv {r['label_en']}")
            pending.append((row, h, f"entities.json shared {r['label_en']}"))
        for i, h in enumerate(hand["entities"]):
            person = h["kind"] == "Person"
            names = _uniq(h.get("aliases", []))
            patterns = _uniq(v for n in names for v in _variants(n, person=person))
            lookup_only = _uniq(h.get("lookup_only", []))
            row = {
                "key": entity_key(h["kind"], h["label"]),
                "kind": h["kind"],
                "label": h["label"],
                "label_lang": h.get("label_lang", "en"),
                "qid": None,
                "aliases": [a for a in _uniq([*patterns, *lookup_only]) if a != h["label"]],
                "patterns": patterns,
                "extra_kinds": list(h.get("extra_kinds", [])),
            }
            self.add(row, where=f"entities.json entities[{i}]")
            pending.append((row, h, f"entities.json entities[{i}]"))
        for row, h, where in pending:  # relations last: they may point at any entity
            for field in ("represents", "member_of"):
                if h.get(field):
                    row[field] = self.ref(h[field], where=where)

    def build(self) -> list[dict[str, Any]]:
        self.countries()
        self.places()
        self.entities()
        return [self.rows[k] for k in sorted(self.rows)]


def build_rows(shared: Path, *, sources: Path | None = None) -> list[dict[str, Any]]:
    """All knowledge-base rows, sorted by key.

    Args:
        shared: the folder with ``countries.csv``, ``places.csv`` and ``entities.csv``.
        sources: the folder with the hand-made JSON sources (default: the package's ``kg/data/kb``).

    Raises:
        ResolutionError: a source is missing or malformed, or a hand-made reference does not resolve.
    """
    rows = _Builder(shared, sources or source_dir()).build()
    for row in rows:  # drop empty optional fields so the file stays small and diffable
        for k in [k for k, v in row.items() if v in (None, [], "") and k not in {"key", "kind", "label"}]:
            if k != "qid":
                del row[k]
    return rows


def dump_rows(rows: Iterable[Mapping[str, Any]]) -> str:
    """The JSON Lines text of the rows (one sorted-key object per line)."""
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows)


def main(argv: list[str] | None = None) -> int:
    """Command line: rebuild ``entities.jsonl`` (see ``tools/build_kb.py``)."""
    import argparse

    repo = Path(__file__).resolve().parents[2]
    ap = argparse.ArgumentParser(description="Rebuild the packaged knowledge base.")
    ap.add_argument(
        "--shared",
        type=Path,
        default=repo.parent / "shared" / "data" / "wikidata",
        help="folder with countries.csv, places.csv, entities.csv",
    )
    ap.add_argument("--out", type=Path, default=source_dir() / "entities.jsonl")
    ap.add_argument("--check", action="store_true", help="only check that the packaged file is up to date")
    args = ap.parse_args(argv)
    text = dump_rows(build_rows(args.shared))
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.is_file() else ""
        if current != text:
            log.error("%s is out of date: run tools/build_kb.py", args.out)
            return 1
        return 0
    args.out.write_text(text, encoding="utf-8")
    log.info("wrote %d entities to %s", text.count("\n"), args.out)
    return 0
