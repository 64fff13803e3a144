"""Score a built event graph against gold annotations.

Gold annotations are JSON files, one per dispatch, in the format of the shared
evaluation (``eval/README.md`` beside the shared corpus; the project's own
examples in ``examples/gold/`` use it too). :func:`score` applies the same
matching rules as the shared scorer, so the figures agree with it:

- a built event matches a gold event when the types are equal or one is the
  direct subclass of the other (``Veto``/``Rejection``, ``AirStrike``/
  ``Shelling``/``Bombing``/``Attack``), and its evidence text covers the gold
  evidence (or one of its ``also`` sentences) after normalising spaces, quotes,
  apostrophes and case, or the two share a common run of at least 60% of the
  shorter one; pairs are taken greedily, exact types first, then closer
  evidence, then more shared role fillers;
- a role filler matches a gold entity by ``owl:sameAs`` QID, else by a
  normalised ``rdfs:label``/``skos:altLabel``/``skos:prefLabel`` equal to the
  gold label or one of its mentions; for ``Negotiation``, ``Agreement``,
  ``Ceasefire`` and ``Clash`` agent, target and participant are pooled;
- dates: one of the built ``cev:date`` values is one of the gold dates;
- casualties: same ``count`` and ``kind``, each gold figure used once;
- links: recall over gold entities with a QID; precision over built
  ``owl:sameAs`` links on role fillers that match a gold entity with a QID.

It reads only the vocabulary of the design contract, so any graph that follows
it can be scored, whatever built it. Scoring is deterministic and offline.

>>> from rdflib import Dataset
>>> report = score(Path("/nonexistent"), Dataset())
>>> report.events.f1
0.0
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from rdflib import Dataset, Graph
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.errors import KGError
from kg.rdf.namespace import CEV, PROV, WD

__all__ = [
    "EVENT_CLASSES",
    "SUPERCLASS",
    "SYMMETRIC_CLASSES",
    "EvalReport",
    "Extra",
    "GoldFormatError",
    "Miss",
    "PRF",
    "Ratio",
    "TypeScore",
    "check_gold",
    "evidence_overlap",
    "load_gold",
    "norm_name",
    "norm_text",
    "score",
    "types_compatible",
]


class GoldFormatError(KGError):
    """A gold annotation file cannot be read (not JSON, or without ``source``)."""

    code = "E700"


# The event classes of the design contract, with the direct superclass of the
# four that have one (a built Veto matches a gold Rejection and vice versa).
SUPERCLASS: Mapping[str, str] = MappingProxyType(
    {"Veto": "Rejection", "AirStrike": "Attack", "Shelling": "Attack", "Bombing": "Attack"}
)
EVENT_CLASSES: frozenset[str] = frozenset(
    {
        "Statement",
        "Proposal",
        "Rejection",
        "Veto",
        "ResolutionAdoption",
        "Negotiation",
        "Agreement",
        "Ceasefire",
        "Accusation",
        "Attack",
        "AirStrike",
        "Shelling",
        "Bombing",
        "Clash",
        "Offensive",
        "Capture",
        "Withdrawal",
        "Evacuation",
        "Release",
        "Displacement",
    }
)
SYMMETRIC_CLASSES: frozenset[str] = frozenset({"Negotiation", "Agreement", "Ceasefire", "Clash"})
ENTITY_TYPES: frozenset[str] = frozenset(
    {
        "Person",
        "State",
        "IntergovernmentalOrganization",
        "ArmedGroup",
        "ArmedForces",
        "Organization",
        "Group",
        "Country",
        "Region",
        "City",
        "District",
    }
)
STATUSES: frozenset[str] = frozenset({"Occurred", "Planned", "Negated"})
KINDS: frozenset[str] = frozenset({"Killed", "Injured"})
ROLES: tuple[str, ...] = ("agent", "target", "participant", "place")
_ACTORS = ("agent", "target", "participant")
_MATCH_THRESHOLD = 0.6
_CEV = str(CEV._NS)
_NAME_PROPERTIES = (RDFS.label, SKOS.altLabel, SKOS.prefLabel)
_WD = str(WD)

# ---------------------------------------------------------------------------- normalisation

_QUOTES = re.compile('[\u00ab\u00bb\u201c\u201d"]')
_SPACES = re.compile(r"\s+")
# a leading article or preposition is not part of a name ("la Russie" = "Russie")
_LEADING_ARTICLE = re.compile(r"^(?:l'|d'|les |le |la |du |des |de la |de l'|de |the )")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def norm_text(text: str) -> str:
    """Normalise evidence text: NFKC, one kind of quote and apostrophe, single spaces, lower case.

    >>> norm_text("Moscou a mis son  veto à l\u2019ONU «\u00a0maintenant\u00a0»")
    'moscou a mis son veto à l\\'onu " maintenant "'
    """
    text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'")
    text = _QUOTES.sub('"', text)
    return _SPACES.sub(" ", text).strip().lower()


def norm_name(name: str) -> str:
    """Normalise a name for comparison: ASCII letters and digits, no leading article.

    Letters lose their accents, characters without an ASCII form (typographic
    apostrophes included) are dropped, then one leading article is removed and
    any run of other characters becomes one space.

    >>> norm_name("la Russie"), norm_name("Conseil de sécurité"), norm_name("l'ONU")
    ('russie', 'conseil de securite', 'onu')
    """
    ascii_name = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode().lower().strip()
    ascii_name = _LEADING_ARTICLE.sub("", ascii_name)
    return _NON_ALNUM.sub(" ", ascii_name).strip()


def types_compatible(built: str, gold: str) -> bool:
    """Whether a built event class may match a gold one (equal, or one the direct subclass of the other).

    >>> types_compatible("Veto", "Rejection"), types_compatible("Attack", "Shelling")
    (True, True)
    >>> types_compatible("Shelling", "AirStrike")
    False
    """
    return built == gold or SUPERCLASS.get(built) == gold or SUPERCLASS.get(gold) == built


def evidence_overlap(built: str, gold: str) -> float:
    """How well a built evidence text matches a gold one, in [0, 1].

    1.0 when one (normalised) text contains the other; otherwise the length of
    their longest common substring over the length of the shorter text.

    >>> evidence_overlap("Le Conseil a voté. Moscou a mis son veto.", "moscou a mis son veto")
    1.0
    >>> evidence_overlap("abc", "")
    0.0
    """
    b, g = norm_text(built), norm_text(gold)
    if not b or not g:
        return 0.0
    if g in b or b in g:
        return 1.0
    longest = difflib.SequenceMatcher(None, b, g, autojunk=False).find_longest_match(0, len(b), 0, len(g))
    return longest.size / min(len(b), len(g))


# ---------------------------------------------------------------------------- report values


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 from counts: ``tp`` found, ``predicted`` built, ``gold`` expected."""

    tp: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        return {"p": self.precision, "r": self.recall, "f": self.f1}


