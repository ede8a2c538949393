"""W3C Web Annotation anchors for passages and mentions, and re-anchoring after edits.

An anchor is a ``TextQuoteSelector`` (the exact text with some prefix and suffix) plus a
``TextPositionSelector`` (start and end offsets). :func:`reanchor` finds the span again in a
text that may have changed elsewhere: the position first, then every occurrence of the exact
text ranked by how well its surroundings match the prefix and suffix.

>>> a = Anchor.make("the town of Kushiro on the eastern coast", 12, 19)
>>> a.exact, a.start
('Kushiro', 12)
>>> reanchor(a, "Edited: the town of Kushiro on the eastern coast")
(20, 27)
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from .errors import AnchorError

__all__ = ["Anchor", "reanchor", "CONTEXT", "annotation", "annotation_collection", "WA_CONTEXT"]

CONTEXT = 32
WA_CONTEXT = "http://www.w3.org/ns/anno.jsonld"


@dataclass(frozen=True)
class Anchor:
    """A quote with its context and its position (W3C TextQuoteSelector + TextPositionSelector)."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int

    @classmethod
    def make(cls, text: str, start: int, end: int, context: int = CONTEXT) -> "Anchor":
        if not (0 <= start < end <= len(text)):
            raise AnchorError(f"span {start}–{end} is outside the text (length {len(text)})")
        return cls(text[start:end], text[max(0, start - context):start], text[end:end + context], start, end)

    def selectors(self) -> list[dict]:
        return [
            {"type": "TextQuoteSelector", "exact": self.exact, "prefix": self.prefix, "suffix": self.suffix},
            {"type": "TextPositionSelector", "start": self.start, "end": self.end},
        ]

    @classmethod
    def from_selectors(cls, selectors: list[dict]) -> "Anchor":
        quote = next((s for s in selectors if s.get("type") == "TextQuoteSelector"), None)
        pos = next((s for s in selectors if s.get("type") == "TextPositionSelector"), {})
        if quote is None:
            raise AnchorError("no TextQuoteSelector among the selectors")
        return cls(quote["exact"], quote.get("prefix", ""), quote.get("suffix", ""),
                   int(pos.get("start", -1)), int(pos.get("end", -1)))


def _context_score(text: str, anchor: Anchor, start: int) -> float:
    end = start + len(anchor.exact)
    before = text[max(0, start - len(anchor.prefix)):start]
    after = text[end:end + len(anchor.suffix)]
    return (fuzz.ratio(before, anchor.prefix) if anchor.prefix else 100.0) + (
        fuzz.ratio(after, anchor.suffix) if anchor.suffix else 100.0
    )


def reanchor(anchor: Anchor, text: str) -> tuple[int, int]:
    """Where ``anchor`` is in ``text`` now, as (start, end); raises :class:`AnchorError`."""
    if anchor.start >= 0 and text[anchor.start:anchor.end] == anchor.exact:
        if _context_score(text, anchor, anchor.start) == 200.0:
            return anchor.start, anchor.end
    hits = []
    i = text.find(anchor.exact)
    while i >= 0:
        hits.append(i)
        i = text.find(anchor.exact, i + 1)
    if not hits:
        raise AnchorError(f"quote not found: {anchor.exact[:60]!r}")
    best = max(hits, key=lambda s: (_context_score(text, anchor, s), -abs(s - anchor.start)))
    return best, best + len(anchor.exact)


def annotation(doc_id: str, anchor: Anchor, body: dict, *, ann_id: str, extra: dict | None = None) -> dict:
    """One W3C Web Annotation (JSON-LD) targeting a span of document ``doc_id``."""
    ann = {
        "id": ann_id,
        "type": "Annotation",
        "motivation": "identifying",
        "body": body,
        "target": {"source": f"urn:geoarchive:document:{doc_id}", "selector": anchor.selectors()},
    }
    if extra:
        ann.update(extra)
    return ann


def annotation_collection(doc_id: str, label: str, annotations: list[dict]) -> dict:
    """A Web Annotation collection with one page holding ``annotations``."""
    return {
        "@context": [WA_CONTEXT, {"geoarchive": "urn:geoarchive:terms#"}],
        "id": f"urn:geoarchive:annotations:{doc_id}",
        "type": "AnnotationCollection",
        "label": label,
        "total": len(annotations),
        "first": {"type": "AnnotationPage", "items": annotations},
    }
