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
from bisect import bisect_left
from collections import Counter
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Iterable

import ahocorasick
import numpy as np

from .gazetteer import Gazetteer
from .gazetteer.normalize import strip_diacritics
from .passages import clean_marks
from .sources import Document

__all__ = ["Mention", "MentionFinder", "fold", "fold_with_map", "place_candidates", "web_annotations"]

_SIC = re.compile(r"\s*\[\s*sic\s*\]", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    return strip_diacritics(ch).casefold()


# Folding a long text character by character in Python is slow, so it goes in two passes: numpy
# folds every character that folds one-for-one (most of them) through lookup tables, and the
# per-character rules run only where they can change anything ("special" characters: see
# _fold_long). Texts under _SHORT characters (names, mostly) take the per-character rules directly.
_SHORT = 256
_SIMPLE, _SPACE, _OTHER = 0, 1, 2  # folds to one character (not a space) / white space / anything else
_BOUNDARY = "\x01"  # what a word boundary looks like to the whole-word automaton
_ONE_SPACE = np.array([32], dtype=np.uint32)
_HIT = np.dtype([("end", np.int64), ("g", np.int64)])  # an automaton match: where it ends, which group


def _kind(ch: str) -> int:
    if ch.isspace():
        return _SPACE
    folded = _fold_char(ch)
    return _SIMPLE if len(folded) == 1 and folded != " " else _OTHER


def _char_facts(ch: str) -> tuple[int, int, bool, bool, bool, bool]:
    """(kind, code point it folds to, alphanumeric, wide, a letter, a capital) of one character."""
    kind = _kind(ch)
    to = 32 if kind == _SPACE else ord(_fold_char(ch)) if kind == _SIMPLE else ord(ch)
    return kind, to, ch.isalnum(), unicodedata.east_asian_width(ch) in "WF", ch.isalpha(), ch.isupper()


_FACTS: list[np.ndarray] = []  # one array per column of _char_facts, indexed by code point
_KNOWN = np.zeros(0, dtype=bool)  # which code points _FACTS holds already


def _facts(which: int, cps: np.ndarray) -> np.ndarray:
    """Column ``which`` of :func:`_char_facts` for every code point in ``cps``.

    Facts are computed once per character ever seen (a text has a few hundred distinct ones).
    """
    global _KNOWN
    if not len(_KNOWN):
        _KNOWN = np.zeros(0x110000, dtype=bool)
        _FACTS.extend(np.zeros(0x110000, dtype=t) for t in (np.uint8, np.uint32, bool, bool, bool, bool))
    if not _KNOWN[cps].all():
        for cp in np.unique(cps[~_KNOWN[cps]]).tolist():
            for column, value in zip(_FACTS, _char_facts(chr(cp))):
                column[cp] = value
            _KNOWN[cp] = True
    return _FACTS[which][cps]


def _fold_span(text: str, a: int, b: int, last: str, out: list[str], index: list[int]) -> str:
    """The per-character rules over ``text[a:b]``, after output ending in ``last``; returns the new last."""
    n = len(text)
    i = a
    while i < b:
        ch = text[i]
        if ch == "-" and i + 1 < n and text[i + 1] == "\n" and last.isalpha():
            j = i + 1
            while j < n and text[j].isspace():
                j += 1
            if j < n and text[j].isalpha():  # "Hok-\nkaido" → "hokkaido"
                i = j
                continue
        if ch.isspace():
            if last and last != " ":
                out.append(" ")
                index.append(i)
                last = " "
            i += 1
            continue
        for c in _fold_char(ch):
            out.append(c)
            index.append(i)
            last = c
        i += 1
    return last


def _fold_long(text: str) -> tuple[np.ndarray, list[int], list[int]]:
    """Fold a long text: (folded code points, seg_f, seg_o) as in :func:`_fold_segments`.

    A character needs the per-character rules when it does not fold one-for-one, when it is the
    hyphen of "-\\n", or when it is white space that does not simply follow a one-for-one
    character (leading space, the second space of a run, space after a special character).
    Everything else folds one-for-one whatever came before, so runs of it are copied as they are.
    """
    cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    kind, to = _facts(0, cps), _facts(1, cps)
    space = kind == _SPACE
    special = kind == _OTHER
    special[:-1] |= (cps[:-1] == 45) & (cps[1:] == 10)  # "-\n"
    after = np.empty(len(cps), dtype=bool)
    after[0] = True
    after[1:] = space[:-1] | special[:-1]
    special |= space & after
    where = np.flatnonzero(special)
    if len(where):
        cut = np.flatnonzero(np.diff(where) > 1)
        starts = where[np.concatenate(([0], cut + 1))].tolist()
        ends = (where[np.concatenate((cut, [len(where) - 1]))] + 1).tolist()
    else:
        starts = ends = []
    pieces: list[np.ndarray] = []
    seg_f: list[int] = []
    seg_o: list[int] = []
    f = pos = 0
    last = ""
    for a, b in zip(starts, ends):
        if a > pos:
            pieces.append(to[pos:a])
            seg_f.append(f)
            seg_o.append(pos)
            f += a - pos
            last = chr(to[a - 1])
        if text[a:b].isspace():  # the usual case: more white space, or white space at the start
            if last and last != " ":
                pieces.append(_ONE_SPACE)
                seg_f.append(f)
                seg_o.append(a)
                f += 1
                last = " "
            pos = b
            continue
        out: list[str] = []
        index: list[int] = []
        last = _fold_span(text, a, b, last, out, index)
        if out:
            pieces.append(np.fromiter(map(ord, out), dtype=np.uint32, count=len(out)))
            seg_f.extend(range(f, f + len(out)))
            seg_o.extend(index)
            f += len(out)
        pos = b
    if pos < len(cps):
        pieces.append(to[pos:])
        seg_f.append(f)
        seg_o.append(pos)
    folded = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.uint32)
    return folded, seg_f, seg_o


