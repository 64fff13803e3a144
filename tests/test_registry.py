from __future__ import annotations

import pytest

from kg import registry
from kg.errors import RegistryError
from kg.types import CasualtyExtractor, EventExtractor

# The registry's names are part of the public surface: changing one is a breaking change.
EXPECTED_EXTRACTORS = [
    "kg.accusation.v1", "kg.adoption.v1", "kg.agreement.v1", "kg.attack.v1", "kg.capture.v1",
    "kg.ceasefire.v1", "kg.clash.v1", "kg.displacement.v1", "kg.evacuation.v1", "kg.negotiation.v1",
    "kg.offensive.v1", "kg.proposal.v1", "kg.rejection.v1", "kg.release.v1", "kg.statement.v1",
    "kg.veto.v1", "kg.withdrawal.v1",
]


def test_registry_names_snapshot() -> None:
    assert registry.names("extractor") == EXPECTED_EXTRACTORS
    assert registry.names("casualties") == ["kg.casualties.v1"]
    assert registry.names("reader") == ["jsonl", "newsml", "text"]


@pytest.mark.parametrize("name", EXPECTED_EXTRACTORS)
def test_every_registered_extractor_loads_and_satisfies_the_protocol(name: str) -> None:
    ex = registry.get("extractor", name)()
    assert isinstance(ex, EventExtractor)
    assert ex.name == name
    assert ex.event_classes


def test_casualty_extractor_satisfies_the_protocol() -> None:
    assert isinstance(registry.get("casualties", "kg.casualties.v1")(), CasualtyExtractor)


def test_unknown_name_lists_what_is_available() -> None:
    with pytest.raises(RegistryError, match="kg.veto.v1"):
        registry.get("extractor", "kg.nope.v1")


def test_register_rejects_a_target_without_attribute() -> None:
    with pytest.raises(RegistryError):
        registry.register("extractor", "x", "kg.cli")


def test_console_script_target_imports() -> None:
    from kg.cli import main

    assert callable(main)
