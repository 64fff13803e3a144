from __future__ import annotations

import datetime as dt
import pickle

import pytest

from kg.types import Dispatch, Entity


def test_dispatch_pickles_for_spacy_worker_processes() -> None:
    d = Dispatch(source_name="a.txt", body="Texte.", date=dt.date(2020, 1, 1), extra={"desk": "INT"})
    assert pickle.loads(pickle.dumps(d)) == d


def test_dispatch_extra_is_read_only() -> None:
    d = Dispatch(source_name="a.txt", body="Texte.", date=dt.date(2020, 1, 1), extra={"desk": "INT"})
    with pytest.raises(TypeError):
        d.extra["desk"] = "FRA"  # type: ignore[index]


def test_country_entity_is_both_actor_and_place() -> None:
    e = Entity("Q858", "State", "Syria", qid="Q858", extra_kinds=("Country",))
    assert e.is_actor and e.is_place
    assert not Entity("City:x", "City", "X").is_actor
