"""The pages in a real Chromium: offline, linked both ways, keyboard, iframe, phone, contrast."""

from __future__ import annotations

import io

import pytest

from geoarchive.build import spec_files
from geoarchive.paths import default_maps_dir
from geoarchive.spec import build_map, load_spec

from .conftest import PageProbe

MAPS = {p.stem: p for p in spec_files(default_maps_dir())}


@pytest.fixture(scope="module")
def features(gazetteer):
    return {mid: [f.id for f in build_map(load_spec(p), gazetteer).features] for mid, p in MAPS.items()}


@pytest.mark.parametrize("map_id", sorted(MAPS))
def test_page_loads_offline_and_draws_every_feature(probe, built_pages, features, map_id):
    page = probe.open(built_pages / f"{map_id}.html")
    page.wait_for_timeout(300)
    assert probe.requests == [], f"the page made network requests: {probe.requests}"
    assert probe.errors == [], f"console errors: {probe.errors}"
    drawn = page.evaluate("""() => Array.from(document.querySelectorAll('.ga-feature'))
        .flatMap(el => Array.from(el.classList).filter(c => c.startsWith('ga-f-')).map(c => c.slice(5)))""")
    assert sorted(set(drawn)) == sorted(features[map_id])
    labelled = page.evaluate("() => Array.from(document.querySelectorAll('.ga-feature')).every(el => el.getAttribute('aria-label'))")
    assert labelled, "every drawn shape and marker has an aria-label"


@pytest.mark.parametrize("map_id", sorted(MAPS))
def test_screenshot_is_not_blank(probe, built_pages, map_id):
    from PIL import Image

    page = probe.open(built_pages / f"{map_id}.html")
    png = page.locator(".folium-map").screenshot()
    img = Image.open(io.BytesIO(png)).convert("RGB").resize((200, 150))
    colours = img.getcolors(maxcolors=200 * 150)
    assert len(colours) > 40, "the map area is (nearly) one colour"
    water = (0xDC, 0xE8, 0xEF)
    share_water = max(c for c, rgb in colours if sum(abs(a - b) for a, b in zip(rgb, water)) < 12) / (200 * 150)
    assert share_water < 0.9, "the map shows little but the sea background"


def test_toggling_a_layer_hides_it(probe, built_pages):
    page = probe.open(built_pages / "stalin-1945-08-16.html")
    assert page.locator(".ga-f-demarcation-line").count() == 1
    page.get_by_label("Demarcation line", exact=True).uncheck()
    assert page.locator(".ga-f-demarcation-line").count() == 0
    assert page.locator(".ga-f-hokkaido-north").count() == 1  # other layers stay
    page.get_by_label("Demarcation line", exact=True).check()
    assert page.locator(".ga-f-demarcation-line").count() == 1


def test_clicking_a_mention_opens_its_feature(probe, built_pages):
    page = probe.open(built_pages / "stalin-1945-08-16.html")
    page.click(".ga-mention[data-place='rumoi']")
    popup = page.wait_for_selector(".leaflet-popup .ga-popup[data-feature='rumoi']", timeout=5000)
    assert "the town of Rumoe [sic] on the western coast" in popup.inner_text()


def test_enter_on_a_mention_works_by_keyboard(probe, built_pages):
    page = probe.open(built_pages / "stalin-1945-08-16.html")
    mention = page.locator(".ga-mention[data-place='kushiro']")
    mention.focus()
    assert page.evaluate("() => document.activeElement.dataset.place") == "kushiro"
    page.keyboard.press("Enter")
    page.wait_for_selector(".leaflet-popup .ga-popup[data-feature='kushiro']", timeout=5000)
    focus_style = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert focus_style != "none"


def test_mention_of_an_undrawn_place_says_so(probe, built_pages):
    page = probe.open(built_pages / "stalin-1945-08-16.html")
    page.click(".ga-mention[data-place='moscow']")
    assert "not drawn on this map" in page.locator("#ga-notice").inner_text()


