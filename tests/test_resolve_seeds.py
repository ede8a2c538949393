"""Every place-name occurrence in both seeds resolves to the intended gazetteer entry."""

from __future__ import annotations

import re

import pytest

from geoarchive.sources import load_document

# (document file, surface form exactly as printed, how many times it occurs, intended place id)
# Made by reading both documents by hand. The telegram holds its text twice (OCR and transcript).
GOLD = [
    ("1945-08-16-stalin-to-truman.txt", "Liaodong Peninsula", 1, "liaodong-peninsula"),
    ("1945-08-16-stalin-to-truman.txt", "Manchuria", 1, "manchuria"),
    ("1945-08-16-stalin-to-truman.txt", "Kurile Islands", 2, "kuril-islands"),
    ("1945-08-16-stalin-to-truman.txt", "Crimea", 1, "crimea"),
    ("1945-08-16-stalin-to-truman.txt", "Soviet Union", 2, "soviet-union"),
    ("1945-08-16-stalin-to-truman.txt", "Hokkaido", 4, "hokkaido"),
    ("1945-08-16-stalin-to-truman.txt", "Laperouse Strait", 1, "la-perouse-strait"),
    ("1945-08-16-stalin-to-truman.txt", "Karafuto", 1, "karafuto"),
    ("1945-08-16-stalin-to-truman.txt", "Kushiro", 1, "kushiro"),
    ("1945-08-16-stalin-to-truman.txt", "Rumoe [sic]", 1, "rumoi"),
    ("1945-08-16-stalin-to-truman.txt", "Soviet Far East", 1, "soviet-far-east"),
    ("1945-08-16-stalin-to-truman.txt", "Moscow", 1, "moscow"),
    ("1945-08-16-stalin-to-truman.txt", "Washington", 1, "washington"),
    ("1945-08-16-stalin-to-truman.txt", "Japan", 1, "japan"),
    ("1944-02-02-harriman-telegram.txt", "Indonesia", 2, "indonesia"),
    ("1944-02-02-harriman-telegram.txt", "Japan", 2, "japan"),
    ("1944-02-02-harriman-telegram.txt", "Manchuria", 4, "manchuria"),
    ("1944-02-02-harriman-telegram.txt", "Shanghai", 2, "shanghai"),
    ("1944-02-02-harriman-telegram.txt", "Shantung peninsula", 2, "shandong-peninsula"),
    ("1944-02-02-harriman-telegram.txt", "Japanese islands", 2, "japanese-islands"),
    ("1944-02-02-harriman-telegram.txt", "Washington, DC", 1, "washington"),
]


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
