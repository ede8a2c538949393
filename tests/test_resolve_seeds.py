"""Every place-name occurrence in both seeds resolves to the intended gazetteer entry."""

from __future__ import annotations

import re

import pytest

from geoarchive.sources import load_document

from .conftest import load_gold

GOLD = load_gold()


@pytest.mark.parametrize("doc_file,surface,count,expected", GOLD, ids=[f"{g[1]}@{g[0][:10]}" for g in GOLD])
def test_seed_occurrence_resolves(gazetteer, seeds_dir, doc_file, surface, count, expected):
    doc = load_document(seeds_dir / doc_file)
    found = len(re.findall(rf"(?<!\w){re.escape(surface)}(?!\w)", doc.text))
    assert found == count, f"{surface!r} occurs {found} times in {doc_file}, gold says {count}"
    cand = gazetteer.resolve_one(surface, date=doc.date)
    assert cand.place_id == expected, cand.why
    assert cand.valid_at_date, f"{surface!r} resolved to a name or place not valid on {doc.date}"


def test_gold_covers_every_place_word(gazetteer, seeds_dir):
    """No capitalised gazetteer name occurs in a seed without a gold row for it."""
    gold = {(g[0], g[1]) for g in GOLD}
    for doc_file in {g[0] for g in GOLD}:
        text = load_document(seeds_dir / doc_file).text
        for place in gazetteer:
            for name in place.names:
                t = name.toponym
                if not t[:1].isupper() or not re.search(rf"(?<!\w){re.escape(t)}(?!\w)", text):
                    continue
                covered = any(t in s or s in t for (f, s) in gold if f == doc_file)
                assert covered, f"{t!r} ({place.id}) occurs in {doc_file} but is not in the gold list"
