"""Printable maps (PNG, SVG, PDF) drawn with matplotlib through geopandas, for handouts.

The same features as the page, in a local equal-area projection, with title, legend, scale bar,
north arrow and the documents' citations.
"""

from __future__ import annotations

import io
import textwrap

import geopandas as gpd
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from shapely.geometry import box, shape  # noqa: E402

from .. import geometry as G  # noqa: E402
from ..spec import BuiltMap  # noqa: E402
from .basemap import BASEMAP_ATTRIBUTION, basemap_for  # noqa: E402
from .html import DEFAULT_COLOR, format_measures  # noqa: E402

__all__ = ["render_static", "STATIC_FORMATS"]

STATIC_FORMATS = ("png", "svg", "pdf")


def _dash(style: dict):
    if not style.get("dash"):
        return "solid"
    nums = [float(x) for x in style["dash"].split()]
    return (0, tuple(n / 2 for n in nums))


def _nice(x: float) -> float:
    from math import floor, log10

    e = 10 ** floor(log10(x))
    return max(m * e for m in (1, 2, 5, 10) if m * e <= x)


def render_static(built: BuiltMap, fmt: str = "png", dpi: int = 150) -> bytes:
    """The map as a PNG, SVG or PDF document (A4 landscape)."""
    if fmt not in STATIC_FORMATS:
        raise ValueError(f"format must be one of {', '.join(STATIC_FORMATS)}")
    w, s, e, n = built.bounds
    lon0, lat0 = (w + e) / 2, (s + n) / 2
    crs = f"+proj=laea +lat_0={lat0:.3f} +lon_0={lon0:.3f} +datum=WGS84 +units=m"
    fig = plt.figure(figsize=(11.69, 8.27))
    ax = fig.add_axes((0.03, 0.15, 0.70, 0.71))
    fx0, fy0, fx1, fy1 = gpd.GeoSeries([box(w, s, e, n)], crs=4326).to_crs(crs).total_bounds
    # grow the frame to the axes' shape, so the map fills its box (equal scale on both axes)
    box_aspect = (0.70 * 11.69) / (0.71 * 8.27)
    cx, cy = (fx0 + fx1) / 2, (fy0 + fy1) / 2
    half_w, half_h = (fx1 - fx0) * 0.54, (fy1 - fy0) * 0.54
    if half_w / half_h > box_aspect:
        half_h = half_w / box_aspect
    else:
        half_w = half_h * box_aspect
    ax.set_facecolor("#dce8ef")
    base = basemap_for(built.bounds, detail=1200)
    if base["features"]:
        gpd.GeoSeries([shape(f["geometry"]) for f in base["features"]], crs=4326).to_crs(crs).plot(
            ax=ax, color="#f3f0ea", edgecolor="#b9b2a6", linewidth=0.4, zorder=1)
    handles, seen = [], set()
    for z, f in enumerate(built.features, start=2):
        color = f.style.get("color", DEFAULT_COLOR)
        geo = gpd.GeoSeries([f.geometry], crs=4326).to_crs(crs)
        if f.kind in ("zone", "corridor"):
            geo.plot(ax=ax, color=color, alpha=max(0.15, f.style.get("fill_opacity", 0.3)), zorder=z)
            geo.boundary.plot(ax=ax, color=color, linewidth=f.style.get("weight", 1.5) * 0.6,
                              linestyle=_dash(f.style), zorder=z)
            handle = Patch(facecolor=color, alpha=0.5, edgecolor=color, label=textwrap.fill(f.legend, 38))
        elif f.kind in ("line", "arrow"):
            geo.plot(ax=ax, color=color, linewidth=f.style.get("weight", 2) * 0.8, linestyle=_dash(f.style), zorder=z)
            if f.kind == "arrow":
                gpd.GeoSeries([G.arrow_head(f.geometry)], crs=4326).to_crs(crs).plot(ax=ax, color=color, zorder=z)
            handle = Line2D([], [], color=color, linewidth=2, linestyle=_dash(f.style), label=textwrap.fill(f.legend, 38))
        else:
            geo.plot(ax=ax, color=color, markersize=40, edgecolor="white", linewidth=1, zorder=z + 100)
            pt = geo.iloc[0]
            ax.annotate(f.label, (pt.x, pt.y), xytext=(6, 6), textcoords="offset points", fontsize=9, zorder=300,
                        bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.8))
            handle = Line2D([], [], marker="o", color="white", markerfacecolor=color, markersize=8,
                            label=textwrap.fill(f.legend, 38))
        if f.legend not in seen:
            seen.add(f.legend)
            handles.append(handle)
    ax.set_xlim(cx - half_w, cx + half_w)
    ax.set_ylim(cy - half_h, cy + half_h)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    # scale bar: a round number of km about a fifth of the width, at the bottom left
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    km = _nice((x1 - x0) / 5 / 1000)
    bx, by = x0 + (x1 - x0) * 0.04, y0 + (y1 - y0) * 0.05
    ax.plot([bx, bx + km * 1000], [by, by], color="black", linewidth=3, zorder=400)
    ax.text(bx + km * 500, by + (y1 - y0) * 0.015, f"{km:g} km", ha="center", fontsize=9, zorder=400,
            bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.8))
    ax.annotate("N", xy=(x1 - (x1 - x0) * 0.04, y1 - (y1 - y0) * 0.05), ha="center", fontsize=11, weight="bold",
                xytext=(x1 - (x1 - x0) * 0.04, y1 - (y1 - y0) * 0.13),
                arrowprops=dict(arrowstyle="->", linewidth=1.5), zorder=400)
    fig.text(0.03, 0.955, built.title, fontsize=15, weight="bold", va="top")
    fig.text(0.03, 0.918, "\n".join(textwrap.wrap(built.description, 170)[:3]), fontsize=8, va="top")
    legend_ax = fig.add_axes((0.745, 0.15, 0.24, 0.71))
    legend_ax.axis("off")
    legend = legend_ax.legend(handles=handles, loc="upper left", fontsize=8.5, frameon=False, title="Legend",
                              title_fontproperties={"weight": "bold"}, alignment="left")
    fig.canvas.draw()
    legend_bottom = legend.get_window_extent().transformed(legend_ax.transAxes.inverted()).y0
    notes = []
    for f in built.features:
        m = format_measures(f.measures)
        if m and f.kind != "point":
            notes.append(f"{f.label}: {m} ({f.certainty})")
    legend_ax.text(0, legend_bottom - 0.04, "Measures\n" + "\n".join(textwrap.fill(x, 52) for x in notes[:9]),
                   fontsize=7, va="top", transform=legend_ax.transAxes)
    cites = [f"{d.title}, {d.date.isoformat()}. {d.citation}" for d in built.documents]
    footer = "Sources: " + " | ".join(cites) + f".  {BASEMAP_ATTRIBUTION}. Made with geoarchive."
    fig.text(0.03, 0.12, "\n".join(textwrap.wrap(footer, 190)), fontsize=7.5, va="top")
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=dpi, metadata={"Title": built.title} if fmt != "png" else None)
    plt.close(fig)
    return buf.getvalue()
