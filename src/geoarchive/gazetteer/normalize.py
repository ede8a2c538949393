"""Name normalization for look-ups: case, diacritics, punctuation and editorial marks.

>>> normalize("Rumoe [sic]")
'rumoe'
>>> normalize("La Pérouse Strait") == normalize("la perouse strait")
True
>>> normalize("the Japanese islands"), normalize("Hokkaidō"), normalize("Stalin's")
('japanese islands', 'hokkaido', 'stalin')
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize", "strip_diacritics"]

_EDITORIAL = re.compile(r"\[\s*sic\s*\]|\[\?\]", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s\b")
_PUNCT = re.compile(r"[^\w\s]|_", re.UNICODE)
_SPACE = re.compile(r"\s+")
_ARTICLE = re.compile(r"^the\s+")


def strip_diacritics(text: str) -> str:
    """Drop combining marks: ``Sōya`` → ``Soya`` (CJK and Cyrillic letters are kept).

    >>> strip_diacritics("Sōya Pérouse")
    'Soya Perouse'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", kept)


def normalize(text: str) -> str:
    """Fold a name for comparison: casefold, no diacritics, no punctuation, no leading 'the'."""
    text = _EDITORIAL.sub(" ", text)
    text = _POSSESSIVE.sub("", text)
    text = strip_diacritics(text).casefold()
    text = _PUNCT.sub(" ", text)
    text = _SPACE.sub(" ", text).strip()
    return _ARTICLE.sub("", text)
