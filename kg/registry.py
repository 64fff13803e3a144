"""A single lazy registry: ``(kind, name) -> "module:attr"``, resolved on first use.

Built-in extractors are listed here as strings, so importing :mod:`kg` imports
no extractor. Third-party event families arrive through the ``kg.extractors``
entry-point group (``name = "package.module:factory"``).

>>> "kg.veto.v1" in names("extractor")
True
>>> get("extractor", "kg.nope.v1")
Traceback (most recent call last):
...
kg.registry.RegistryError: [E600] no extractor named 'kg.nope.v1' (available: ...)
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from importlib.metadata import entry_points
from typing import Any

from kg.errors import RegistryError

__all__ = ["RegistryError", "get", "names", "register"]

# kind -> name -> "module:factory". A factory takes no arguments and returns the component.
_TABLE: dict[str, dict[str, str]] = {
    "extractor": {
        "kg.statement.v1": "kg.extract.statement.registry:make_statement_extractor",
        "kg.proposal.v1": "kg.extract.diplomacy.registry:make_proposal_extractor",
        "kg.rejection.v1": "kg.extract.diplomacy.registry:make_rejection_extractor",
        "kg.veto.v1": "kg.extract.diplomacy.registry:make_veto_extractor",
        "kg.adoption.v1": "kg.extract.diplomacy.registry:make_adoption_extractor",
        "kg.negotiation.v1": "kg.extract.diplomacy.registry:make_negotiation_extractor",
        "kg.agreement.v1": "kg.extract.diplomacy.registry:make_agreement_extractor",
        "kg.ceasefire.v1": "kg.extract.diplomacy.registry:make_ceasefire_extractor",
        "kg.accusation.v1": "kg.extract.diplomacy.registry:make_accusation_extractor",
        "kg.attack.v1": "kg.extract.violence.registry:make_attack_extractor",
        "kg.clash.v1": "kg.extract.violence.registry:make_clash_extractor",
        "kg.offensive.v1": "kg.extract.violence.registry:make_offensive_extractor",
        "kg.capture.v1": "kg.extract.violence.registry:make_capture_extractor",
        "kg.withdrawal.v1": "kg.extract.movement.registry:make_withdrawal_extractor",
        "kg.evacuation.v1": "kg.extract.movement.registry:make_evacuation_extractor",
        "kg.release.v1": "kg.extract.movement.registry:make_release_extractor",
        "kg.displacement.v1": "kg.extract.movement.registry:make_displacement_extractor",
    },
    "casualties": {
        "kg.casualties.v1": "kg.extract.casualties.registry:make_casualty_extractor",
    },
    "reader": {
        "text": "kg.ingest.text:read_text",
        "jsonl": "kg.ingest.jsonl:read_jsonl",
        "newsml": "kg.ingest.newsml:read_newsml",
    },
}
_GROUPS = {"extractor": "kg.extractors"}
_loaded_entry_points: set[str] = set()


def _load_entry_points(kind: str) -> None:
    group = _GROUPS.get(kind)
    if group is None or kind in _loaded_entry_points:
        return
    _loaded_entry_points.add(kind)
    for ep in entry_points(group=group):
        _TABLE[kind].setdefault(ep.name, ep.value)


def register(kind: str, name: str, target: str) -> None:
    """Register ``"module:attr"`` under ``(kind, name)`` (replaces an earlier entry)."""
    if ":" not in target:
        raise RegistryError(f"target {target!r} is not 'module:attr'", where=f"{kind} {name}")
    _TABLE.setdefault(kind, {})[name] = target


def names(kind: str) -> list[str]:
    """Registered names of a kind, sorted."""
    _load_entry_points(kind)
    return sorted(_TABLE.get(kind, {}))


def get(kind: str, name: str) -> Callable[..., Any]:
    """The factory registered under ``(kind, name)``, imported on first use."""
    _load_entry_points(kind)
    table = _TABLE.get(kind, {})
    if name not in table:
        raise RegistryError(f"no {kind} named {name!r} (available: {', '.join(sorted(table))})")
    module, _, attr = table[name].partition(":")
    try:
        obj = getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError) as e:
        raise RegistryError(f"cannot load {table[name]}: {e}", where=f"{kind} {name}") from e
    if not callable(obj):
        raise RegistryError(f"{table[name]} is not callable", where=f"{kind} {name}")
    return obj  # type: ignore[no-any-return]