def test_clicking_a_feature_highlights_its_passage(probe, built_pages, gazetteer):
    page = probe.open(built_pages / "stalin-1945-08-16.html")
    built = build_map(load_spec(MAPS["stalin-1945-08-16"]), gazetteer)
    expected = built.feature("kurils").citations[0].passage_id
    box = page.locator(".ga-f-kurils").first.bounding_box()
    page.evaluate("() => window.geoarchive.features['kurils'].fire('click', {latlng: window.geoarchive.features['kurils'].getBounds().getCenter()})")
    page.wait_for_selector(".ga-passage.ga-active", timeout=5000)
    active = page.eval_on_selector_all(".ga-passage.ga-active", "els => els.map(e => e.dataset.passageId)")
    assert active == [expected] and box is not None
    # and by a real mouse click on the zone's shape
    page.keyboard.press("Escape")
    page.evaluate("() => window.geoarchive.map.closePopup()")
    page.evaluate("() => window.geoarchive.map.fitBounds(window.geoarchive.features['hokkaido-north'].getBounds())")
    page.wait_for_timeout(400)
    # a point well inside the zone (north of the line, inland), where the map puts it on screen
    x, y = page.evaluate("""() => { const m = window.geoarchive.map, p = m.latLngToContainerPoint([44.6, 142.2]),
        r = m.getContainer().getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }""")
    page.mouse.click(x, y)
    page.wait_for_selector(".leaflet-popup .ga-popup[data-feature='hokkaido-north']", timeout=5000)
    active = page.eval_on_selector_all(".ga-passage.ga-active", "els => els.map(e => e.dataset.passageId)")
    assert active == [built.feature("hokkaido-north").citations[0].passage_id]


def test_feature_list_buttons_open_popups(probe, built_pages):
    page = probe.open(built_pages / "harriman-1944-02-02.html")
    page.click("button[data-show-feature='inner-line']")
    popup = page.wait_for_selector(".leaflet-popup .ga-popup[data-feature='inner-line']", timeout=5000)
    assert "roughly through Shanghai" in popup.inner_text() and "Uncertain" in popup.inner_text()


def test_page_works_inside_an_iframe(probe, built_pages):
    snippet = (built_pages / "stalin-1945-08-16.embed.html").read_text()
    lesson = built_pages / "lesson.html"
    lesson.write_text(f"<!DOCTYPE html><html lang='en'><body><h1>Lesson</h1><p>{'Text. ' * 400}</p>{snippet}"
                      f"<p>{'More. ' * 400}</p></body></html>")
    page = probe.open(lesson, wait_ready=False)
    frame_el = page.locator("iframe")
    assert frame_el.get_attribute("title").startswith("Map: ")
    frame_el.scroll_into_view_if_needed()
    frame = page.frame_locator("iframe")
    frame.locator("html[data-map-ready='1']").wait_for(timeout=10_000)
    assert frame.locator(".ga-f-hokkaido-north").count() == 1
    inner = next(f for f in page.frames if f != page.main_frame)
    assert inner.evaluate("() => window.geoarchive.map.gestureHandling.enabled()")
    # scrolling the lesson over the map scrolls the page, not the map
    zoom = inner.evaluate("() => window.geoarchive.map.getZoom()")
    box = frame_el.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -400)
    page.wait_for_timeout(400)
    assert inner.evaluate("() => window.geoarchive.map.getZoom()") == zoom
    assert probe.requests == [] and probe.errors == []


def test_phone_layout_stacks_the_panel_under_the_map(browser, built_pages):
    probe = PageProbe(browser, viewport=(390, 844))
    try:
        page = probe.open(built_pages / "stalin-1945-08-16.html")
        m = page.locator(".folium-map").bounding_box()
        panel = page.locator(".ga-panel").bounding_box()
        assert panel["y"] >= m["y"] + m["height"] - 1 and m["width"] > 350
        assert "user-scalable=no" not in page.content()
    finally:
        probe.close()


CONTRAST_JS = """
() => {
  const lum = (c) => { const v = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map(x => x / 255)
      .map(x => x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4));
      return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
  const bg = (el) => { for (; el; el = el.parentElement) { const c = getComputedStyle(el).backgroundColor;
      const a = c.match(/[\\d.]+/g); if (a && (a.length < 4 || Number(a[3]) > 0.5)) return c; } return 'rgb(255,255,255)'; };
  const bad = [];
  document.querySelectorAll('.ga-panel *, .ga-head *, .ga-legend *').forEach(el => {
    const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.offsetParent) return;
    const s = getComputedStyle(el); const l1 = lum(s.color), l2 = lum(bg(el));
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    const large = parseFloat(s.fontSize) >= 24 || (parseFloat(s.fontSize) >= 18.66 && Number(s.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) bad.push(el.className + ' ' + ratio.toFixed(2) + ' ' + el.textContent.slice(0, 30));
  });
  return bad;
}
"""


@pytest.mark.parametrize("map_id", sorted(MAPS))
def test_text_contrast_passes_wcag_aa(probe, built_pages, map_id):
    page = probe.open(built_pages / f"{map_id}.html")
    assert page.evaluate(CONTRAST_JS) == []
