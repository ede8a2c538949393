"""Anchors: every mention re-finds its text, also after the document is edited elsewhere."""

from __future__ import annotations

import pytest

from geoarchive.anchors import Anchor, reanchor
from geoarchive.errors import AnchorError
from geoarchive.mentions import MentionFinder, web_annotations
from geoarchive.passages import split_passages
from geoarchive.sources import load_documents


@pytest.fixture(scope="module")
def docs_and_mentions(gazetteer, seeds_dir):
    finder = MentionFinder(gazetteer)
    return [(doc, finder.find(doc)) for doc in load_documents(seeds_dir)]


def test_every_anchor_refinds_its_text(docs_and_mentions):
    n = 0
    for doc, mentions in docs_and_mentions:
        for m in mentions:
            a = Anchor.make(doc.text, m.start, m.end)
            assert reanchor(a, doc.text) == (m.start, m.end)
            n += 1
    assert n == 34


NOTE = "Editor's note: transcription revised.\n\n"
OLD, NEW = "They may suddenly begin to retreat.", "They might suddenly begin a retreat, he said."


def _edit_elsewhere(text: str) -> str:
    """Insert a paragraph at the top and rewrite a sentence that holds no place name."""
    return (NOTE + text).replace(OLD, NEW)


def _expected_start(text: str, start: int) -> int:
    """Where an unchanged character at ``start`` sits after :func:`_edit_elsewhere`."""
    shift = len(NOTE)
    shift += sum(len(NEW) - len(OLD) for i in range(len(text)) if text.startswith(OLD, i) and i < start)
    return start + shift


def test_anchors_survive_edits_elsewhere(docs_and_mentions):
    for doc, mentions in docs_and_mentions:
        edited = _edit_elsewhere(doc.text)
        assert edited != doc.text
        for m in mentions:
            a = Anchor.make(doc.text, m.start, m.end)
            start, end = reanchor(a, edited)
            assert edited[start:end] == m.surface
            # the same occurrence, not just the same words
            assert start == _expected_start(doc.text, m.start)


def test_repeated_words_keep_their_occurrence(docs_and_mentions):
    doc, mentions = next((d, ms) for d, ms in docs_and_mentions if d.id.startswith("stalin"))
    hokkaido = [m for m in mentions if m.surface == "Hokkaido"]
    edited = "Four times Hokkaido.\n\n" + doc.text.replace("Liaodong Peninsula is", "the Liaodong Peninsula is")
    assert len(hokkaido) == 4
    for m in hokkaido:
        start, end = reanchor(Anchor.make(doc.text, m.start, m.end), edited)
        assert (start, end) == (m.start + 26, m.end + 26)  # 22 + 4 characters inserted before each


def test_removed_quote_fails_clearly(docs_and_mentions):
    doc, mentions = docs_and_mentions[0]
    a = Anchor.make(doc.text, mentions[0].start, mentions[0].end)
    with pytest.raises(AnchorError, match="quote not found"):
        reanchor(a, doc.text.replace(mentions[0].surface, "—"))


def test_passage_ids_survive_edits_elsewhere(docs_and_mentions):
    for doc, _ in docs_and_mentions:
        before = {p.text: p.id for p in split_passages(doc.text, doc.title)}
        after = {p.text: p.id for p in split_passages(_edit_elsewhere(doc.text), doc.title)}
        unchanged = set(before) & set(after)
        assert len(unchanged) >= len(before) - 2
        assert all(before[t] == after[t] for t in unchanged)


def test_web_annotation_export(docs_and_mentions):
    doc, mentions = docs_and_mentions[1]
    coll = web_annotations(doc, mentions)
    assert coll["type"] == "AnnotationCollection" and coll["total"] == len(mentions)
    assert "http://www.w3.org/ns/anno.jsonld" in coll["@context"]
    for ann, m in zip(coll["first"]["items"], mentions):
        assert ann["type"] == "Annotation" and ann["body"]["source"] == f"urn:geoarchive:place:{m.place_id}"
        a = Anchor.from_selectors(ann["target"]["selector"])
        assert reanchor(a, doc.text) == (m.start, m.end)
        assert {s["type"] for s in ann["target"]["selector"]} == {"TextQuoteSelector", "TextPositionSelector"}


def test_passage_kinds(docs_and_mentions):
    doc, _ = docs_and_mentions[1]  # Stalin
    kinds = {p.kind for p in doc.passages}
    assert {"title", "date", "note", "text", "heading"} <= kinds
    title = next(p for p in doc.passages if p.kind == "title")
    assert title.text == doc.title
