"""Entity resolution: the knowledge base, and the actors and places of a parsed dispatch.

* :mod:`kg.resolve.kb` — :class:`KnowledgeBase` (``KnowledgeBase.load()``, ``get``, ``lookup``);
* :mod:`kg.resolve.resolver` — :func:`resolve` a parsed dispatch into a :class:`Resolution`;
* :mod:`kg.resolve.kb_build` — rebuild the packaged knowledge base (``tools/build_kb.py``).
"""

from __future__ import annotations

from kg.resolve.kb import KnowledgeBase
from kg.resolve.resolver import Resolution, resolve

__all__ = ["KnowledgeBase", "Resolution", "resolve"]
