"""String normalisation for entity names: lookup keys, entity keys, demonym inflection.

Two forms are used throughout resolution:

* :func:`fold` — the *lookup* form of a surface string: accents removed,
  lower case, typographic apostrophes unified, punctuation and hyphens turned
  into single spaces, leading French/English articles dropped. Two spellings
  that differ only in those respects ("États-Unis", "Etats Unis", "les
  Etats-Unis") fold to the same string.
* :func:`entity_key` — the stable key of an entity without a Wikidata QID,
  ``"<Kind>:<folded label>"``.

>>> fold("les États-Unis")
'etats unis'
>>> fold("l’ONU")
'onu'
>>> entity_key("Person", "Vitali Tchourkine")
'Person:vitali tchourkine'
>>> inflect_demonym("syrien")
('syrien', 'syrienne', 'syriens', 'syriennes')
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["APOSTROPHES", "entity_key", "fold", "fold_keep_articles", "inflect_demonym", "strip_accents"]

#: Characters read as an apostrophe.
APOSTROPHES = "\u2019\u2018\u02bc\u2032`\u00b4"
_APOS_TABLE = str.maketrans({c: "'" for c in APOSTROPHES})
_ARTICLES = re.compile(r"^(?:l'|d'|le |la |les |du |des |de la |de l'|de |the )+")
_NON_ALNUM = re.compile(r"[^0-9a-z']+")


def strip_accents(text: str) -> str:
    """Remove diacritics (``"Erdoğan"`` -> ``"Erdogan"``), keep everything else."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold_keep_articles(text: str) -> str:
    """Like :func:`fold` but keeps leading articles."""
    s = strip_accents(text).translate(_APOS_TABLE).lower()
    s = s.replace("œ", "oe").replace("æ", "ae")
    s = _NON_ALNUM.sub(" ", s)
    s = re.sub(r"'(?=\s|$)", "", s)  # a dangling apostrophe is punctuation
    s = re.sub(r"\s+", " ", s)
    return s.strip()


def fold(text: str) -> str:
    """The lookup form of a surface string (see module docstring).

    Args:
        text: any surface form.

    Returns:
        The folded string; empty when ``text`` has no letters or digits.
    """
    s = fold_keep_articles(text)
    s = _ARTICLES.sub("", s).strip()
    return s.replace("'", " ").strip() if s else s


def entity_key(kind: str, label: str) -> str:
    """The key of an entity without a QID: ``"<Kind>:<folded label>"``."""
    return f"{kind}:{fold(label)}"


def inflect_demonym(base: str) -> tuple[str, ...]:
    """All four forms (ms, fs, mp, fp) of a regular French nationality adjective.

    Irregular adjectives (``turc``/``turque``, ``grec``/``grecque``) must be
    listed in full in the knowledge-base sources instead.

    Args:
        base: the masculine singular, lower case (``"russe"``, ``"américain"``).

    Returns:
        The distinct forms, masculine singular first.
    """
    b = base
    if b.endswith("e"):
        forms = [b, b + "s"]
    elif b.endswith(("ien", "éen")):
        forms = [b, b + "ne", b + "s", b + "nes"]
    elif b.endswith(("s", "x")):
        forms = [b, b + "e", b + "es"]
    elif b.endswith(("i", "è", "é")):
        forms = [b, b + "e", b + "s", b + "es"] if not b.endswith(("è", "é")) else [b, b + "s"]
    else:
        forms = [b, b + "e", b + "s", b + "es"]
    seen: dict[str, None] = {}
    for f in forms:
        seen.setdefault(f, None)
    return tuple(seen)
