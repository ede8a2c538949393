"""``geoarchive build``: every map spec into a page, as a library call.

Building is all-or-nothing: every spec is built and rendered in memory first, and only when all
succeeded are the files written (each atomically). A bad spec therefore leaves every file as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from .errors import SpecError
from .gazetteer import Gazetteer
from .gazetteer.store import dumps, write_atomic
from .mentions import MentionFinder, place_candidates
from .paths import default_maps_dir, default_seeds_dir
from .render import render_embed, render_html, to_geojson
from .render.overview import render_overview
from .sources import load_documents
from .spec import BuiltMap, build_map, load_spec

__all__ = ["Output", "spec_files", "build_outputs", "build_all", "write_outputs"]


@dataclass(frozen=True)
class Output:
    """One file to write: where, and what."""

    path: Path
    text: str | bytes


def spec_files(maps_dir: Path) -> list[Path]:
    """Every map spec (``*.yaml``) in ``maps_dir``, sorted."""
    files = sorted(Path(maps_dir).glob("*.yaml"))
    if not files:
        raise SpecError(f"{maps_dir}: no map specs (*.yaml) found")
    return files


def build_outputs(specs: Iterable[Path], gazetteer: Gazetteer, *, out_dir: Path, fmt: str = "html",
                  seeds: Path | None = None, output: Path | None = None, overview: bool = True,
                  echo: Callable[[str], None] = print) -> list[Output]:
    """Build and render ``specs`` in memory; raise on the first bad spec, writing nothing."""
    seeds = seeds or default_seeds_dir()
    finder = MentionFinder(gazetteer)
    mentions = {d.id: finder.find(d) for d in load_documents(seeds)}
    specs = list(specs)
    built: list[BuiltMap] = []
    outputs: list[Output] = []
    for i, path in enumerate(specs, 1):
        echo(f"[{i}/{len(specs)}] building {path.name} …")
        bm = build_map(load_spec(path), gazetteer, seeds)
        built.append(bm)
        if fmt == "geojson":
            text = dumps(to_geojson(bm))
            target = output or out_dir / f"{bm.id}.geojson"
        elif fmt in ("png", "svg", "pdf"):
            from .render.static import render_static  # matplotlib only when a print is asked for

            text = render_static(bm, fmt)
            target = output or out_dir / f"{bm.id}.{fmt}"
        else:
            text = render_html(bm, mentions={d.id: mentions.get(d.id, []) for d in bm.documents})
            target = output or out_dir / f"{bm.id}.html"
        outputs.append(Output(Path(target), text))
        if fmt == "html" and output is None:
            outputs.append(Output(out_dir / f"{bm.id}.embed.html", render_embed(bm)))
        size = len(text) if isinstance(text, bytes) else len(text.encode())
        echo(f"      {len(bm.features)} features, {size / 1024:.0f} KB → {target}")
    if fmt == "html" and overview and output is None:
        outputs.append(Output(out_dir / "index.html", render_overview(built)))
    return outputs


def write_outputs(outputs: list[Output]) -> None:
    for o in outputs:
        write_atomic(o.path, o.text)


def build_all(gazetteer: Gazetteer, seeds: Path | None = None, echo: Callable[[str], None] = print,
              maps_dir: Path | None = None, out_dir: Path | None = None) -> list[Output]:
    """Check the documents, report their mentions, then build every map in ``maps_dir``."""
    maps_dir = maps_dir or default_maps_dir()
    n_names = sum(len(p.names) for p in gazetteer)
    echo(f"gazetteer {gazetteer.directory}: {len(gazetteer)} places, {n_names} names: OK")
    finder = MentionFinder(gazetteer)
    for doc in load_documents(seeds or default_seeds_dir()):
        found = finder.find(doc)
        canonical = [m for m in found if m.canonical]
        places = sorted({m.place_id for m in found})
        echo(f"document {doc.id}: {len(doc.passages)} passages, {len(found)} mentions "
             f"({len(canonical)} in canonical readings) of {len(places)} places")
        unresolved = place_candidates(doc, found)
        if unresolved:
            echo("  unresolved place-like names: " + ", ".join(f"{n} ×{c}" for n, c in unresolved))
    outputs = build_outputs(spec_files(maps_dir), gazetteer, out_dir=out_dir or maps_dir, seeds=seeds, echo=echo)
    write_outputs(outputs)
    echo(f"wrote {len(outputs)} file(s) to {out_dir or maps_dir}")
    return outputs
