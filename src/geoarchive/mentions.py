"""Finding place mentions in a document: one Aho–Corasick pass over every gazetteer name.

Names and text are folded the same way (case, diacritics, white space, line-end hyphenation) with
a map back to the original offsets, so a mention's ``start``/``end`` always slice the verbatim
text. Matches must sit on word boundaries; overlapping matches keep the longest ("Kurile Islands"
is one mention, "Japanese islands" is not "Japan"); a following "[sic]" joins its mention; a
name written with a capital must be capitalised in the text.

>>> from geoarchive.gazetteer import Gazetteer
>>> finder = MentionFinder(Gazetteer.load())
>>> [(m.surface, m.place_id) for m in finder.find_in_text("To Kushiro and Rumoe [sic], not Japan's.")]
[('Kushiro', 'kushiro'), ('Rumoe [sic]', 'rumoi'), ('Japan', 'japan')]
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Iterable

import ahocorasick

from .gazetteer import Gazetteer
from .gazetteer.normalize import strip_diacritics
from .passages import clean_marks
from .sources import Document

__all__ = ["Mention", "MentionFinder", "fold", "fold_with_map", "place_candidates", "web_annotations"]

_SIC = re.compile(r"\s*\[\s*sic\s*\]", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    return strip_diacritics(ch).casefold()


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` for matching and map each folded character to its original offset.

    >>> folded, index = fold_with_map("Hok-\\nkaidō  Island")
    >>> folded, text_at = folded, [index[0], index[len(folded) - 1]]
    >>> folded, text_at
    ('hokkaido island', [0, 17])
    """
    out: list[str] = []
    index: list[int] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "-" and i + 1 < n and text[i + 1] == "\n" and out and out[-1].isalpha():
            j = i + 1
            while j < n and text[j].isspace():
                j += 1
            if j < n and text[j].isalpha():  # "Hok-\nkaido" → "hokkaido"
                i = j
                continue
        if ch.isspace():
            if out and out[-1] != " ":
                out.append(" ")
                index.append(i)
            i += 1
            continue
        for c in _fold_char(ch):
            out.append(c)
            index.append(i)
        i += 1
    return "".join(out), index


def fold(text: str) -> str:
    """The folded form of a name, as used for matching.

    >>> fold("La  Pérouse Strait")
    'la perouse strait'
    """
    return fold_with_map(text)[0].strip()


def _is_cjk(text: str) -> bool:
    return any(unicodedata.east_asian_width(c) in "WF" for c in text)


@dataclass(frozen=True)
class Mention:
    """A place named in a document: where, what was written, what it resolves to, and how."""

    document: str
    passage: str | None
    start: int
    end: int
    surface: str
    place_id: str
    confidence: float
    how: str
    why: str
    canonical: bool = True  # False when the passage is a repeated (non-canonical) reading
    variant_of: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


class MentionFinder:
    """Build once over a gazetteer; find mentions in any number of documents."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self._automaton = ahocorasick.Automaton()
        keys: dict[str, list[tuple[str, str]]] = {}
        for place in gazetteer:
            for name in place.names:
                key = fold(name.toponym)
                if len(key) >= 2:
                    keys.setdefault(key, []).append((place.id, name.toponym))
        for key, owners in keys.items():
            self._automaton.add_word(key, (key, tuple(owners)))
        if keys:
            self._automaton.make_automaton()
        self._empty = not keys

    def _raw_matches(self, text: str) -> list[tuple[int, int, tuple]]:
        """Candidate spans in original offsets (start, end, owners), boundary- and case-checked."""
        if self._empty:
            return []
        folded, index = fold_with_map(text)
        out = []
        for end_f, (key, owners) in self._automaton.iter(folded):
            start_f = end_f - len(key) + 1
            cjk = _is_cjk(key)
            if not cjk:
                if start_f > 0 and folded[start_f - 1].isalnum():
                    continue
                if end_f + 1 < len(folded) and folded[end_f + 1].isalnum():
                    continue
            start, end = index[start_f], index[end_f] + 1
            first = text[start]
            capitalised = all(t[:1].isupper() for _, t in owners)
            if capitalised and first.isalpha() and not first.isupper():
                continue  # "china" (porcelain) is not "China"
            out.append((start, end, owners))
        return out

    def find_in_text(self, text: str, date: _dt.date | None = None, document: str = "",
                     doc: Document | None = None) -> list[Mention]:
        """Every mention in ``text``, in order, longest match winning where spans overlap."""
        chosen: list[tuple[int, int, tuple]] = []
        for start, end, owners in sorted(self._raw_matches(text), key=lambda m: (-(m[1] - m[0]), m[0])):
            if all(end <= s or start >= e for s, e, _ in chosen):
                chosen.append((start, end, owners))
        mentions = []
        for start, end, owners in sorted(chosen):
            sic = _SIC.match(text, end)
            if sic:
                end = sic.end()
            surface = text[start:end]
            mentions.append(self._mention(surface, start, end, owners, date, document, doc))
        return mentions

    def _mention(self, surface, start, end, owners, date, document, doc) -> Mention:
        allowed = {pid for pid, _ in owners}
        res = self.gazetteer.resolve(" ".join(surface.split()), date)
        cands = [c for c in res.candidates if c.place_id in allowed] or res.candidates
        best = cands[0]
        confidence = best.score / 100
        how, why = best.how, best.why
        if len(cands) > 1 and cands[0].score - cands[1].score < 3:
            confidence /= 2
            how = "ambiguous"
            why += "; also: " + ", ".join(c.place_id for c in cands[1:])
        passage = doc.passage_at(start) if doc else None
        return Mention(
            document=document,
            passage=passage.id if passage else None,
            start=start,
            end=end,
            surface=surface,
            place_id=best.place_id,
            confidence=round(confidence, 3),
            how=how,
            why=why,
            canonical=passage.canonical if passage else True,
            variant_of=passage.variant_of if passage else None,
        )

    def find(self, doc: Document) -> list[Mention]:
        """Every mention in a document, resolved as of the document's date."""
        return self.find_in_text(doc.text, doc.date, doc.id, doc)


