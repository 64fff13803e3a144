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