@dataclass(frozen=True)
class Ratio:
    """A proportion ``hit / total`` (0.0 when ``total`` is 0)."""

    hit: int
    total: int

    @property
    def value(self) -> float:
        return self.hit / self.total if self.total else 0.0


@dataclass(frozen=True)
class TypeScore:
    """Per event class: gold events of that class found, built events of that class correct."""

    type: str
    gold: int
    found: int
    built: int
    correct: int

    @property
    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None

    @property
    def precision(self) -> float | None:
        return self.correct / self.built if self.built else None


@dataclass(frozen=True)
class Miss:
    """A gold event that no built event matched."""

    source: str
    type: str
    status: str
    evidence: str


@dataclass(frozen=True)
class Extra:
    """A built event that matched no gold event."""

    source: str
    type: str
    evidence: str
    node: str


@dataclass(frozen=True)
class EvalReport:
    """Scores of one graph against one gold folder.

    Attributes:
        events: event detection (subclass matches count).
        events_exact_type: the same, counting only exact class matches as found.
        arguments: all role groups together.
        by_role: per role group (``agent``, ``target``, ``participant``, ``participants`` for the
            pooled symmetric classes, ``place``); only the groups that occurred in a match.
        dates: matched gold events with a date whose built event has one of the gold dates.
        status: matched events whose built status equals the gold status.
        planned_negated: matched gold events that are Planned or Negated and whose built status agrees.
        casualties: casualty figures (count and kind).
        link_precision: built ``owl:sameAs`` on fillers matching a gold entity with a QID that are right.
        link_recall: gold entities with a QID that some filler links to.
        by_type: per event class, sorted by class name.
        misses: gold events not found; extras: built events that match nothing.
        dispatches_missing: gold sources with no dispatch in the graph.
    """

    events: PRF
    events_exact_type: PRF
    arguments: PRF
    by_role: Mapping[str, PRF]
    dates: Ratio
    status: Ratio
    planned_negated: Ratio
    casualties: PRF
    link_precision: Ratio
    link_recall: Ratio
    by_type: tuple[TypeScore, ...]
    misses: tuple[Miss, ...] = ()
    extras: tuple[Extra, ...] = ()
    dispatches_missing: tuple[str, ...] = ()
    gold_files: int = 0

    @property
    def date_accuracy(self) -> float:
        return self.dates.value

    @property
    def status_accuracy(self) -> float:
        return self.status.value

    @property
    def planned_negated_recall(self) -> float:
        return self.planned_negated.value

    def metrics(self) -> dict[str, float]:
        """The headline figures by name (what thresholds and dashboards use)."""
        return {
            "event_p": self.events.precision,
            "event_r": self.events.recall,
            "event_f1": self.events.f1,
            "event_exact_f1": self.events_exact_type.f1,
            "arg_p": self.arguments.precision,
            "arg_r": self.arguments.recall,
            "arg_f1": self.arguments.f1,
            "date_acc": self.date_accuracy,
            "status_acc": self.status_accuracy,
            "planned_negated_recall": self.planned_negated_recall,
            "casualty_p": self.casualties.precision,
            "casualty_r": self.casualties.recall,
            "casualty_f1": self.casualties.f1,
            "link_p": self.link_precision.value,
            "link_r": self.link_recall.value,
        }

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with the same keys and values as the shared scorer's ``--json`` output."""
        return {
            "dispatches_missing": list(self.dispatches_missing),
            "events": self.events.as_dict(),
            "events_exact_type": self.events_exact_type.as_dict(),
            "arguments": self.arguments.as_dict(),
            "by_role": {k: v.as_dict() for k, v in self.by_role.items()},
            "date_accuracy": self.date_accuracy,
            "status_accuracy": self.status_accuracy,
            "planned_negated_recall": self.planned_negated_recall,
            "casualties": self.casualties.as_dict(),
            "links": {"p": self.link_precision.value, "r": self.link_recall.value},
            "by_type": {
                t.type: {"gold": t.gold, "recall": t.recall, "built": t.built, "precision": t.precision}
                for t in self.by_type
            },
        }

    def table(self, *, misses: bool = False) -> str:
        """The report as a text table (per class, per role, then the headline figures).

        Args:
            misses: also list the missed and extra events.
        """

        def pct(x: float | None) -> str:
            return "-" if x is None else f"{x:.2f}"

        lines: list[str] = []
        if self.dispatches_missing:
            lines.append("no dispatch in the graph for: " + ", ".join(self.dispatches_missing))
        lines.append(
            f"{'class':<20} {'gold':>5} {'found':>6} {'recall':>7} {'built':>6} {'correct':>8} {'prec.':>6}"
        )
        for t in self.by_type:
            lines.append(
                f"{t.type:<20} {t.gold:>5} {t.found:>6} {pct(t.recall):>7} {t.built:>6} {t.correct:>8} "
                f"{pct(t.precision):>6}"
            )
        lines.append("")
        lines.append(f"{'metric':<24} {'P':>5} {'R':>5} {'F1':>5} {'tp':>5} {'built':>6} {'gold':>5}")

        def prf_line(name: str, s: PRF) -> str:
            return (
                f"{name:<24} {s.precision:>5.2f} {s.recall:>5.2f} {s.f1:>5.2f} {s.tp:>5} {s.predicted:>6} "
                f"{s.gold:>5}"
            )

        lines.append(prf_line("events", self.events))
        lines.append(prf_line("events (exact class)", self.events_exact_type))
        lines.append(prf_line("arguments", self.arguments))
        for role, s in self.by_role.items():
            lines.append(prf_line(f"  role {role}", s))
        lines.append(prf_line("casualties", self.casualties))
        lines.append("")
        for name, r in (
            ("dates accuracy", self.dates),
            ("status accuracy", self.status),
            ("planned/negated recall", self.planned_negated),
            ("links precision", self.link_precision),
            ("links recall", self.link_recall),
        ):
            lines.append(f"{name:<24} {r.value:>5.2f} ({r.hit}/{r.total})")
        if misses:
            lines.append("")
            lines.extend(f"MISS  {m.source}: {m.type} [{m.status}]: {m.evidence[:90]}" for m in self.misses)
            lines.extend(f"EXTRA {x.source}: {x.type}: {x.evidence[:90]}" for x in self.extras)
        return "\n".join(lines)


