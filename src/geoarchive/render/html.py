"""One self-contained HTML page per map: folium with Leaflet inlined, no network request at all.

The page holds the map (embedded Natural Earth basemap, one toggleable layer per spec layer, a
popup per feature with its quoted passage, citation, measures and certainty, a legend), and a
side panel with the documents' text, every place mention highlighted and linked to the map, and
a list of the features as a text alternative.
"""

from __future__ import annotations

import html
import json
import re
from typing import Iterable

import folium
import shapely
from shapely.geometry import Point, mapping

from .. import geometry as G
from ..errors import GeoarchiveError
from ..spec import BuiltFeature, BuiltMap, Citation
from .assets import LEAFLET_VERSION, gesture_css, gesture_js, leaflet_css, leaflet_js
from .basemap import BASEMAP_ATTRIBUTION, basemap_for
from .page import PAGE_CSS, PAGE_JS, document_panel
from .plugins import BindPopup, BindTooltip, InlineAsset, PageScript

__all__ = ["render_html", "render_embed", "popup_html", "format_measures", "check_offline", "OfflineError"]

DEFAULT_COLOR = "#444444"
_ALLOWED_LINK_HOSTS = ("leafletjs.com", "www.naturalearthdata.com", "www.geonames.org", "www.openstreetmap.org")
ONLINE_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


class OfflineError(GeoarchiveError):
    """A built page would load something from the network."""


def _sig(x: float, digits: int = 3) -> str:
    if x == 0:
        return "0"
    from math import floor, log10

    rounded = round(x, -int(floor(log10(abs(x)))) + (digits - 1))
    return f"{rounded:,.0f}" if abs(rounded) >= 1 else f"{rounded:g}"


def format_measures(m: dict) -> str:
    """Measures in words, to sensible precision.

    >>> format_measures({"area_km2": 37078.0, "share": 0.473, "share_of": "Hokkaido"})
    '≈ 37,100 km² (47 % of Hokkaido)'
    >>> format_measures({"length_km": 245.0})
    '≈ 245 km long'
    """
    parts = []
    if "area_km2" in m:
        s = f"≈ {_sig(m['area_km2'])} km²"
        if "share" in m and m.get("share_of"):
            s += f" ({m['share'] * 100:.0f} % of {m['share_of']})"
        parts.append(s)
    if "width_km" in m:
        parts.append(f"a band {m['width_km']:g} km wide along a course of ≈ {_sig(m['length_km'])} km")
    elif "length_km" in m:
        parts.append(f"≈ {_sig(m['length_km'])} km long")
    if "lat" in m:
        parts.append(f"{abs(m['lat']):.3f}°{'N' if m['lat'] >= 0 else 'S'}, {abs(m['lon']):.3f}°{'E' if m['lon'] >= 0 else 'W'}")
    return "; ".join(parts)


def _quote_html(c: Citation) -> str:
    """The whole passage, escaped, with the quoted words marked."""
    text = c.passage_text
    a = c.anchor.start - c.passage_start
    b = a + len(c.anchor.exact)
    return (html.escape(text[:a]) + "<mark>" + html.escape(text[a:b]) + "</mark>" + html.escape(text[b:])).replace("\n", "<br>")


def citation_line(c: Citation) -> str:
    bits = [f"<cite>{html.escape(c.document_title)}</cite>", html.escape(c.document_date)]
    if c.archive_citation:
        bits.append(html.escape(c.archive_citation))
    return ", ".join(bits) + f" <span class=\"ga-pid\">(passage {html.escape(c.passage_id)})</span>"


def popup_html(f: BuiltFeature) -> str:
    """A feature's popup: label, measures, certainty in words, quoted passages with citations."""
    out = [f'<div class="ga-popup" data-feature="{html.escape(f.id)}">', f"<h3>{html.escape(f.label)}</h3>"]
    measures = format_measures(f.measures)
    if measures:
        out.append(f'<p class="ga-measures">{html.escape(measures)}</p>')
    out.append(f'<p class="ga-certainty ga-{f.certainty}">{html.escape(f.certainty_words)}</p>')
    for c in f.citations:
        out.append(f'<blockquote data-passage="{html.escape(c.passage_id)}">{_quote_html(c)}</blockquote>')
        out.append(f'<p class="ga-cite">— {citation_line(c)}</p>')
    if f.note:
        out.append(f'<p class="ga-note">{html.escape(f.note)}</p>')
    out.append("</div>")
    return "".join(out)


def _style(f: BuiltFeature) -> dict:
    s = f.style
    color = s.get("color", DEFAULT_COLOR)
    filled = f.kind in ("zone", "corridor")
    style = {
        "color": color,
        "weight": s.get("weight", 2),
        "opacity": 0.95,
        "fill": filled,
        "fillColor": color,
        "fillOpacity": s.get("fill_opacity", 0.3) if filled else 0,
        "className": f"ga-feature ga-f-{f.id}",
    }
    if s.get("dash"):
        style["dashArray"] = s["dash"]
    return style