# unresolved names ---------------------------------------------------------------------------------
_CAP_PHRASE = re.compile(
    r"\b((?:[A-Z][\w’'-]+|of|the|de|la)(?:\s+(?:[A-Z][\w’'-]+|of|the|de|la))*)"
)
_LOCATIVE = re.compile(
    r"(?:\b(?:in|at|from|near|through|towards|toward|into|across)\s+(?:the\s+)?"
    r"|\b(?:town|city|island|islands|province|region|peninsula|port|strait|river)s? of\s+)$",
)
_LIST_GAP = re.compile(r"^\s*(?:,|and|, and|or|, or)\s*$")
_CUES = re.compile(
    r"\b(Islands?|Strait|Peninsula|Sea|River|Mountains?|Bay|Province|Pass|Gulf|Lake|Cape|Harbou?r|Port|"
    r"Coast|Plain|Valley|Archipelago|Territory|Oblast|Prefecture|Krai)\b"
)
_JOINERS = {"of", "the", "de", "la"}
_NOT_PLACES = {
    "I", "The", "He", "She", "They", "It", "We", "This", "That", "Ambassador", "General", "Order",
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Russian", "Soviet", "Japanese", "English", "SECRET", "TELEGRAM",
}


def place_candidates(doc: Document, mentions: Iterable[Mention]) -> list[tuple[str, int]]:
    """Capitalised phrases that look like places but match no gazetteer name, with counts.

    A phrase counts when a place word ends it ("… Strait", "… Islands") or a locative word
    precedes it ("in X", "from X", "the islands of X"), or it continues a list of places
    ("Honshu, Hokkaido, Kyushu"). Struck-out text and OCR marks are ignored.
    """
    covered = [(m.start, m.end) for m in mentions]
    people = " ".join(str(doc.meta.get(k) or "") for k in ("author", "recipient", "translator")).split()
    counts: Counter[str] = Counter()
    last_place_end: int | None = None  # where the last place-like phrase ended, for lists ("A, B and C")
    for m in _CAP_PHRASE.finditer(doc.text):
        words = m.group(1).split()
        lead = 0
        while words and words[0] in _JOINERS:
            lead += 1
            words.pop(0)
        while words and words[-1] in _JOINERS:
            words.pop()
        if not words:
            continue
        start = m.start(1)
        for _ in range(lead):  # skip the leading joiners in the original text
            start = doc.text.index(" ", start) + 1
            while doc.text[start].isspace():
                start += 1
        phrase = " ".join(words)
        if phrase in _NOT_PLACES or not phrase[:1].isupper():
            continue
        if all(w in people for w in words):
            continue  # the author, recipient or translator named in the sidecar
        if phrase.isupper() and len(phrase) > 3:
            continue  # shouted page furniture: "REPRODUCED FROM THE COLLECTIONS"
        end = start + len(phrase)
        hit = next(((s, e) for s, e in covered if s < end and start < e), None)
        if hit:
            last_place_end = hit[1]
            continue
        if clean_marks(doc.text[start:end]) != phrase:
            continue
        before = doc.text[max(0, start - 40):start]
        in_list = last_place_end is not None and _LIST_GAP.match(doc.text[last_place_end:start])
        if _CUES.search(phrase) or _LOCATIVE.search(before) or in_list:
            counts[phrase] += 1
            last_place_end = end
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


# export ------------------------------------------------------------------------------------------
def web_annotations(doc: Document, mentions: Iterable[Mention]) -> dict:
    """All mentions of a document as a W3C Web Annotation collection (JSON-LD)."""
    from .anchors import Anchor, annotation, annotation_collection
    from .gazetteer.records import full_id

    items = []
    for m in mentions:
        anchor = Anchor.make(doc.text, m.start, m.end)
        body = {"type": "SpecificResource", "source": full_id(m.place_id), "purpose": "identifying"}
        extra = {
            "geoarchive:passage": m.passage,
            "geoarchive:canonical": m.canonical,
            "geoarchive:confidence": m.confidence,
            "geoarchive:resolvedBy": m.how,
        }
        if m.variant_of:
            extra["geoarchive:variantOf"] = m.variant_of
        items.append(annotation(doc.id, anchor, body, ann_id=f"urn:geoarchive:mention:{doc.id}:{m.start}-{m.end}",
                                extra=extra))
    return annotation_collection(doc.id, f"Place mentions in {doc.title}", items)
