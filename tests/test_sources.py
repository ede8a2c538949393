"""Seed documents: verbatim texts, sidecar metadata, and clear errors for bad input."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest

from geoarchive.errors import SourceError
from geoarchive.sources import load_document, load_documents

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"


def test_both_seeds_load(seeds_dir):
    docs = load_documents(seeds_dir)
    assert [d.id for d in docs] == ["harriman-telegram-1944-02-02", "stalin-truman-1945-08-16"]
    assert [d.date for d in docs] == [dt.date(1944, 2, 2), dt.date(1945, 8, 16)]


def test_seeds_are_verbatim(seeds_dir):
    for doc in load_documents(seeds_dir):
        raw = doc.path.read_bytes()
        assert hashlib.sha256(raw).hexdigest() == doc.meta["sha256"]
        original = SHARED / doc.meta["source_file"]
        if original.is_file():  # beside a checkout (as in CI): compare with the original too
            assert original.read_bytes() == raw


def test_stalin_metadata(seeds_dir):
    doc = load_document(seeds_dir / "1945-08-16-stalin-to-truman.txt")
    assert doc.meta["archive"]["fond"] == "558" and doc.meta["archive"]["list"] == "111"
    assert doc.meta["translator"] == "Sergey Radchenko"
    assert doc.meta["sent"]["date"] == dt.date(1945, 8, 17) and doc.meta["received"]["date"] == dt.date(1945, 8, 16)
    assert "RGASPI Fond 558" in doc.citation


def test_telegram_metadata(seeds_dir):
    doc = load_document(seeds_dir / "1944-02-02-harriman-telegram.txt")
    assert doc.meta["url"].endswith("/document/209771")
    assert "January 2, 1954" in doc.text and "scanning artifact" in doc.meta["date_note"]
    assert doc.meta["archive"]["container"] == "171"
    assert "~~SECRET~~" in doc.text and "□" in doc.text  # OCR marks kept


@pytest.fixture
def scratch(tmp_path, seeds_dir):
    for p in seeds_dir.glob("1945-08-16-stalin-to-truman.*"):
        shutil.copy(p, tmp_path / p.name)
    return tmp_path / "1945-08-16-stalin-to-truman.txt"


def test_missing_document(tmp_path):
    with pytest.raises(SourceError, match="document not found"):
        load_document(tmp_path / "nope.txt")


def test_non_utf8(scratch):
    scratch.write_bytes(b"Kushiro \xff\xfe Rumoe")
    with pytest.raises(SourceError, match=r"not UTF-8 text \(invalid byte 0xff at offset 8\)"):
        load_document(scratch)


def test_empty_document(scratch):
    scratch.write_text("  \n\n")
    with pytest.raises(SourceError, match="document is empty"):
        load_document(scratch)


def test_edited_text_is_refused(scratch):
    scratch.write_text(scratch.read_text() + "an edit")
    with pytest.raises(SourceError, match="differs from the verbatim original"):
        load_document(scratch)


def test_malformed_date(scratch):
    side = scratch.with_name("1945-08-16-stalin-to-truman.meta.yaml")
    side.write_text(side.read_text().replace("date: 1945-08-16", "date: 1945-13-45"))
    with pytest.raises(SourceError, match=r"meta.yaml: field 'date': '1945-13-45' is not a valid date"):
        load_document(scratch)


def test_missing_sidecar(scratch):
    scratch.with_name("1945-08-16-stalin-to-truman.meta.yaml").unlink()
    with pytest.raises(SourceError, match="metadata sidecar is missing"):
        load_document(scratch)


def test_bad_yaml(scratch):
    side = scratch.with_name("1945-08-16-stalin-to-truman.meta.yaml")
    side.write_text("id: [unclosed\n")
    with pytest.raises(SourceError, match="not valid YAML at line"):
        load_document(scratch)


def test_missing_required_field(scratch):
    side = scratch.with_name("1945-08-16-stalin-to-truman.meta.yaml")
    side.write_text(side.read_text().replace("title: Draft", "heading: Draft"))
    with pytest.raises(SourceError, match="missing required field\\(s\\): title"):
        load_document(scratch)