# ---------------------------------------------------------------------------- gold


def load_gold(gold_dir: Path) -> list[tuple[Path, dict[str, Any]]]:
    """Read every ``*.json`` gold file of a folder, sorted by file name.

    Reading is lenient (missing lists count as empty) like the shared scorer;
    use :func:`check_gold` to check a file strictly.

    Raises:
        GoldFormatError: a file is not JSON or has no ``source``.
    """
    out: list[tuple[Path, dict[str, Any]]] = []
    for path in sorted(Path(gold_dir).glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise GoldFormatError(f"cannot read gold file: {e}", where=str(path)) from e
        if not isinstance(data, dict) or not isinstance(data.get("source"), str):
            raise GoldFormatError(
                "a gold file is an object with a 'source' string",
                where=str(path),
                hint="see the gold format in examples/README.md",
            )
        out.append((path, data))
    return out


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_QID = re.compile(r"^Q[1-9]\d*$")


def check_gold(data: Mapping[str, Any], *, text: str | None = None) -> list[str]:
    """Problems in one gold annotation (an empty list when it follows the format).

    Args:
        data: the parsed gold JSON.
        text: the dispatch body; when given, every evidence must occur in it (spaces normalised).

    >>> check_gold({"source": "a", "date": "2020-01-01", "entities": [], "events": [
    ...     {"type": "Vetto", "status": "Occurred", "evidence": "x", "agent": ["b"], "target": [],
    ...      "participant": [], "place": [], "date": None}], "casualties": []})
    ["event 0: unknown type 'Vetto'", "event 0: agent 'b' is not an entity id"]
    """
    problems: list[str] = []
    shape = (("source", str), ("date", str), ("entities", list), ("events", list), ("casualties", list))
    for key, kind in shape:
        if not isinstance(data.get(key), kind):
            problems.append(f"missing or malformed {key!r}")
    if problems:
        return problems
    if not _DATE.match(data["date"]):
        problems.append(f"dispatch date {data['date']!r} is not YYYY-MM-DD")
    body = _SPACES.sub(" ", text) if text is not None else None
    ids: set[str] = set()
    for n, e in enumerate(data["entities"]):
        where = f"entity {e.get('id', n)!r}"
        if not isinstance(e.get("id"), str) or e["id"] in ids:
            problems.append(f"{where}: missing or duplicate id")
        ids.add(str(e.get("id")))
        if e.get("type") not in ENTITY_TYPES:
            problems.append(f"{where}: unknown type {e.get('type')!r}")
        if not isinstance(e.get("label"), str) or not e["label"]:
            problems.append(f"{where}: missing label")
        if e.get("qid") is not None and not (isinstance(e["qid"], str) and _QID.match(e["qid"])):
            problems.append(f"{where}: malformed qid {e['qid']!r}")
        if not isinstance(e.get("mentions"), list):
            problems.append(f"{where}: mentions must be a list")

    def check_evidence(where: str, evidence: object) -> None:
        if not isinstance(evidence, str) or not evidence.strip():
            problems.append(f"{where}: missing evidence")
        elif body is not None and _SPACES.sub(" ", evidence) not in body:
            problems.append(f"{where}: evidence not in the text: {evidence[:60]!r}")

    for n, ev in enumerate(data["events"]):
        where = f"event {n}"
        if ev.get("type") not in EVENT_CLASSES:
            problems.append(f"{where}: unknown type {ev.get('type')!r}")
        if ev.get("status") not in STATUSES:
            problems.append(f"{where}: unknown status {ev.get('status')!r}")
        check_evidence(where, ev.get("evidence"))
        for also in ev.get("also", []):
            check_evidence(f"{where} (also)", also)
        for role in ROLES:
            fillers = ev.get(role)
            if not isinstance(fillers, list):
                problems.append(f"{where}: {role} must be a list")
                continue
            problems.extend(f"{where}: {role} {x!r} is not an entity id" for x in fillers if x not in ids)
        dates = ev.get("date")
        for d in dates if isinstance(dates, list) else [dates]:
            if d is not None and not (isinstance(d, str) and _DATE.match(d)):
                problems.append(f"{where}: date {d!r} is not YYYY-MM-DD")
    for n, c in enumerate(data["casualties"]):
        where = f"casualties {n}"
        if not isinstance(c.get("count"), int) or c["count"] < 0:
            problems.append(f"{where}: count must be a non-negative integer")
        if c.get("kind") not in KINDS:
            problems.append(f"{where}: unknown kind {c.get('kind')!r}")
        check_evidence(where, c.get("evidence"))
        problems.extend(
            f"{where}: according_to {x!r} is not an entity id"
            for x in c.get("according_to", [])
            if x not in ids
        )
    return problems


# ---------------------------------------------------------------------------- the built graph


@dataclass
class _BuiltEvent:
    node: Node
    type: str
    evidence: list[str]
    roles: dict[str, set[Node]]
    dates: set[str]
    status: str


def _local(node: Node) -> str:
    s = str(node)
    return s[len(_CEV) :] if s.startswith(_CEV) else s


class _Built:
    """What scoring reads from a built graph (the union of its named graphs)."""

    def __init__(self, graph: Graph) -> None:
        if isinstance(graph, Dataset) or hasattr(graph, "quads"):  # read the union of all named graphs
            union = Graph()
            for s, p, o, _ in graph.quads((None, None, None, None)):  # type: ignore[attr-defined]
                union.add((s, p, o))
            graph = union
        self.g = graph
        self.dispatch_by_source: dict[str, Node] = {}
        for d, name in sorted(graph.subject_objects(CEV.sourceName), key=lambda x: (str(x[0]), str(x[1]))):
            self.dispatch_by_source[str(name)] = d

    def event_type(self, node: Node) -> str | None:
        types = sorted(_local(t) for t in self.g.objects(node, RDF.type) if str(t).startswith(_CEV))
        types = [t for t in types if t not in ("Event", "Casualties")]
        if not types:
            return None
        specific = [t for t in types if t not in SUPERCLASS.values()]
        return (specific or types)[0]

    def names(self, node: Node) -> set[str]:
        out = {norm_name(str(o)) for p in _NAME_PROPERTIES for o in self.g.objects(node, p)}
        out.discard("")
        return out

    def qids(self, node: Node) -> set[str]:
        return {str(o)[len(_WD) :] for o in self.g.objects(node, OWL.sameAs) if str(o).startswith(_WD)}

    def derived(self, dispatch: Node) -> set[Node]:
        return set(self.g.subjects(PROV.wasDerivedFrom, dispatch))

    def events(self, dispatch: Node) -> list[_BuiltEvent]:
        out: list[_BuiltEvent] = []
        for node in sorted(self.derived(dispatch), key=str):
            etype = self.event_type(node)
            if etype is None:
                continue
            texts = [str(x) for e in self.g.objects(node, CEV.evidence) for x in self.g.objects(e, CEV.text)]
            status = next((_local(s) for s in self.g.objects(node, CEV.status)), "Occurred")
            out.append(
                _BuiltEvent(
                    node=node,
                    type=etype,
                    evidence=texts,
                    roles={r: set(self.g.objects(node, CEV[r])) for r in ROLES},
                    dates={str(d)[:10] for d in self.g.objects(node, CEV.date)},
                    status=status,
                )
            )
        return out

    def casualties(self, dispatch: Node) -> list[tuple[int, str | None]]:
        out: list[tuple[int, str | None]] = []
        for node in self.derived(dispatch):
            if (node, RDF.type, CEV.Casualties) not in self.g:
                continue
            kind = next((_local(k) for k in self.g.objects(node, CEV.kind)), None)
            for n in self.g.objects(node, CEV["count"]):
                try:
                    out.append((int(n), kind))  # type: ignore[call-overload]
                except ValueError:
                    continue
        return out

    def gold_entity(self, node: Node, entities: Mapping[str, Mapping[str, Any]]) -> str | None:
        """The gold entity id a built node stands for: by QID first, then by name."""
        qids = self.qids(node)
        for eid, e in entities.items():
            if e.get("qid") and e["qid"] in qids:
                return eid
        names = self.names(node)
        for eid, e in entities.items():
            forms = {norm_name(e.get("label", ""))} | {norm_name(m) for m in e.get("mentions", [])}
            if names & forms:
                return eid
        return None


# ---------------------------------------------------------------------------- scoring


@dataclass
class _Tally:
    c: Counter[str] = field(default_factory=Counter)
    roles: dict[str, Counter[str]] = field(default_factory=dict)
    gold_by_type: Counter[str] = field(default_factory=Counter)
    found_by_type: Counter[str] = field(default_factory=Counter)
    built_by_type: Counter[str] = field(default_factory=Counter)
    correct_by_type: Counter[str] = field(default_factory=Counter)
    misses: list[Miss] = field(default_factory=list)
    extras: list[Extra] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def role(self, name: str) -> Counter[str]:
        return self.roles.setdefault(name, Counter())


def _gold_dates(value: object) -> set[str]:
    values = value if isinstance(value, list) else [value]
    return {str(v) for v in values if v is not None}


def _match_events(
    built: _Built,
    bevents: Sequence[_BuiltEvent],
    gevents: Sequence[Mapping[str, Any]],
    entities: Mapping[str, Mapping[str, Any]],
) -> list[tuple[int, int, bool]]:
    """One-to-one pairs (built index, gold index, exact type), chosen greedily by quality."""
    candidates: list[tuple[bool, float, int, int, int]] = []
    for i, be in enumerate(bevents):
        mapped = {built.gold_entity(n, entities) for r in ROLES for n in be.roles[r]}
        for j, ge in enumerate(gevents):
            if not types_compatible(be.type, str(ge.get("type"))):
                continue
            golds = [str(ge.get("evidence", "")), *map(str, ge.get("also", []))]
            overlap = max((evidence_overlap(b, g) for b in be.evidence for g in golds), default=0.0)
            if overlap < _MATCH_THRESHOLD:
                continue
            shared = len({x for r in ROLES for x in ge.get(r, [])} & mapped)
            # rounding keeps near-equal overlaps tied, so shared fillers decide between them
            candidates.append((be.type == ge.get("type"), round(overlap, 3), shared, -i, -j))
    candidates.sort(reverse=True)
    used_b: set[int] = set()
    used_g: set[int] = set()
    pairs: list[tuple[int, int, bool]] = []
    for exact, _, _, neg_i, neg_j in candidates:
        i, j = -neg_i, -neg_j
        if i in used_b or j in used_g:
            continue
        used_b.add(i)
        used_g.add(j)
        pairs.append((i, j, exact))
    return pairs


def _score_dispatch(built: _Built, gold: Mapping[str, Any], t: _Tally) -> None:
    source = str(gold["source"])
    entities = {str(e["id"]): e for e in gold.get("entities", [])}
    gevents: list[Mapping[str, Any]] = list(gold.get("events", []))
    gold_cas = Counter((c.get("count"), c.get("kind")) for c in gold.get("casualties", []))
    qid_entities = {eid: e for eid, e in entities.items() if e.get("qid")}
    for ge in gevents:
        t.gold_by_type[str(ge.get("type"))] += 1
    t.c["gold_events"] += len(gevents)
    t.c["gold_cas"] += sum(gold_cas.values())
    t.c["gold_links"] += len(qid_entities)
    dispatch = built.dispatch_by_source.get(source)
    if dispatch is None:
        t.missing.append(source)
        t.misses.extend(
            Miss(source, str(ge.get("type")), str(ge.get("status", "Occurred")), str(ge.get("evidence", "")))
            for ge in gevents
        )
        return

    bevents = built.events(dispatch)
    t.c["pred_events"] += len(bevents)
    for be in bevents:
        t.built_by_type[be.type] += 1
    pairs = _match_events(built, bevents, gevents, entities)
    for i, j, exact in pairs:
        t.c["tp_events"] += 1
        t.c["tp_exact"] += exact
        t.found_by_type[str(gevents[j].get("type"))] += 1
        t.correct_by_type[bevents[i].type] += 1
    matched_b = {i for i, _, _ in pairs}
    matched_g = {j for _, j, _ in pairs}
    t.misses.extend(
        Miss(source, str(ge.get("type")), str(ge.get("status", "Occurred")), str(ge.get("evidence", "")))
        for j, ge in enumerate(gevents)
        if j not in matched_g
    )
    t.extras.extend(
        Extra(source, be.type, be.evidence[0] if be.evidence else "", str(be.node))
        for i, be in enumerate(bevents)
        if i not in matched_b
    )

    for i, j, _ in pairs:
        be, ge = bevents[i], gevents[j]
        if ge.get("type") in SYMMETRIC_CLASSES:
            groups: list[tuple[str, tuple[str, ...]]] = [("participants", _ACTORS)]
        else:
            groups = [(r, (r,)) for r in _ACTORS]
        groups.append(("place", ("place",)))
        for name, roles in groups:
            gold_ids = {x for r in roles for x in ge.get(r, [])}
            nodes = {n for r in roles for n in be.roles[r]}
            mapped = {built.gold_entity(n, entities) for n in nodes}
            tally = t.role(name)
            tally["tp"] += len(gold_ids & mapped)
            tally["gold"] += len(gold_ids)
            tally["pred"] += len(nodes)
        gdates = _gold_dates(ge.get("date"))
        if gdates:
            t.c["gold_dates"] += 1
            t.c["ok_dates"] += bool(be.dates & gdates)
        gstatus = str(ge.get("status", "Occurred"))
        t.c["status_pairs"] += 1
        t.c["status_ok"] += be.status == gstatus
        if gstatus != "Occurred":
            t.c["gold_modal"] += 1
            t.c["modal_ok"] += be.status == gstatus

    bcas = built.casualties(dispatch)
    t.c["pred_cas"] += len(bcas)
    pool = Counter(gold_cas)
    for item in bcas:
        if pool[item] > 0:
            pool[item] -= 1
            t.c["tp_cas"] += 1

    fillers: set[Node] = {n for be in bevents for r in ROLES for n in be.roles[r]}
    for node in built.derived(dispatch):
        fillers |= set(built.g.objects(node, CEV.accordingTo))
    linked: set[str] = set()
    for node in fillers:
        qids = built.qids(node)
        linked |= qids
        eid = built.gold_entity(node, entities)
        if eid is not None and entities[eid].get("qid") and qids:
            t.c["pred_links"] += 1
            t.c["ok_links"] += entities[eid]["qid"] in qids
    t.c["found_links"] += sum(1 for e in qid_entities.values() if e["qid"] in linked)


def score(gold_dir: Path, graph: Dataset | Graph) -> EvalReport:
    """Score a built graph against every gold file of a folder.

    Args:
        gold_dir: folder of gold JSON files (one per dispatch; see the module docstring).
        graph: the built graph: an ``rdflib.Dataset`` (all named graphs are read together)
            or a plain ``rdflib.Graph``. It is only read.

    Returns:
        The report. Gold dispatches absent from the graph count as wholly missed.

    Raises:
        GoldFormatError: a gold file is not JSON or has no ``source``.
    """
    built = _Built(graph)
    gold_files = load_gold(gold_dir)
    t = _Tally()
    for _, gold in gold_files:
        _score_dispatch(built, gold, t)
    c = t.c
    role_scores = {k: PRF(v["tp"], v["pred"], v["gold"]) for k, v in t.roles.items()}
    types = sorted(set(t.gold_by_type) | set(t.built_by_type))
    return EvalReport(
        events=PRF(c["tp_events"], c["pred_events"], c["gold_events"]),
        events_exact_type=PRF(c["tp_exact"], c["pred_events"], c["gold_events"]),
        arguments=PRF(
            sum(s.tp for s in role_scores.values()),
            sum(s.predicted for s in role_scores.values()),
            sum(s.gold for s in role_scores.values()),
        ),
        by_role=MappingProxyType(role_scores),
        dates=Ratio(c["ok_dates"], c["gold_dates"]),
        status=Ratio(c["status_ok"], c["status_pairs"]),
        planned_negated=Ratio(c["modal_ok"], c["gold_modal"]),
        casualties=PRF(c["tp_cas"], c["pred_cas"], c["gold_cas"]),
        link_precision=Ratio(c["ok_links"], c["pred_links"]),
        link_recall=Ratio(c["found_links"], c["gold_links"]),
        by_type=tuple(
            TypeScore(ty, t.gold_by_type[ty], t.found_by_type[ty], t.built_by_type[ty], t.correct_by_type[ty])
            for ty in types
        ),
        misses=tuple(t.misses),
        extras=tuple(t.extras),
        dispatches_missing=tuple(t.missing),
        gold_files=len(gold_files),
    )
