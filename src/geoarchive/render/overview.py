"""The overview page: every map with its documents, one offline file."""

from __future__ import annotations

import html

from ..spec import BuiltMap
from .html import check_offline

__all__ = ["render_overview"]

_CSS = """
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: #1d1d1d;
  max-width: 52rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-bottom: .2rem; }
.map { border-top: 1px solid #d0d0d0; padding: .5rem 0 1rem; }
.docs { font-size: .9rem; color: #3b3b3b; padding-left: 1.2rem; }
a { color: #0b5cad; } :focus-visible { outline: 3px solid #0b5cad; outline-offset: 2px; }
"""


def render_overview(maps: list[BuiltMap]) -> str:
    """A page listing each map (title, description, documents with citations, feature count)."""
    items = []
    for m in sorted(maps, key=lambda m: (m.date or m.documents[0].date, m.id)):
        docs = "".join(
            f"<li><cite>{html.escape(d.title)}</cite>, {html.escape(d.date.isoformat())}"
            f"{' — ' + html.escape(d.citation) if d.citation else ''}</li>"
            for d in m.documents
        )
        href = html.escape(f"{m.id}.html", quote=True)
        items.append(
            f'<section class="map"><h2><a href="{href}">{html.escape(m.title)}</a></h2>'
            f"<p>{html.escape(m.description)}</p><p>{len(m.features)} features in {len(m.layers)} layers, "
            f"from:</p><ul class=\"docs\">{docs}</ul></section>"
        )
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>geoarchive maps</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        "<h1>geoarchive: maps of archival documents</h1>\n"
        "<p>Each map draws what a document says, every feature linked to the passage it comes from. "
        "Each page is one file that works offline.</p>\n" + "\n".join(items) + "\n</body>\n</html>\n"
    )
    check_offline(page)
    return page
