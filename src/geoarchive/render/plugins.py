"""Small folium/branca elements that need no jQuery, Bootstrap or CDN.

folium's own ``Popup`` and ``Tooltip`` put their text inside JavaScript template literals (and
the popup needs jQuery); these bind content passed through ``tojson`` instead, so text from
documents or gazetteer entries can never break out of the script.
"""

from __future__ import annotations

from branca.element import Element, MacroElement
from jinja2 import Template

__all__ = ["BindPopup", "BindTooltip", "InlineAsset", "PageScript"]


class BindPopup(MacroElement):
    """Bind an (already escaped) HTML popup to the parent layer."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.bindPopup({{ this.html|tojson }}, {{ this.options|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, html: str, max_width: int = 440):
        super().__init__()
        self._name = "BindPopup"
        self.html = html
        self.options = {"maxWidth": max_width, "autoPanPadding": [24, 24]}


class BindTooltip(MacroElement):
    """Bind an (already escaped) tooltip to the parent layer."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.bindTooltip({{ this.html|tojson }}, {"sticky": true});
        {% endmacro %}
        """
    )

    def __init__(self, html: str):
        super().__init__()
        self._name = "BindTooltip"
        self.html = html


class InlineAsset(Element):
    """A ``<script>`` or ``<style>`` with inline content, for the page header."""

    def __init__(self, kind: str, content: str):
        tag = {"js": "script", "css": "style"}[kind]
        # a closing tag inside the content would end the element early
        safe = content.replace(f"</{tag}", f"<\\/{tag}")
        super().__init__(f"<{tag}>{safe}</{tag}>")


class PageScript(MacroElement):
    """Code that runs after every layer exists: ``map`` is the Leaflet map, ``ga`` the registry."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) { {{ this.code }} })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, code: str):
        super().__init__()
        self._name = "PageScript"
        self.code = code
