"""Mention finding against the hand-made gold standard, and the matcher's rules."""

from __future__ import annotations

import re

import pytest

from geoarchive.mentions import MentionFinder, place_candidates
from geoarchive.sources import load_document

from .conftest import load_gold

GOLD = load_gold()
DOCS = sorted({g[0] for g in GOLD})


@pytest.fixture(scope="module")
def finder(gazetteer):
    return MentionFinder(gazetteer)


def gold_spans(text: str, doc_file: str) -> set[tuple[int, int, str]]:
    spans = set()
    for f, surface, count, place in GOLD:
        if f == doc_file:
            hits = [(m.start(), m.end(), place) for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text)]
            assert len(hits) == count
            spans.update(hits)
    # a shorter gold surface inside a longer one ("Washington" in "Washington, DC") is not a mention
    return {s for s in spans if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans)}


def test_precision_and_recall_are_100_percent(finder, seeds_dir, capsys):
    tp = fp = fn = 0
    for doc_file in DOCS:
        doc = load_document(seeds_dir / doc_file)
        expected = gold_spans(doc.text, doc_file)
        got = {(m.start, m.end, m.place_id) for m in finder.find(doc)}
        tp += len(got & expected)
        fp += len(got - expected)
        fn += len(expected - got)
        assert got == expected, f"{doc_file}: extra {sorted(got - expected)}, missed {sorted(expected - got)}"
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    with capsys.disabled():
        print(f"\nmention matcher vs gold: precision {precision:.1%}, recall {recall:.1%} ({tp} mentions)")
    assert precision == recall == 1.0


@pytest.mark.parametrize("doc_file", DOCS)
def test_mentions_slice_the_verbatim_text(finder, seeds_dir, doc_file):
    doc = load_document(seeds_dir / doc_file)
    for m in finder.find(doc):
        assert doc.text[m.start:m.end] == m.surface
        passage = doc.passage(m.passage)
        assert passage.start <= m.start and m.end <= passage.end
        assert 0 < m.confidence <= 1 and m.how in {"exact", "normalized", "variant"}


def test_repeated_reading_links_to_transcript(finder, seeds_dir):
    doc = load_document(seeds_dir / "1944-02-02-harriman-telegram.txt")
    mentions = finder.find(doc)
    ocr = [m for m in mentions if not m.canonical]
    body = [m for m in mentions if m.canonical and m.surface != "Washington, DC"]
    assert len(ocr) == len(body) == 7
    assert [m.surface for m in ocr] == [m.surface for m in body]  # the same places in both readings
    for o, t in zip(ocr, body):
        assert o.variant_of == t.passage and o.start < t.start  # the transcript comes last


@pytest.mark.parametrize(
    "text,expected",
    [
        ("all of the Kurile Islands here", [("Kurile Islands", "kuril-islands")]),
        ("around the Japanese islands.", [("Japanese islands", "japanese-islands")]),
        ("Japan's forces and the Japanese army", [("Japan", "japan")]),
        ("the town of Rumoe [sic] on the coast", [("Rumoe [sic]", "rumoi")]),
        ("the island of Hok-\nkaido", [("Hok-\nkaido", "hokkaido")]),
        ("the Kurile\nIslands", [("Kurile\nIslands", "kuril-islands")]),
        ("fine china from Shanghai", [("Shanghai", "shanghai")]),
        ("□During ~~Manchuria~~ days", [("Manchuria", "manchuria")]),
        ("Washington, DC and Washington", [("Washington, DC", "washington"), ("Washington", "washington")]),
        ("HOKKAIDO and hokkaido-ken", [("HOKKAIDO", "hokkaido")]),
        ("樺太と北海道", [("樺太", "karafuto"), ("北海道", "hokkaido")]),
        ("Kushirotown and Moscowian", []),
    ],
)
def test_matcher_rules(finder, text, expected):
    assert [(m.surface, m.place_id) for m in finder.find_in_text(text)] == expected


def test_date_informs_confidence(finder):
    (then,) = finder.find_in_text("the Netherlands East Indies", date=__import__("datetime").date(1944, 2, 2))
    (later,) = finder.find_in_text("the Netherlands East Indies", date=__import__("datetime").date(1990, 1, 1))
    assert then.place_id == later.place_id == "indonesia" and later.confidence < then.confidence


def test_unresolved_candidates(finder, seeds_dir, tmp_path):
    doc = load_document(seeds_dir / "1945-08-16-stalin-to-truman.txt")
    assert place_candidates(doc, finder.find(doc)) == []
    text = "Troops moved from Port Arthur to the Tsugaru Strait and back into Korea. Then I left."
    (tmp_path / "x.txt").write_text(text)
    (tmp_path / "x.meta.yaml").write_text("id: x\ntitle: X\ndate: 1945-01-01\n")
    doc = load_document(tmp_path / "x.txt")
    names = [n for n, _ in place_candidates(doc, finder.find(doc))]
    assert names == ["Korea", "Port Arthur", "Tsugaru Strait"]
