"""The generated page, read as text: offline, accessible markup, popups, escaping."""

from __future__ import annotations

import re

import pytest

from geoarchive.build import spec_files
from geoarchive.mentions import MentionFinder
from geoarchive.paths import default_maps_dir
from geoarchive.render.html import OfflineError, check_offline, render_html
from geoarchive.spec import build_map, load_spec


@pytest.fixture(scope="module")
def pages(gazetteer):
    finder = MentionFinder(gazetteer)
    out = {}
    for path in spec_files(default_maps_dir()):
        built = build_map(load_spec(path), gazetteer)
        out[built.id] = (built, render_html(built, mentions={d.id: finder.find(d) for d in built.documents}))
    return out


def test_pages_load_nothing_from_the_network(pages):
    for built, page in pages.values():
        check_offline(page, allowed_urls=[d.meta["url"] for d in built.documents if d.meta.get("url")])
        assert not re.search(r"""<(script|link|img)[^>]+(src|href)=["']?https?://""", page)
        assert "cdn.jsdelivr" not in page and "jquery" not in page.lower().replace("jquery-", "")


def test_check_offline_catches_css_urls():
    with pytest.raises(OfflineError):
        check_offline("<style>.x { background: url(https://tiles.example/a.png) }</style>")
    with pytest.raises(OfflineError):
        check_offline('<link rel="stylesheet" href="http://cdn.example/x.css">')


def test_page_head(pages):
    for built, page in pages.values():
        assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
        assert "user-scalable=no" not in page and 'name="viewport"' in page
        assert f"<title>{built.title.replace(chr(39), '&#x27;')}</title>" in page


def test_every_feature_has_its_popup_with_quote_and_citation(pages):
    for built, page in pages.values():
        for f in built.features:
            assert f'data-feature=\\"{f.id}\\"' in page or f'data-feature="{f.id}"' in page
        # the popups travel as JSON strings: their quotes are there, escaped for a script
        assert "Wilson Center" in page or "RGASPI" in page
