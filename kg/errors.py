"""The one exception hierarchy of depeche.

Every error raised on purpose by depeche is a :class:`KGError`. Each subclass
carries a stable code (``E1xx`` ingest, ``E2xx`` NLP/extraction, ``E3xx`` RDF and
ontology, ``E4xx`` validation, ``E5xx`` store and query, ``E6xx`` registry and
dependencies) and renders one message that says what was wrong, where, and what
to do about it.

>>> err = IngestError("file is empty", where="a.txt", hint="give a file with text")
>>> str(err)
'[E100] a.txt: file is empty (give a file with text)'
"""

from __future__ import annotations


class KGError(Exception):
    """Base class: ``[code] where: message (hint)``."""

    code = "E000"

    def __init__(self, message: str, *, where: str | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where
        self.hint = hint

    def __str__(self) -> str:
        out = f"[{self.code}] "
        if self.where:
            out += f"{self.where}: "
        out += self.message
        if self.hint:
            out += f" ({self.hint})"
        return out


class IngestError(KGError):
    """An input could not be read as a dispatch (empty, binary, malformed, too large)."""

    code = "E100"


class NLPError(KGError):
    """The spaCy pipeline could not be loaded or run."""

    code = "E200"


class ExtractionError(KGError):
    """An extractor failed on a document."""

    code = "E210"


class ResolutionError(KGError):
    """An entity could not be resolved or the knowledge base is broken."""

    code = "E220"


class OntologyError(KGError):
    """A term is not declared in the ontology, or the ontology is malformed."""

    code = "E300"


class InvalidIRIError(KGError):
    """An IRI could not be minted or is not a valid absolute IRI."""

    code = "E310"


class ShapeLoadError(KGError):
    """The SHACL shapes graph could not be loaded."""

    code = "E400"


class ValidationFailed(KGError):
    """A built graph does not conform to the shapes."""

    code = "E410"


class StoreError(KGError):
    """The store could not be opened, read or written."""

    code = "E500"


class QueryError(KGError):
    """A SPARQL query is unknown, malformed or failed."""

    code = "E510"


class RegistryError(KGError):
    """A registered name is unknown or its target cannot be imported."""

    code = "E600"


class MissingDependencyError(KGError):
    """An optional dependency is needed but not installed."""

    code = "E610"


def require(module: str, *, extra: str) -> object:
    """Import an optional dependency or raise :class:`MissingDependencyError`.

    Args:
        module: the module to import, e.g. ``"matplotlib.pyplot"``.
        extra: the depeche extra that installs it, e.g. ``"viz"``.
    """
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as e:
        raise MissingDependencyError(
            f"{module} is not installed", hint=f"pip install 'depeche[{extra}]'"
        ) from e
