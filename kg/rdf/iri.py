"""Mint and validate every IRI depeche creates, deterministically, in one place.

Keys are normalised (accents folded, lower case, non-alphanumerics to ``-``),
so the same entity gets the same IRI in every dispatch and every run. A minted
IRI is checked at once and :class:`~kg.errors.InvalidIRIError` is raised rather
than letting a bad IRI fail later at serialisation.

>>> str(entity_iri("Q159"))
'https://w3id.org/depeche/id/entity/Q159'
>>> str(entity_iri("Group:rebels"))
'https://w3id.org/depeche/id/entity/group/rebels'
>>> str(dispatch_iri("seed.txt"))
'https://w3id.org/depeche/id/dispatch/seed-txt'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

from kg.errors import InvalidIRIError
from kg.rdf.namespace import ID, WD

_QID = re.compile(r"^Q[1-9][0-9]*$")
# Characters RFC 3987 forbids in an IRI (and that N-Triples cannot carry).
_BAD = re.compile(r'[\x00-\x20<>"{}|\\^`]')
_MAX_SLUG = 80


def slug(text: str) -> str:
    """A readable, stable slug: ``"Alep-Est"`` -> ``"alep-est"``; long ones end with a hash."""
    s = unicodedata.normalize("NFKD", text.replace("\u2019", "'")).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    if not s:
        s = "x" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    if len(s) > _MAX_SLUG:
        s = s[:_MAX_SLUG].rstrip("-") + "-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
    return s


def check_iri(iri: str) -> URIRef:
    """Return ``iri`` as a URIRef, or raise InvalidIRIError if it is not an absolute, valid IRI."""
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", iri) or _BAD.search(iri):
        raise InvalidIRIError(f"not a valid absolute IRI: {iri!r}", hint="report this as a bug")
    return URIRef(iri)


def is_qid(key: str) -> bool:
    """Whether an entity key is a Wikidata QID."""
    return bool(_QID.match(key))


def wikidata_iri(qid: str) -> URIRef:
    """``wd:Q…`` for a QID."""
    if not is_qid(qid):
        raise InvalidIRIError(f"not a Wikidata QID: {qid!r}")
    return check_iri(str(WD) + qid)


def dispatch_iri(source_name: str) -> URIRef:
    """The dispatch (and its named graph) from its source name."""
    return check_iri(f"{ID}dispatch/{slug(source_name)}")


def _dispatch_part(source_name: str) -> str:
    return slug(source_name)


def event_iri(source_name: str, local_id: str) -> URIRef:
    return check_iri(f"{ID}event/{_dispatch_part(source_name)}/{slug(local_id)}")


def casualties_iri(source_name: str, local_id: str) -> URIRef:
    return check_iri(f"{ID}casualties/{_dispatch_part(source_name)}/{slug(local_id)}")


def evidence_iri(source_name: str, start: int, end: int) -> URIRef:
    if start < 0 or end < start:
        raise InvalidIRIError(f"bad evidence offsets {start}-{end}", where=source_name)
    return check_iri(f"{ID}evidence/{_dispatch_part(source_name)}/{start}-{end}")


def object_iri(source_name: str, local_id: str) -> URIRef:
    return check_iri(f"{ID}object/{_dispatch_part(source_name)}/{slug(local_id)}")


def entity_iri(key: str) -> URIRef:
    """An actor or place from its key: ``Q159`` or ``<Kind>:<name>``."""
    if is_qid(key):
        return check_iri(f"{ID}entity/{key}")
    kind, sep, name = key.partition(":")
    if not sep or not kind or not name:
        raise InvalidIRIError(f"entity key {key!r} is neither a QID nor 'Kind:name'")
    return check_iri(f"{ID}entity/{slug(kind)}/{slug(name)}")