def _decode(cps: np.ndarray) -> str:
    return cps.astype(np.uint32).tobytes().decode("utf-32-le", "surrogatepass")


def _fold_segments(text: str) -> tuple[str, list[int], list[int], np.ndarray | None]:
    """The folded text, a piecewise map back to the original and (long texts) its code points.

    Folded offset ``p`` in the segment that starts at ``seg_f[k]`` comes from original offset
    ``seg_o[k] + p - seg_f[k]``.
    """
    if len(text) < _SHORT:
        out: list[str] = []
        index: list[int] = []
        _fold_span(text, 0, len(text), "", out, index)
        return "".join(out), list(range(len(out))), index, None
    cps, seg_f, seg_o = _fold_long(text)
    return _decode(cps), seg_f, seg_o, cps


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` for matching and map each folded character to its original offset.

    >>> folded, index = fold_with_map("Hok-\\nkaidō  Island")
    >>> folded, text_at = folded, [index[0], index[len(folded) - 1]]
    >>> folded, text_at
    ('hokkaido island', [0, 17])
    """
    folded, seg_f, seg_o, _ = _fold_segments(text)
    index: list[int] = []
    for k, (f, o) in enumerate(zip(seg_f, seg_o)):
        length = (seg_f[k + 1] if k + 1 < len(seg_f) else len(folded)) - f
        index.extend(range(o, o + length))
    return folded, index


def fold(text: str) -> str:
    """The folded form of a name, as used for matching.

    >>> fold("La  Pérouse Strait")
    'la perouse strait'
    """
    if "-\n" not in text:
        if text.isascii():
            return " ".join(text.lower().split())
        folded = text.translate(_FOLD_EACH)
        if "\x00" not in folded:  # only white space became spaces: collapsing them is the whole rule
            return " ".join(folded.split())
    return _fold_segments(text)[0].strip()


def _fold_each(ch: str) -> str:
    """A character's fold for :func:`fold`'s shortcut; \\x00 where a non-space folds to white space."""
    if ch.isspace():
        return " "
    folded = _fold_char(ch)
    return "\x00" if any(c.isspace() for c in folded) else folded


class _CharTable(dict):
    """A ``str.translate`` table that fills itself: code point → ``fn(char)``, computed once."""

    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def __missing__(self, code: int) -> str:
        value = self[code] = self.fn(chr(code))
        return value


_FOLD_EACH = _CharTable(_fold_each)


def _marked(folded: str, cps: np.ndarray | None) -> str:
    """``folded`` between two boundaries, with every character that is not alphanumeric a boundary."""
    if cps is None:
        if folded.replace(" ", "").isalnum():
            return _BOUNDARY + folded.replace(" ", _BOUNDARY) + _BOUNDARY
        return _BOUNDARY + "".join(c if c.isalnum() else _BOUNDARY for c in folded) + _BOUNDARY
    marked = np.where(_facts(2, cps), cps, 1)
    return _BOUNDARY + _decode(marked) + _BOUNDARY


def _wide_windows(folded: str, cps: np.ndarray | None, reach: int) -> list[tuple[int, int]]:
    """Stretches of ``folded`` within ``reach`` characters of a wide (CJK) character, merged."""
    if cps is None:
        where = [i for i, c in enumerate(folded) if unicodedata.east_asian_width(c) in "WF"]
    else:
        where = np.flatnonzero(_facts(3, cps)).tolist()
    windows: list[tuple[int, int]] = []
    for i in where:
        a, b = max(0, i - reach + 1), min(len(folded), i + reach)
        if windows and a <= windows[-1][1]:
            windows[-1] = (windows[-1][0], b)
        else:
            windows.append((a, b))
    return windows


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
        keys: dict[str, list[tuple[str, str]]] = {}
        for place in gazetteer:
            for name in place.names:
                key = fold(name.toponym)
                if len(key) >= 2:
                    keys.setdefault(key, []).append((place.id, name.toponym))
        # Names in CJK scripts match anywhere; the others only as whole words, which one automaton
        # finds by matching "\x01name\x01" in the text with every non-alphanumeric made "\x01".
        # Automaton values are group numbers; a group is the names of one marked form.
        self._cjk = ahocorasick.Automaton()
        self._words = ahocorasick.Automaton()
        self._cjk_reach = 0  # the longest CJK name
        self._groups: list[list[tuple[str, tuple, bool]]] = []  # (key, owners, capitalised)
        words: dict[str, int] = {}
        for key, owners in keys.items():
            capitalised = owners[0][1][:1].isupper() and all(t[:1].isupper() for _, t in owners[1:])
            entry = (key, tuple(owners), capitalised)
            if not key.isascii() and _is_cjk(key):
                self._cjk.add_word(key, len(self._groups))
                self._groups.append([entry])
                self._cjk_reach = max(self._cjk_reach, len(key))
            else:
                marked = _marked(key, None)
                if marked not in words:
                    words[marked] = len(self._groups)
                    self._words.add_word(marked, len(self._groups))
                    self._groups.append([])
                self._groups[words[marked]].append(entry)
        del words
        for automaton in (self._cjk, self._words):
            if len(automaton):
                automaton.make_automaton()
        # per group: name length, all capitalised, and whether a marked match needs checking
        # against the folded text (the name has other characters than letters and digits)
        self._glen = np.array([len(g[0][0]) for g in self._groups], dtype=np.int64)
        self._gcap = np.array([len(g) == 1 and g[0][2] for g in self._groups], dtype=bool)
        self._gcheck = np.array([len(g) > 1 or not g[0][0].isalnum() for g in self._groups], dtype=bool)
        self._empty = not keys
        self._resolved: dict[tuple, object] = {}

    def _raw_matches(self, text: str) -> list[tuple[int, int, tuple]]:
        """Candidate spans in original offsets (start, end, owners), boundary- and case-checked."""
        if self._empty:
            return []
        folded, seg_f, seg_o, cps = _fold_segments(text)
        parts = []  # (end in folded, group)
        if len(self._cjk):  # a CJK name lies within its length of a wide character
            for a, b in _wide_windows(folded, cps, self._cjk_reach):
                hit = np.fromiter(self._cjk.iter(folded[a:b]), dtype=_HIT)
                hit["end"] += a
                parts.append(hit)
        cjk = sum(len(p) for p in parts)
        if len(self._words):
            hit = np.fromiter(self._words.iter(_marked(folded, cps)), dtype=_HIT)
            hit["end"] -= 2
            parts.append(hit)
        hits = np.concatenate(parts) if parts else np.zeros(0, dtype=_HIT)
        if not len(hits):
            return []
        end_f, group = hits["end"], hits["g"]
        start_f = end_f - self._glen[group] + 1
        if cjk:  # the order one automaton over every name gives: by end, longer first
            order = np.lexsort((start_f, end_f))
            end_f, group, start_f = end_f[order], group[order], start_f[order]
        owners: list = [None] * len(group)
        capitalised = self._gcap[group]
        for i in np.flatnonzero(self._gcheck[group]).tolist():
            for key, own, cap in self._groups[group[i]]:  # the marked form matched; does the name?
                if folded.startswith(key, start_f[i]):
                    owners[i], capitalised[i] = own, cap
                    break
        seg_f_arr = np.asarray(seg_f, dtype=np.int64)
        lens = np.diff(np.append(seg_f_arr, len(folded)))
        to_text = np.repeat(np.asarray(seg_o, dtype=np.int64) - seg_f_arr, lens) + np.arange(len(folded))
        start, end = to_text[start_f], to_text[end_f] + 1
        first = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)[start]
        lower = _facts(4, first) & ~_facts(5, first)  # a letter, not a capital
        keep = ~(capitalised & lower)  # "china" (porcelain) is not "China"
        out = []
        for i, s, e in zip(np.flatnonzero(keep).tolist(), start[keep].tolist(), end[keep].tolist()):
            own = owners[i]
            if own is None:
                if self._gcheck[group[i]]:
                    continue  # a marked form matched, but no name of it did
                own = self._groups[group[i]][0][1]
            out.append((s, e, own))
        return out

    def find_in_text(self, text: str, date: _dt.date | None = None, document: str = "",
                     doc: Document | None = None) -> list[Mention]:
        """Every mention in ``text``, in order, longest match winning where spans overlap."""
        chosen: list[tuple[int, int, tuple]] = []
        starts: list[int] = []  # of the chosen spans, which never overlap: sorted by start, so by end too
        ends: list[int] = []
        for start, end, owners in sorted(self._raw_matches(text), key=lambda m: (-(m[1] - m[0]), m[0])):
            j = bisect_left(starts, end) - 1  # the last chosen span starting before this one ends
            if j < 0 or ends[j] <= start:
                chosen.append((start, end, owners))
                starts.insert(j + 1, start)
                ends.insert(j + 1, end)
        mentions = []
        for start, end, owners in sorted(chosen):
            sic = _SIC.match(text, end)
            if sic:
                end = sic.end()
            surface = text[start:end]
            mentions.append(self._mention(surface, start, end, owners, date, document, doc))
        return mentions

    def _mention(self, surface, start, end, owners, date, document, doc) -> Mention:
        query = " ".join(surface.split())
        known = self._resolved.get((query, date, id(owners)))
        if known is None:  # documents name the same places again and again
            if len(self._resolved) >= 100_000:
                self._resolved.clear()
            known = self._resolved[(query, date, id(owners))] = self._resolve(query, date, owners)
        place_id, confidence, how, why = known
        passage = doc.passage_at(start) if doc else None
        return Mention(
            document=document,
            passage=passage.id if passage else None,
            start=start,
            end=end,
            surface=surface,
            place_id=place_id,
            confidence=confidence,
            how=how,
            why=why,
            canonical=passage.canonical if passage else True,
            variant_of=passage.variant_of if passage else None,
        )

    def _resolve(self, query: str, date, owners: tuple) -> tuple[str, float, str, str]:
        """(place id, confidence, how, why) of a mention of ``query`` matching the names ``owners``."""
        allowed = {pid for pid, _ in owners}
        res = self.gazetteer.resolve(query, date)
        cands = [c for c in res.candidates if c.place_id in allowed] or res.candidates
        best = cands[0]
        confidence = best.score / 100
        how, why = best.how, best.why
        if len(cands) > 1 and cands[0].score - cands[1].score < 3:
            confidence /= 2
            how = "ambiguous"
            why += "; also: " + ", ".join(c.place_id for c in cands[1:])
        return best.place_id, round(confidence, 3), how, why

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
