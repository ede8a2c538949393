"""The bench's generators at a tiny size, and the fast mention path against its reference.

No timings here: bench/run.py measures; these tests only prove that what it measures is
deterministic and that the vectorised folding and matching give exactly the per-character results.
"""

from __future__ import annotations

import datetime as dt
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geoarchive.gazetteer.index import GazetteerIndex
from geoarchive.gazetteer.normalize import strip_diacritics
from geoarchive.mentions import MentionFinder, fold, fold_with_map

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import synth  # noqa: E402
from run import targets  # noqa: E402


def reference_fold_with_map(text: str) -> tuple[str, list[int]]:
    """The original character-by-character folding, kept here as the specification."""
    out: list[str] = []
    index: list[int] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "-" and i + 1 < n and text[i + 1] == "\n" and out and out[-1].isalpha():
            j = i + 1
            while j < n and text[j].isspace():
                j += 1
            if j < n and text[j].isalpha():
                i = j
                continue
        if ch.isspace():
            if out and out[-1] != " ":
                out.append(" ")
                index.append(i)
            i += 1
            continue
        for c in strip_diacritics(ch).casefold():
            out.append(c)
            index.append(i)
        i += 1
    return "".join(out), index


def reference_matches(finder: MentionFinder, text: str) -> list[tuple[int, int, tuple]]:
    """The original matcher: every name found anywhere, then word boundaries and capitals checked."""
    folded, index = reference_fold_with_map(text)
    names = {entry[0]: entry for group in finder._groups for entry in group}
    out = []
    for end_f in range(len(folded)):
        for key in sorted((k for k in names if folded.endswith(k, 0, end_f + 1)), key=len, reverse=True):
            start_f = end_f - len(key) + 1
            if not any(unicodedata.east_asian_width(c) in "WF" for c in key):
                if start_f > 0 and folded[start_f - 1].isalnum():
                    continue
                if end_f + 1 < len(folded) and folded[end_f + 1].isalnum():
                    continue
            start, end = index[start_f], index[end_f] + 1
            _, owners, capitalised = names[key]
            if capitalised and text[start].isalpha() and not text[start].isupper():
                continue
            out.append((start, end, owners))
    return out


@pytest.fixture(scope="module")
def rows():
    return list(synth.gazetteer_rows(3000, seed=11))


@pytest.fixture(scope="module")
def finder(rows, tmp_path_factory):
    return MentionFinder(GazetteerIndex.build(tmp_path_factory.mktemp("bench") / "g.sqlite", rows))


def test_generators_are_deterministic(rows, tmp_path):
    assert rows == list(synth.gazetteer_rows(3000, seed=11))
    assert rows != list(synth.gazetteer_rows(3000, seed=12))
    assert len(rows) == 3000 and len({r.place_id for r in rows}) > 1000
    assert {r.script for r in rows} >= {"Latn", "Cyrl", "Hani", "Arab"}
    synth.write_rows(tmp_path / "rows.tsv", rows)
    assert list(synth.read_rows(tmp_path / "rows.tsv")) == rows
    names = [r.toponym for r in rows]
    docs = list(synth.corpus_documents(names, 200_000, seed=11))
    assert docs == list(synth.corpus_documents(names, 200_000, seed=11))
    assert sum(len(d.encode()) for _, d in docs) >= 200_000


def test_fast_folding_on_the_bench_corpus(rows):
    docs = list(synth.corpus_documents([r.toponym for r in rows], 100_000, seed=11))
    for _, text in docs:
        assert fold_with_map(text) == reference_fold_with_map(text)


def test_fast_matching_on_the_bench_corpus(rows, finder):
    text = next(iter(synth.corpus_documents([r.toponym for r in rows], 3_000, seed=11, doc_bytes=3_000)))[1]
    assert finder._raw_matches(text) == reference_matches(finder, text)
    assert finder.find_in_text(text, dt.date(1945, 8, 16))  # the corpus does name places


_PIECES = st.sampled_from(list("ab xyZ\n\t-.,'´¨ßﬁİé\u0301\u00a0\u3000中😀") + ["-\n", "  ", "\n\n", "Hok-\nkaido"])


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(_PIECES, max_size=400).map("".join))
def test_fast_folding_is_the_reference(text):
    assert fold_with_map(text) == reference_fold_with_map(text)
    assert fold(text) == reference_fold_with_map(text)[0].strip()


def test_targets_report_the_margin():
    figures = {
        "build": {"wall_ratio": 1.5},
        "pages": {"pages": {"a.html": {"bytes": 390_000}, "a.embed.html": {"bytes": 600}}},
        "browser": {"a.html": {"ready_ms": 120.0}},
        "index": {"names": 1_000_000, "peak_mb": 900.0},
        "lookups": {"load_s": 0.03, "exact_per_s": 250_000, "fuzzy_top5_per_s": 400, "peak_mb": 800.0},
        "mentions": {"mb_per_s": 10.0, "peak_mb": 1300.0},
    }
    rows = {r["figure"]: r for r in targets(figures)}
    assert rows["1. build wall time, ours / peer (ratio)"]["missed_by"].startswith("50% over")
    assert rows["5. mention finding"]["missed_by"].startswith("50% short")
    assert rows["2. page bytes: a.html"]["met"] and "2. page bytes: a.embed.html" not in rows
    assert [r["figure"] for r in rows.values() if not r["met"]] == [
        "1. build wall time, ours / peer (ratio)", "4. fuzzy top-5 look-ups per second", "5. mention finding"]
