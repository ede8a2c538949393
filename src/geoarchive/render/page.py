"""The page around the map: layout CSS, the small script that links text and map, the text panel."""

from __future__ import annotations

import html

from ..spec import BuiltMap
from .. import spec as _spec

__all__ = ["PAGE_CSS", "PAGE_JS", "document_panel"]

PAGE_CSS = """
html, body { height: 100%; margin: 0; padding: 0; }
body { display: grid; grid-template-columns: minmax(0, 1fr) minmax(300px, 36%);
  grid-template-rows: auto minmax(0, 1fr); grid-template-areas: "head head" "map panel";
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK JP", sans-serif;
  color: #1d1d1d; background: #fff; }
.ga-head { grid-area: head; padding: .5rem 1rem; border-bottom: 1px solid #d0d0d0; background: #fafafa; }
.ga-head h1 { font-size: 1.15rem; margin: 0; }
.ga-head p { margin: .2rem 0 0; font-size: .9rem; color: #3b3b3b; max-width: 70rem; }
.folium-map { grid-area: map; position: relative !important; width: 100% !important; height: 100% !important;
  min-height: 320px; }
.leaflet-container { background: #dce8ef; font: inherit; }
.ga-panel { grid-area: panel; overflow-y: auto; border-left: 1px solid #d0d0d0; padding: .5rem 1rem 2rem; }
.ga-panel h2 { font-size: 1.05rem; margin: 1rem 0 .3rem; }
.ga-doc-meta { font-size: .85rem; color: #3b3b3b; margin: 0 0 .5rem; }
.ga-passage { margin: .45rem 0; padding: .15rem .35rem; border-left: 3px solid transparent; white-space: pre-line; }
.ga-kind-heading, .ga-kind-date { font-size: .85rem; color: #555; }
.ga-kind-title { font-weight: 600; }
.ga-repeat { color: #555; font-size: .9rem; }
.ga-repeat::before { content: attr(data-repeat-note); display: block; font-size: .75rem; color: #595959; }
.ga-passage.ga-active { border-left-color: #b2182b; background: #fff4d6; }
.ga-mention { background: #fde9a9; border-bottom: 2px solid #8a6d00; cursor: pointer; border-radius: 2px; }
.ga-mention:hover { background: #fbd55a; }
:focus-visible { outline: 3px solid #0b5cad; outline-offset: 2px; }
.ga-features ol { padding-left: 1.3rem; }
.ga-features li { margin: .5rem 0; }
.ga-features button, .ga-show { font: inherit; font-size: .85rem; padding: .1rem .5rem; cursor: pointer;
  border: 1px solid #555; border-radius: 4px; background: #fff; color: #1d1d1d; }
.ga-popup h3 { font-size: 1rem; margin: 0 0 .3rem; }
.ga-popup blockquote { margin: .4rem 0; padding: .3rem .5rem; border-left: 3px solid #b2182b; background: #f7f7f7;
  max-height: 10rem; overflow-y: auto; white-space: normal; font-size: .85rem; }
.ga-popup mark, .ga-features mark { background: #ffe066; color: inherit; }
.ga-measures { font-weight: 600; margin: .2rem 0; }
.ga-certainty { margin: .2rem 0; font-size: .85rem; }
.ga-cite { font-size: .8rem; color: #3b3b3b; margin: .2rem 0; }
.ga-pid { color: #595959; }
.ga-note { font-size: .8rem; color: #3b3b3b; font-style: italic; }
.ga-legend { background: rgba(255,255,255,.95); padding: .4rem .6rem; border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0,0,0,.3); max-width: 17rem; font-size: .8rem; }
.ga-legend h2 { font-size: .85rem; margin: 0 0 .2rem; display: inline; }
.ga-legend summary { cursor: pointer; }
.ga-legend ul { list-style: none; margin: 0; padding: 0; }
.ga-legend li { display: flex; align-items: center; gap: .4rem; margin: .15rem 0; }
.ga-legend-note { color: #3b3b3b; font-size: .75rem; }
.ga-sw { display: inline-block; width: 1.4rem; flex: none; }
.ga-sw-zone { height: .8rem; opacity: .6; border: 1px solid #333; }
.ga-sw-line { height: 0; }
.ga-sw-point { width: .7rem; height: .7rem; border-radius: 50%; border: 2px solid #fff; box-shadow: 0 0 0 1px #333; }
.ga-notice { position: sticky; top: 0; background: #fff4d6; border: 1px solid #8a6d00; padding: .3rem .5rem;
  font-size: .85rem; display: none; }
.ga-notice.ga-on { display: block; }
.ga-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
@media (max-width: 720px) {
  html, body { height: auto; }
  body { grid-template-columns: minmax(0, 1fr); grid-template-rows: auto 62vh auto;
    grid-template-areas: "head" "map" "panel"; }
  .ga-head p { font-size: .8rem; }
  .leaflet-control-attribution { font-size: 9px; max-width: 60%; }
  .ga-panel { border-left: 0; border-top: 1px solid #d0d0d0; overflow: visible; }
}
@media print {
  html, body { height: auto; }
  body { display: block; }
  .folium-map { height: 16cm !important; page-break-after: always; }
  .leaflet-control-layers, .leaflet-control-zoom { display: none; }
  .ga-panel { border: 0; overflow: visible; }
  .ga-features button { display: none; }
}
"""

