"""Linking measured on the shared dev gold (skipped when ../shared is absent).

For each gold entity with a QID: is it among the resolution's entities for that
dispatch (recall)? For each resolved entity with a QID whose names match a gold
entity with a QID (by QID, or by label/mention after the scorer's normalisation):
is the QID that gold entity's (precision)? A capital whose state is the gold
entity (``"Moscou"`` annotated as Russia) is counted right in the metonym-aware
figure, since the capital's ``metonym_of`` is how depeche reads it as an actor.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from spacy.language import Language

from kg.nlp.pipeline import load_nlp, normalise_for_nlp
from kg.resolve.kb import KnowledgeBase
from kg.resolve.resolver import resolve
from kg.types import Dispatch

log = logging.getLogger(__name__)
CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
_ARTICLES = re.compile(r"^(l'|d'|le |la |les |du |des |de la |de l'|de |the )")


def _norm_name(s: str) -> str:
    """The scorer's name normalisation (../shared/eval/score.py)."""
    s = unicodedata.normalize("NFKD", str(s)).encode("ascii", "ignore").decode().lower()
    s = _ARTICLES.sub("", s.replace("\u2019", "'").strip())
    return re.sub(r"[^a-z0-9]+", " ", s).strip()


@dataclass
class _Counts:
    gold: int = 0
    found: int = 0
    pred: int = 0
    right: int = 0
    right_metonym: int = 0
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def dev_corpus() -> Path:
    if not (CORPUS / "dev-gold").is_dir():
        pytest.skip("../shared/corpus is not present")
    return CORPUS


@pytest.fixture(scope="module")
def counts(dev_corpus: Path) -> _Counts:
    nlp: Language = load_nlp()
    kb = KnowledgeBase.load()
    texts: dict[str, tuple[str, str, str | None]] = {}
    seed = dev_corpus / "dev" / "seed.txt"
    texts["seed.txt"] = (seed.read_text(encoding="utf-8"), "2016-12-05", None)
    for line in (dev_corpus / "dev" / "dispatches.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            texts[rec["id"]] = (rec["text"], rec["date"], rec.get("title"))
    c = _Counts()
    for path in sorted((dev_corpus / "dev-gold").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        body, date, title = texts[gold["source"]]
        d = Dispatch(source_name=gold["source"], body=body, date=dt.date.fromisoformat(date), title=title)
        res = resolve(nlp(normalise_for_nlp(body)), d, kb=kb)
        qids = {e.qid for e in res.entities.values() if e.qid}
        for ge in gold["entities"]:
            if ge.get("qid"):
                c.gold += 1
                if ge["qid"] in qids:
                    c.found += 1
                else:
                    c.missed.append(f"{gold['source']}: {ge['label']} {ge['qid']}")
        surfaces: dict[str, set[str]] = {}
        for m in res.mentions:
            surfaces.setdefault(m.entity_key, set()).add(m.text)
        for e in res.entities.values():
            if not e.qid:
                continue
            names = {_norm_name(n) for n in (e.label, *e.aliases, *surfaces.get(e.key, ()))}
            match = next((ge for ge in gold["entities"] if ge.get("qid") == e.qid), None) or next(
                (
                    ge
                    for ge in gold["entities"]
                    if names & ({_norm_name(ge["label"])} | {_norm_name(x) for x in ge["mentions"]})
                ),
                None,
            )
            if match is None or not match.get("qid"):
                continue
            c.pred += 1
            c.right += match["qid"] == e.qid
            metonym = e.metonym_of and kb.get(e.metonym_of)
            ok = match["qid"] == e.qid or bool(metonym and metonym.qid == match["qid"])
            c.right_metonym += ok
            if not ok:
                c.wrong.append(
                    f"{gold['source']}: {e.key} {e.label} matched gold {match['label']} {match['qid']}"
                )
    log.info(
        "dev links: recall %d/%d, precision %d/%d (metonym-aware %d/%d)",
        c.found,
        c.gold,
        c.right,
        c.pred,
        c.right_metonym,
        c.pred,
    )
    return c


def test_dev_gold_link_recall(counts: _Counts) -> None:
    recall = counts.found / counts.gold
    assert recall >= 0.90, f"recall {recall:.3f}; missed: {counts.missed}"


def test_dev_gold_link_precision(counts: _Counts) -> None:
    precision = counts.right_metonym / counts.pred
    assert precision >= 0.95, f"precision {precision:.3f}; wrong: {counts.wrong}"
    strict = counts.right / counts.pred
    assert strict >= 0.85, f"strict precision {strict:.3f} (capitals annotated as their state count wrong)"
