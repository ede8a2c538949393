"""Leaflet's JavaScript and CSS, inlined from the ``xstatic-leaflet`` package (no CDN).

>>> css = leaflet_css()
>>> "url(data:image/png;base64," in css and "http" not in css.split("leaflet-control-layers-toggle")[1][:200]
True
"""

from __future__ import annotations

import base64
import re
from functools import lru_cache
from pathlib import Path

import xstatic.pkg.leaflet as _leaflet
import xstatic.pkg.leaflet_gesturehandling as _gestures

__all__ = ["leaflet_js", "leaflet_css", "gesture_js", "gesture_css", "LEAFLET_VERSION"]

LEAFLET_VERSION = _leaflet.VERSION
_DIR = Path(_leaflet.BASE_DIR)
_URL = re.compile(r"url\((['\"]?)(images/[^)'\"]+)\1\)")


@lru_cache(maxsize=1)
def leaflet_js() -> str:
    return (_DIR / "leaflet.js").read_text("utf-8").replace("//# sourceMappingURL=leaflet.js.map", "")


@lru_cache(maxsize=1)
def leaflet_css() -> str:
    """Leaflet's CSS with its image ``url()``s turned into data URIs."""

    def inline(m: re.Match) -> str:
        data = base64.b64encode((_DIR / m.group(2)).read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    return _URL.sub(inline, (_DIR / "leaflet.css").read_text("utf-8"))


@lru_cache(maxsize=1)
def gesture_js() -> str:
    """Leaflet.GestureHandling: ctrl/⌘ + scroll to zoom, two fingers to pan (used inside iframes)."""
    d = Path(_gestures.BASE_DIR)
    return re.sub(r"//# sourceMappingURL=\S+", "", (d / "leaflet-gesture-handling.min.js").read_text("utf-8"))


@lru_cache(maxsize=1)
def gesture_css() -> str:
    return (Path(_gestures.BASE_DIR) / "leaflet-gesture-handling.min.css").read_text("utf-8")