PAGE_JS = r"""
window.geoarchive = (function () {
  var api = {};
  api.init = function (map, features, config) {
    api.map = map; api.features = features; api.config = config;
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(config.attribution);
    var legend = L.control({position: "bottomleft"});
    legend.onAdd = function () {
      var div = L.DomUtil.create("div");
      div.innerHTML = config.legend;
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    legend.addTo(map);
    if (window.matchMedia && window.matchMedia("(max-width: 720px)").matches) { api.compact(); }
    if (window.self !== window.top && map.gestureHandling) { map.gestureHandling.enable(); }
    Object.keys(features).forEach(function (id) {
      if (id.indexOf(":") >= 0) { return; }
      var label = (config.labels || {})[id] || id;
      var tag = function (layer) {
        var el = layer.getElement && layer.getElement();
        if (el) { el.setAttribute("role", "img"); el.setAttribute("aria-label", label); }
      };
      if (features[id].eachLayer) { features[id].eachLayer(tag); } else { tag(features[id]); }
    });
    Object.keys(features).forEach(function (id) {
      if (id.indexOf(":") >= 0) { return; }
      features[id].on("popupopen", function () { api.highlightPassages(id); });
    });
    document.querySelectorAll("[data-place]").forEach(function (el) {
      el.addEventListener("click", function () { api.showPlace(el.getAttribute("data-place"), el); });
      el.addEventListener("keydown", function (ev) {
        if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); api.showPlace(el.getAttribute("data-place"), el); }
      });
    });
    document.querySelectorAll("[data-show-feature]").forEach(function (el) {
      el.addEventListener("click", function () { api.showFeature(el.getAttribute("data-show-feature")); });
    });
    document.documentElement.setAttribute("data-map-ready", "1");
    if (window.performance && performance.mark) { performance.mark("geoarchive-map-ready"); }
  };
  // small screens: the layer list folds into its button and the legend closes, to leave the map visible
  api.compact = function () {
    var old = api.features["control:layers"], overlays = {};
    Object.keys(api.config.layerTitles).forEach(function (key) {
      if (api.features[key]) { overlays[api.config.layerTitles[key]] = api.features[key]; }
    });
    if (old) { api.map.removeControl(old); }
    L.control.layers(null, overlays, {collapsed: true, position: "topright"}).addTo(api.map);
    var legend = document.querySelector("details.ga-legend");
    if (legend) { legend.removeAttribute("open"); }
  };
  api.featureFor = function (placeId) {
    var best = null, bestCount = 1e9;
    Object.keys(api.config.places).forEach(function (fid) {
      var places = api.config.places[fid];
      if (places.indexOf(placeId) >= 0 && places.length < bestCount && api.map.hasLayer(api.features[fid])) {
        best = fid; bestCount = places.length;
      }
    });
    return best;
  };
  api.showFeature = function (fid) {
    var layer = api.features[fid];
    if (!layer) { return false; }
    if (layer.getBounds) {
      api.map.flyToBounds(layer.getBounds(), {padding: [40, 40], maxZoom: 8, duration: 0.6});
    } else {
      api.map.flyTo(layer.getLatLng(), Math.max(api.map.getZoom(), 7), {duration: 0.6});
    }
    // open once the flight ends, so that the popup's auto-pan does not fight the flight
    var opened = false;
    var open = function () { if (!opened) { opened = true; layer.openPopup(); } };
    api.map.once("moveend", open);
    setTimeout(open, 1500);
    return true;
  };
  api.showPlace = function (placeId, source) {
    var notice = document.getElementById("ga-notice");
    var fid = api.featureFor(placeId);
    if (!fid) {
      notice.textContent = "“" + (source ? source.textContent : placeId) + "” is not drawn on this map (or its layer is hidden).";
      notice.classList.add("ga-on");
      return null;
    }
    notice.classList.remove("ga-on");
    api.showFeature(fid);
    return fid;
  };
  api.highlightPassages = function (fid) {
    document.querySelectorAll(".ga-passage.ga-active").forEach(function (el) { el.classList.remove("ga-active"); });
    var first = null;
    (api.config.passages[fid] || []).forEach(function (key) {
      var el = document.getElementById(key);
      if (el) { el.classList.add("ga-active"); first = first || el; }
    });
    if (first) { first.scrollIntoView({block: "center", behavior: "smooth"}); }
    return first ? first.id : null;
  };
  return api;
})();
"""


