"""``geoarchive build``: everything the README's build command does, as a library call.

For now it validates the gazetteer and the seed documents, finds and resolves every place mention,
and reports what it found; the map builder hooks in here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from .gazetteer import Gazetteer
from .mentions import MentionFinder, place_candidates
from .paths import default_seeds_dir
from .sources import load_documents

__all__ = ["build_all"]


def build_all(gazetteer: Gazetteer, seeds: Path | None = None, echo: Callable[[str], None] = print) -> None:
    """Validate the gazetteer (already checked on load) and the documents in ``seeds``."""
    n_names = sum(len(p.names) for p in gazetteer)
    echo(f"gazetteer {gazetteer.directory}: {len(gazetteer)} places, {n_names} names: OK")
    finder = MentionFinder(gazetteer)
    for doc in load_documents(seeds or default_seeds_dir()):
        found = finder.find(doc)
        canonical = [m for m in found if m.canonical]
        places = sorted({m.place_id for m in found})
        unresolved = place_candidates(doc, found)
        echo(f"document {doc.id}: {doc.title!r}, {doc.date.isoformat()}, {len(doc.passages)} passages, "
             f"{len(found)} mentions ({len(canonical)} in canonical readings) of {len(places)} places: "
             f"{', '.join(places)}")
        if unresolved:
            echo("  unresolved place-like names: " + ", ".join(f"{n} ×{c}" for n, c in unresolved))
