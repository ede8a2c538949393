"""``geoarchive build``: everything the README's build command does, as a library call.

For now it validates the gazetteer and the seed documents and reports what it found; the map
builder hooks in here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from .gazetteer import Gazetteer
from .paths import default_seeds_dir
from .sources import load_documents

__all__ = ["build_all"]


def build_all(gazetteer: Gazetteer, seeds: Path | None = None, echo: Callable[[str], None] = print) -> None:
    """Validate the gazetteer (already checked on load) and the documents in ``seeds``."""
    n_names = sum(len(p.names) for p in gazetteer)
    echo(f"gazetteer {gazetteer.directory}: {len(gazetteer)} places, {n_names} names: OK")
    for doc in load_documents(seeds or default_seeds_dir()):
        echo(f"document {doc.id}: {doc.title!r}, {doc.date.isoformat()}, {len(doc.text):,} characters: OK")