def _passage_html(doc, passage, mentions) -> str:
    text = passage.text
    out, pos = [], 0
    for m in mentions:
        if m.start < passage.start or m.end > passage.end:
            continue
        a, b = m.start - passage.start, m.end - passage.start
        out.append(html.escape(text[pos:a]))
        label = html.escape(f"{m.surface} — show on the map", quote=True)
        out.append(f'<span class="ga-mention" role="button" tabindex="0" data-place="{html.escape(m.place_id)}" '
                   f'aria-label="{label}">{html.escape(text[a:b])}</span>')
        pos = b
    out.append(html.escape(text[pos:]))
    classes = f"ga-passage ga-kind-{passage.kind}"
    extra = ""
    if not passage.canonical:
        classes += " ga-repeat"
        extra = f' data-repeat-note="Second reading (scan OCR) of passage {html.escape(passage.variant_of)}"'
    pid = f"{doc.id}--{passage.id}"
    return f'<p id="{html.escape(pid)}" class="{classes}" data-passage-id="{html.escape(passage.id)}"{extra}>{"".join(out)}</p>'


def document_panel(built: BuiltMap, mentions: dict) -> str:
    """The side panel: notice area, each document's metadata and text, the feature list."""
    from .html import format_measures, citation_line

    parts = ['<aside class="ga-panel" aria-label="Documents and features">',
             '<div id="ga-notice" class="ga-notice" role="status" aria-live="polite"></div>']
    for doc in built.documents:
        meta = doc.meta
        bits = [html.escape(doc.date.isoformat())]
        if doc.citation:
            bits.append(html.escape(doc.citation))
        if meta.get("translator"):
            bits.append("translated by " + html.escape(str(meta["translator"])))
        link = ""
        if meta.get("url"):
            u = html.escape(meta["url"], quote=True)
            link = f' <a href="{u}">Archive record</a>'
        parts.append(f'<section class="ga-doc" aria-label="{html.escape(doc.title, quote=True)}">'
                     f"<h2>{html.escape(doc.title)}</h2><p class=\"ga-doc-meta\">{' · '.join(bits)}.{link}</p>")
        doc_mentions = sorted(mentions.get(doc.id, []), key=lambda m: m.start)
        for p in doc.passages:
            parts.append(_passage_html(doc, p, doc_mentions))
        parts.append("</section>")
    parts.append('<section class="ga-features" aria-label="Features on this map"><h2>Features on this map</h2><ol>')
    for f in built.features:
        quotes = "".join(
            f"<blockquote>“{html.escape(c.anchor.exact)}”</blockquote><p class=\"ga-cite\">— {citation_line(c)}</p>"
            for c in f.citations
        )
        measures = format_measures(f.measures)
        parts.append(
            f'<li data-feature="{html.escape(f.id)}"><strong>{html.escape(f.label)}</strong>'
            f'{" — " + html.escape(measures) if measures else ""}. '
            f'<span class="ga-certainty">{html.escape(f.certainty_words)}</span> '
            f'<button type="button" data-show-feature="{html.escape(f.id)}">Show on map</button>{quotes}</li>'
        )
    parts.append("</ol></section></aside>")
    head = (f'<header class="ga-head"><h1>{html.escape(built.title)}</h1>'
            f'<p>{html.escape(built.description)}</p></header>')
    return head + "".join(parts)
