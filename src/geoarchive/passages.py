"""Splitting a document into passages with stable ids, and recognising repeated readings.

A passage is a paragraph (a block between blank lines). Its id is a hash of its text with
editorial marks and white space folded, so it survives edits anywhere else in the document.
A document that holds its text twice (the telegram: the scan's OCR, then the archive's
transcript) has each repeated paragraph paired with its other reading; the canonical copy is the
one the sidecar names (``canonical_copy: last`` by default).

>>> ps = split_passages("Title\\n\\nFirst paragraph.\\n\\n[A note.]\\n", title="Title")
>>> [(p.kind, p.text) for p in ps]
[('title', 'Title'), ('text', 'First paragraph.'), ('note', '[A note.]')]
>>> ps[1].id == split_passages("Other\\n\\nFirst paragraph.")[1].id
True
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

__all__ = ["Passage", "split_passages", "clean_marks", "link_repeats", "REPEAT_SIMILARITY"]

REPEAT_SIMILARITY = 90.0
_MIN_REPEAT_CHARS = 60
_BLOCK = re.compile(r"\S(?:.*?\S)?(?=\n[ \t]*\n|\s*\Z)", re.DOTALL)
_STRIKE = re.compile(r"~~.*?~~", re.DOTALL)
_MARKS = re.compile(r"[□■▯�]")
_SPACE = re.compile(r"\s+")
_DATE_LINE = re.compile(
    r"^(\d{1,2}\s+)?(January|February|March|April|May|June|July|August|September|October|November|December)"
    r"(\s+\d{1,2},)?\s+\d{4}$"
)


def clean_marks(text: str) -> str:
    """Text with strike-throughs (``~~x~~``) and OCR box marks (``□``) removed, spaces folded.

    >>> clean_marks("inform ~~xxx~~ Stalin. □During")
    'inform Stalin. During'
    """
    return _SPACE.sub(" ", _MARKS.sub("", _STRIKE.sub(" ", text))).strip()


@dataclass(frozen=True)
class Passage:
    """A paragraph of a document: stable id, kind, character span, and its other reading if any."""

    id: str
    kind: str  # title | date | note | heading | text
    start: int
    end: int
    text: str
    variant_of: str | None = None  # id of the canonical passage this one repeats
    variants: tuple[str, ...] = ()  # ids of the other readings of this (canonical) passage

    @property
    def canonical(self) -> bool:
        return self.variant_of is None


def _kind(text: str, title: str | None) -> str:
    flat = " ".join(text.split())
    if title and flat == " ".join(title.split()):
        return "title"
    if flat.startswith("[") and flat.endswith("]"):
        return "note"
    if _DATE_LINE.match(flat):
        return "date"
    if len(flat.split()) <= 6 and (not re.search(r"[.;!?]\s*$", flat) or flat.endswith(":")):
        return "heading"
    return "text"


def split_passages(text: str, title: str | None = None) -> list[Passage]:
    """Split ``text`` into passages (blank-line separated blocks) with stable ids."""
    out: list[Passage] = []
    seen: dict[str, int] = {}
    for m in _BLOCK.finditer(text):
        body = m.group(0)
        digest = hashlib.sha1(clean_marks(body).casefold().encode("utf-8")).hexdigest()[:8]
        seen[digest] = seen.get(digest, 0) + 1
        pid = f"p-{digest}" + (f"-{seen[digest]}" if seen[digest] > 1 else "")
        out.append(Passage(pid, _kind(body, title), m.start(), m.end(), body))
    return out


def link_repeats(passages: list[Passage], canonical_copy: str = "last") -> list[Passage]:
    """Pair paragraphs that repeat (similar after cleaning) and mark the non-canonical reading.

    >>> a = "The Ambassador inquired where the new line would run and Stalin said roughly through Shanghai."
    >>> ps = link_repeats(split_passages(a + "\\n\\n□" + a.replace("Stalin", "~~xx~~ Stalin")))
    >>> ps[0].variant_of == ps[1].id, ps[1].variants == (ps[0].id,), ps[0].id.endswith("-2")
    (True, True, True)
    """
    if canonical_copy not in {"first", "last"}:
        raise ValueError(f"canonical_copy must be 'first' or 'last', not {canonical_copy!r}")
    cleaned = [clean_marks(p.text) for p in passages]
    result = list(passages)
    taken: set[int] = set()
    for i in range(len(passages)):
        if i in taken or len(cleaned[i]) < _MIN_REPEAT_CHARS or passages[i].kind != "text":
            continue
        for j in range(i + 1, len(passages)):
            if j in taken or passages[j].kind != "text":
                continue
            if fuzz.ratio(cleaned[i], cleaned[j]) >= REPEAT_SIMILARITY:
                keep, other = (j, i) if canonical_copy == "last" else (i, j)
                if result[keep].id.startswith(result[other].id + "-"):
                    # identical cleaned text: the canonical reading takes the plain id
                    kid, oid = result[keep].id, result[other].id
                    result[keep], result[other] = replace(result[keep], id=oid), replace(result[other], id=kid)
                result[other] = replace(result[other], variant_of=result[keep].id)
                result[keep] = replace(result[keep], variants=result[keep].variants + (result[other].id,))
                taken.update({i, j})
                break
    return result