def script_json(obj) -> str:
    """JSON safe to put inside a ``<script>``: no ``</script>``, ``<!--`` or ``&`` can appear.

    >>> print(script_json({"a": "</script>&"}))
    {"a": "\\u003c/script\\u003e\\u0026"}
    """
    return json.dumps(obj, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _round(geom, decimals: int = 4):
    return shapely.set_precision(geom, 10 ** -decimals)


def _feature_layer(f: BuiltFeature, decimals: int = 4, tolerance: float = 0.0) -> folium.map.Layer:
    """The Leaflet layer of one feature, simplified to ``tolerance`` degrees for the map's extent."""
    style = _style(f)
    if f.kind == "point" and isinstance(f.geometry, Point):
        return folium.CircleMarker(
            location=[f.geometry.y, f.geometry.x], radius=7, color="#ffffff", weight=2, fill=True,
            fill_color=style["color"], fill_opacity=1.0, class_name=style["className"],
        )
    # separate features rather than a GeometryCollection: Leaflet 1.9's tooltips break on nested groups
    geom = shapely.simplify(f.geometry, tolerance, preserve_topology=True) if tolerance else f.geometry
    parts = [geom, G.arrow_head(f.geometry)] if f.kind == "arrow" else [geom]
    data = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"id": f.id, "head": i == 1}, "geometry": mapping(_round(g, decimals))}
        for i, g in enumerate(parts)]}
    head = {**style, "fill": True, "fillOpacity": 0.95}

    def style_function(feature, s=style, h=head):
        return h if feature["properties"].get("head") else s

    return folium.GeoJson(data, style_function=style_function, highlight_function=lambda _x, s=style: {
        "weight": s["weight"] + 2, "fillOpacity": min(1.0, s["fillOpacity"] + 0.2) if s["fill"] else 0})


def _legend_html(features: Iterable[BuiltFeature]) -> str:
    rows, seen = [], set()
    for f in features:
        if f.legend in seen:
            continue
        seen.add(f.legend)
        color = html.escape(f.style.get("color", DEFAULT_COLOR))
        if f.kind == "point":
            sw = f'<span class="ga-sw ga-sw-point" style="background:{color}"></span>'
        elif f.kind in ("line", "arrow"):
            dash = "dashed" if f.style.get("dash") else "solid"
            sw = f'<span class="ga-sw ga-sw-line" style="border-top:3px {dash} {color}"></span>'
        else:
            sw = f'<span class="ga-sw ga-sw-zone" style="background:{color}"></span>'
        rows.append(f"<li>{sw}{html.escape(f.legend)}</li>")
    certainty = ("<li class=\"ga-legend-note\">Dashed outlines: approximate or uncertain; "
                 "open a feature for its passage and certainty.</li>")
    return (f'<details class="ga-legend" open><summary><h2>Legend</h2></summary>'
            f'<ul>{"".join(rows)}{certainty}</ul></details>')


def render_html(built: BuiltMap, *, mentions: dict | None = None, decimals: int = 4) -> str:
    """The whole page for ``built`` as one self-contained HTML string.

    ``mentions`` maps document id → list of :class:`~geoarchive.mentions.Mention` to highlight in
    the text panel. Raises :class:`OfflineError` if the page would fetch anything.
    """
    w, s, e, n = built.bounds
    m = folium.Map(location=[(s + n) / 2, (w + e) / 2], zoom_start=5, tiles=None, control_scale=True,
                   prefer_canvas=False, zoom_snap=0.25)
    m.default_js, m.default_css = [], []  # everything below is inlined instead of fetched
    root = m.get_root()
    root.header.add_child(InlineAsset("css", leaflet_css()), name="leaflet_css")
    root.header.add_child(InlineAsset("css", PAGE_CSS), name="geoarchive_css")
    root.header.add_child(InlineAsset("js", leaflet_js()), name="leaflet_js")
    root.header.add_child(InlineAsset("css", gesture_css()), name="gesture_css")
    root.header.add_child(InlineAsset("js", gesture_js()), name="gesture_js")
    root.header.add_child(folium.Element(f"<title>{html.escape(built.title)}</title>"), name="title")

    base = folium.GeoJson(
        basemap_for(built.bounds), name="Basemap (present-day borders)", control=False, interactive=False,
        style_function=lambda _x: {"color": "#b9b2a6", "weight": 0.6, "fillColor": "#f3f0ea", "fillOpacity": 1,
                                   "className": "ga-basemap"},
    )
    base.add_to(m)
    # off by default: the page makes no request unless a reader switches this on
    tiles = folium.TileLayer(
        ONLINE_TILES, name="Online map tiles (OpenStreetMap; needs internet)", overlay=True, show=False,
        control=True, max_zoom=18,
        attr='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
    )
    tiles.add_to(m)
    registry: dict[str, str] = {}
    tolerance = max(e - w, n - s) / 5000  # about a fifth of a pixel on a 1000-pixel view of the frame
    for layer_id, title in built.layers:
        group = folium.FeatureGroup(name=html.escape(title), show=True)
        group.add_to(m)
        for f in (f for f in built.features if f.layer == layer_id):
            layer = _feature_layer(f, decimals, tolerance)
            layer.add_child(BindPopup(popup_html(f)))
            layer.add_child(BindTooltip(html.escape(f.label)))
            layer.add_to(group)
            registry[f.id] = layer.get_name()
        registry[f"layer:{layer_id}"] = group.get_name()
    control = folium.LayerControl(collapsed=False, position="topright")
    control.add_to(m)
    registry["control:layers"] = control.get_name()
    registry["layer:tiles"] = tiles.get_name()
    m.fit_bounds([[s, w], [n, e]], padding=(24, 24))

    features_js = "{" + ",".join(f"{script_json(k)}: {v}" for k, v in registry.items()) + "}"
    places = {f.id: f.places for f in built.features}
    config = {
        "attribution": f"{BASEMAP_ATTRIBUTION} · Leaflet {LEAFLET_VERSION} · geoarchive",
        "legend": _legend_html(built.features),
        "places": places,
        "passages": {f.id: [f"{c.document_id}--{c.passage_id}" for c in f.citations] for f in built.features},
        "labels": {f.id: f"{f.label} ({f.kind}; {f.certainty}). Press to read its passage." for f in built.features},
        "layerTitles": {**{f"layer:{lid}": title for lid, title in built.layers},
                        "layer:tiles": "Online map tiles (OpenStreetMap; needs internet)"},
    }
    m.add_child(PageScript(f"window.geoarchive.init(map, {features_js}, {script_json(config)});"))
    root.header.add_child(InlineAsset("js", PAGE_JS), name="geoarchive_js")
    root.html.add_child(folium.Element(document_panel(built, mentions or {})), name="panel")

    page = root.render()
    page = _fix_head(page, built)
    check_offline(page, allowed_urls=[d.meta.get("url") for d in built.documents if d.meta.get("url")])
    return page


