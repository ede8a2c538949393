"""The resolver's steps, dates, ambiguity and errors, on the bundled and on scratch gazetteers."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from geoarchive.errors import AmbiguousPlace, GeoarchiveError, PlaceNotFound
from geoarchive.gazetteer import Gazetteer
from geoarchive.gazetteer.resolve import parse_date

from .conftest import read_entry, write_entry


@pytest.mark.parametrize(
    "query,expected,how",
    [
        ("Kushiro", "kushiro", "exact"),
        ("KUSHIRO", "kushiro", "normalized"),
        ("Hokkaidō", "hokkaido", "normalized"),  # diacritics folded onto the preferred name
        ("hokkaido", "hokkaido", "normalized"),
        ("La Perouse Strait", "la-perouse-strait", "normalized"),
        ("Laperouse Strait", "la-perouse-strait", "variant"),
        ("la pérouse strait", "la-perouse-strait", "normalized"),
        ("Shantung", "shandong", "variant"),
        ("Liaotung Peninsula", "liaodong-peninsula", "variant"),
        ("Tsingtao", "qingdao", "variant"),
        ("Rumoe", "rumoi", "variant"),
        ("Soya Strait", "la-perouse-strait", "variant"),
        ("樺太", "karafuto", "exact"),  # preferred name in Japanese
        ("Курильские острова", "kuril-islands", "exact"),
        ("Kuriles", "kuril-islands", "variant"),
        ("Hokaido", "hokkaido", "fuzzy"),
        ("Kurile Island", "kuril-islands", "fuzzy"),
    ],
)
def test_steps(gazetteer, query, expected, how):
    best = gazetteer.resolve(query).best
    assert (best.place_id, best.how) == (expected, how), best.why


def test_scores_fall_by_step(gazetteer):
    exact = gazetteer.resolve("Kushiro").best.score
    folded = gazetteer.resolve("kushiro").best.score
    variant = gazetteer.resolve("Rumoe").best.score
    fuzzy = gazetteer.resolve("Kushyro").best.score
    assert exact > folded > variant > fuzzy


def test_candidate_explains_itself(gazetteer):
    best = gazetteer.resolve("Rumoe [sic]").best
    assert "sic" in best.why and "Rumoe" in best.why


def test_date_prefers_names_valid_then(gazetteer):
    in_use = gazetteer.resolve("Netherlands East Indies", date="1944-02-02").best
    later = gazetteer.resolve("Netherlands East Indies", date="1960-01-01").best
    assert in_use.place_id == later.place_id == "indonesia"
    assert in_use.valid_at_date and not later.valid_at_date
    assert later.score < in_use.score and "not in use" in later.why


def test_date_prefers_places_valid_then(gazetteer):
    then = gazetteer.resolve("Karafuto", date="1945-08-16").best
    after = gazetteer.resolve("Karafuto", date="1950-01-01").best
    assert then.valid_at_date and not after.valid_at_date
    assert "did not exist" in after.why


def test_unknown_name_suggests(gazetteer):
    with pytest.raises(PlaceNotFound) as err:
        gazetteer.resolve_one("Atlantis")
    assert err.value.suggestions and "closest names" in str(err.value)


def _twin_gazetteer(gaz_copy, *, type_b: str = "inhabited place", when_a=None, when_b=None):
    """Two places both named 'Springfield' (copies of Nemuro and Obihiro)."""
    for pid, label, when in (("nemuro", "inhabited place", when_a), ("obihiro", type_b, when_b)):
        doc = read_entry(gaz_copy, pid)
        feat = doc["features"][0]
        feat["names"].append({"toponym": "Springfield", "lang": "en", "kind": "variant", **({"when": when} if when else {})})
        feat["types"] = [{"label": label}]
        write_entry(gaz_copy, pid, doc)
    return gaz_copy


def test_shared_name_without_distinction_is_rejected(gaz_copy):
    _twin_gazetteer(gaz_copy)
    with pytest.raises(GeoarchiveError) as err:
        Gazetteer.load(gaz_copy)
    assert "Springfield" in str(err.value) and "obihiro" in str(err.value)


def test_ambiguous_names_rank_candidates(gaz_copy):
    _twin_gazetteer(gaz_copy, type_b="railway station")
    g = Gazetteer.load(gaz_copy)
    res = g.resolve("Springfield")
    assert res.ambiguous and {c.place_id for c in res.candidates} == {"nemuro", "obihiro"}
    with pytest.raises(AmbiguousPlace) as err:
        g.resolve_one("Springfield")
    assert err.value.exit_code == 3 and len(err.value.candidates) == 2


def test_date_disambiguates(gaz_copy):
    span = lambda a, b: {"timespans": [{"start": {"in": a}, "end": {"in": b}}]}  # noqa: E731
    _twin_gazetteer(gaz_copy, when_a=span("1900", "1949"), when_b=span("1950", "1960"))
    g = Gazetteer.load(gaz_copy)  # names do not overlap in time: allowed
    assert g.resolve("Springfield", date="1955-01-01").ambiguous is False
    assert g.resolve_one("Springfield", date="1955-01-01").place_id == "obihiro"
    assert g.resolve_one("Springfield", date="1945-01-01").place_id == "nemuro"


def test_parse_date():
    assert parse_date("1945-08-16") == dt.date(1945, 8, 16)
    with pytest.raises(ValueError):
        parse_date("16/08/1945")


def test_resolution_json_shape(gazetteer):
    data = json.loads(json.dumps(gazetteer.resolve("Shantung", date="1944-02-02").to_dict()))
    assert data["query"] == "Shantung" and data["date"] == "1944-02-02"
    assert data["candidates"][0]["place_id"] == "shandong"
    assert set(data["candidates"][0]) >= {"score", "how", "why", "name", "title"}
