"""The on-disk name index: the resolver's answers, compact look-ups, fuzzy candidates, files."""

from __future__ import annotations

import datetime as dt
import random
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geoarchive.errors import AmbiguousPlace, GazetteerError, PlaceNotFound
from geoarchive.gazetteer import index as index_mod
from geoarchive.gazetteer.index import GazetteerIndex, NameRow, fast_normalize
from geoarchive.gazetteer.normalize import normalize
from geoarchive.gazetteer.records import Period
from geoarchive.mentions import MentionFinder
from geoarchive.sources import load_documents


@pytest.fixture(scope="module")
def index(gazetteer, tmp_path_factory):
    return GazetteerIndex.from_places(tmp_path_factory.mktemp("index") / "names.sqlite", gazetteer)


def _queries(gazetteer) -> list[str]:
    r = random.Random(7)
    names = [n.toponym for p in gazetteer for n in p.names]
    out = names + [n.lower() for n in names] + [n.upper() for n in names]
    for n in names:  # one-edit misspellings: the fuzzy step
        chars = list(n)
        i = r.randrange(len(chars))
        chars[i] = r.choice("aeiouk")
        out.append("".join(chars))
    return out + ["", "???", "the", "Nowhere at all", "Kushiro [sic]", "The Kuriles", "Hokaido", "Rumoe"]


@pytest.mark.parametrize("date", [None, "1944-02-02", "1990"])
def test_answers_as_the_resolver_does(gazetteer, index, date):
    for q in _queries(gazetteer):
        assert index.resolve(q, date).to_dict() == gazetteer.resolver.resolve(q, date).to_dict(), q


def test_suggestions_and_errors_as_the_resolver(gazetteer, index):
    for q in ["Nowhere at all", "Kushirro town", "", "Sahalin"]:
        assert index.suggestions(q) == gazetteer.resolver.suggestions(q)
    with pytest.raises(PlaceNotFound) as err:
        index.resolve_one("Qqqqq Zzzzz")
    assert err.value.suggestions == gazetteer.resolver.suggestions("Qqqqq Zzzzz")
    assert index.resolve_one("Rumoe [sic]").place_id == "rumoi"


def test_lookup_is_the_non_fuzzy_steps(gazetteer, index):
    assert index.lookup("Kushiro") == ["kushiro"]
    assert index.lookup("laperouse strait") == ["la-perouse-strait"]  # a variant, any case
    assert index.lookup("Hokaido") == []  # no fuzzy matching
    for q in _queries(gazetteer):
        steps = [c.place_id for c in gazetteer.resolve(q).candidates if c.how != "fuzzy"]
        assert sorted(index.lookup(q)) == sorted(steps), q


def test_sizes_and_iteration(gazetteer, index):
    assert len(index) == len(gazetteer)
    assert index.n_names == sum(len(p.names) for p in gazetteer)
    assert [(p.id, [n.toponym for n in p.names]) for p in index] == \
        [(p.id, [n.toponym for n in p.names]) for p in gazetteer]


def test_mention_finder_over_the_index_finds_the_same(gazetteer, index, seeds_dir):
    over_gazetteer, over_index = MentionFinder(gazetteer), MentionFinder(index)
    for doc in load_documents(seeds_dir):
        assert [m.to_dict() for m in over_index.find(doc)] == [m.to_dict() for m in over_gazetteer.find(doc)]


_LETTERS = st.sampled_from(list("aAbZ é'’[]_-. \t\nsicTHEthe1ōİßﬁ²Крымा中ǅ\u0301\u00a0"))


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(_LETTERS, max_size=10).map("".join))
def test_fast_normalize_is_normalize(text):
    assert fast_normalize(text) == normalize(text)


# a large index: candidates by trigrams ---------------------------------------------------------
def _rows(n: int) -> list[NameRow]:
    r = random.Random(3)
    syll = [a + b for a in "bdgklmnprstvz" for b in "aeiou"]
    rows, seen = [], set()
    while len(rows) < n:
        name = "".join(r.choice(syll) for _ in range(r.randint(2, 5))).capitalize()
        if name not in seen:
            seen.add(name)
            rows.append(NameRow(f"p{len(rows)}", name, name))
    return rows


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    rows = _rows(3000) + [NameRow("nom", "Nom", "Nom"), NameRow("old", "Oldtown", "Oldtown", periods=(
        Period(dt.date(1900, 1, 1), dt.date(1920, 12, 31)),), place_periods=(Period(dt.date(1880, 1, 1), None),))]
    idx = GazetteerIndex.build(tmp_path_factory.mktemp("big") / "big.sqlite", rows)
    return idx, rows


def test_fuzzy_candidates_find_misspellings(big, monkeypatch):
    idx, rows = big
    monkeypatch.setattr(index_mod, "BRUTE_FORCE_BELOW", 0)  # as for a gazetteer of a million names
    r = random.Random(5)
    long_names = [row for row in rows if len(row.toponym) >= 8][:200]
    hits = 0
    for row in long_names:
        chars = list(row.toponym)
        chars[r.randrange(1, len(chars))] = "x"
        hits += row.place_id in [c.place_id for c in idx.fuzzy("".join(chars), 5)]
    assert hits >= 0.95 * len(long_names)
    assert all(c.how == "fuzzy" for c in idx.fuzzy("Oldtovn", 5))


def test_resolve_falls_back_to_every_name_when_candidates_miss(big, monkeypatch):
    idx, _ = big
    monkeypatch.setattr(index_mod, "BRUTE_FORCE_BELOW", 0)
    monkeypatch.setattr(index_mod, "_RERANK", 1)  # candidates alone would miss "nom"
    monkeypatch.setattr(idx, "_candidate_kids", lambda folded, same_length=True: [])
    assert idx.resolve("N- om").best.place_id == "nom"  # a name hyphenated across a line end
    assert idx.fuzzy("N- om") == []  # fuzzy() itself stays with the candidates


def test_periods_survive_the_file(big):
    idx, _ = big
    assert idx.resolve("Oldtown", "1910").best.valid_at_date
    later = idx.resolve("Oldtown", "1950").best
    assert not later.valid_at_date and "name not in use" in later.why
    assert "place did not exist" in idx.resolve("Oldtown", "1870").best.why


def test_ambiguous_names(tmp_path):
    idx = GazetteerIndex.build(tmp_path / "x.sqlite", [NameRow("a", "Springfield", "Springfield"),
                                                       NameRow("b", "Springfield", "Springfield")])
    assert idx.lookup("springfield") == ["a", "b"]
    with pytest.raises(AmbiguousPlace):
        idx.resolve_one("Springfield")


def test_build_replaces_a_file_whole_and_open_checks_it(tmp_path):
    path = tmp_path / "names.sqlite"
    GazetteerIndex.build(path, [NameRow("a", "Alpha", "Alpha")])
    again = GazetteerIndex.build(path, [NameRow("b", "Beta", "Beta")])
    assert again.lookup("Alpha") == [] and GazetteerIndex.open(path).lookup("beta") == ["b"]
    assert [p.name for p in tmp_path.iterdir()] == ["names.sqlite"]  # no temporary file left
    with pytest.raises(GazetteerError, match="not found"):
        GazetteerIndex.open(tmp_path / "missing.sqlite")
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)")
    with pytest.raises(GazetteerError, match="not a geoarchive name index"):
        GazetteerIndex.open(other)
    (tmp_path / "junk.sqlite").write_bytes(b"not a database at all, just some bytes" * 10)
    with pytest.raises(GazetteerError):
        GazetteerIndex.open(tmp_path / "junk.sqlite")