def render_embed(built: BuiltMap, page_url: str | None = None) -> str:
    """A ready-to-paste snippet: a responsive, lazily loaded ``<iframe>`` with a title.

    >>> from types import SimpleNamespace as NS
    >>> print(render_embed(NS(id="x", title="A & B")).splitlines()[3].strip())
    <iframe src="x.html" title="Map: A &amp; B" loading="lazy" allowfullscreen
    """
    src = html.escape(page_url or f"{built.id}.html", quote=True)
    title = html.escape(built.title, quote=True)
    return (
        f"<!-- geoarchive map “{built.title.replace('--', '—')}”: copy {built.id}.html next to the page you paste this into\n"
        "     (or change src to where it is). Scroll wheel zoom needs ctrl/⌘ inside the frame. -->\n"
        '<div style="position:relative;width:100%;max-width:64rem;aspect-ratio:4/3;height:auto">\n'
        f'  <iframe src="{src}" title="Map: {title}" loading="lazy" allowfullscreen\n'
        '          style="position:absolute;inset:0;width:100%;height:100%;border:1px solid #ccc"></iframe>\n'
        "</div>\n"
    )


def _fix_head(page: str, built: BuiltMap) -> str:
    """``<html lang>``, a zoomable viewport, and a description for search and previews."""
    page = page.replace("<html>", '<html lang="en">', 1)
    page = re.sub(r'<meta name="viewport"[^>]*>', '<meta name="viewport" content="width=device-width, initial-scale=1">', page)
    desc = html.escape(built.description or built.title, quote=True)
    return page.replace("<head>", f'<head>\n<meta charset="utf-8">\n<meta name="description" content="{desc}">', 1)


_REMOTE = re.compile(r"""(?:\b(src|href)\s*=\s*\\?["']?\s*|url\(\s*["']?)(https?://[^\s"'<>)\\]+)""", re.IGNORECASE)


def check_offline(page: str, allowed_urls: Iterable[str] = ()) -> None:
    """Raise :class:`OfflineError` if ``page`` has an ``http(s)://`` in a ``src``, ``href`` or CSS
    ``url(`` — except links (``<a href>``) to attribution hosts and the documents' archive pages.

    >>> check_offline('<a href="https://leafletjs.com">Leaflet</a>')
    >>> check_offline('<script src="https://cdn.example/x.js"></script>')
    Traceback (most recent call last):
    ...
    geoarchive.render.html.OfflineError: the page would load https://cdn.example/x.js (src); it must work offline
    """
    allowed = set(allowed_urls)
    for m in _REMOTE.finditer(page):
        attr, url = m.group(1), m.group(2)
        before = page[max(0, m.start() - 200):m.start()]
        is_link = attr and attr.lower() == "href" and re.search(r"(<|\\u003c)a\s(?:(?!<|\\u003c).)*$", before)
        host = url.split("/")[2] if url.count("/") >= 2 else ""
        if is_link and (host in _ALLOWED_LINK_HOSTS or url in allowed):
            continue
        raise OfflineError(f"the page would load {url} ({attr or 'css url'}); it must work offline")
