"""The ``geoarchive`` command: a thin click layer over the library.

Commands only parse arguments, call the library and print; every :class:`GeoarchiveError`
becomes a message on stderr and a non-zero exit (1 for errors, 3 for an ambiguous name).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__
from .errors import AmbiguousPlace, GazetteerInvalid, GeoarchiveError, PlaceNotFound
from .gazetteer import Gazetteer
from .gazetteer.check import check_files
from .gazetteer.resolve import parse_date
from .gazetteer.store import place_files
from .paths import default_gazetteer_dir


class _Group(click.Group):
    """A click group that reports library errors cleanly instead of with a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except GeoarchiveError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(exc.exit_code)


def _gazetteer_dir(ctx: click.Context) -> Path:
    return ctx.obj["gazetteer"]


def _load(ctx: click.Context) -> Gazetteer:
    if "loaded" not in ctx.obj:
        ctx.obj["loaded"] = Gazetteer.load(_gazetteer_dir(ctx))
    return ctx.obj["loaded"]


def _date(ctx, param, value):
    try:
        return parse_date(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="geoarchive")
@click.option(
    "--gazetteer",
    "gazetteer_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="GEOARCHIVE_GAZETTEER",
    default=None,
    help="Gazetteer folder to use instead of the bundled one (env: GEOARCHIVE_GAZETTEER).",
)
@click.option(
    "--seeds",
    "seeds_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="GEOARCHIVE_SEEDS",
    default=None,
    help="Folder of source documents to use instead of the bundled seeds/ (env: GEOARCHIVE_SEEDS).",
)
@click.pass_context
def main(ctx: click.Context, gazetteer_dir: Path | None, seeds_dir: Path | None) -> None:
    """Turn archival documents into trustworthy, interactive historical maps."""
    ctx.ensure_object(dict)
    ctx.obj["gazetteer"] = gazetteer_dir or default_gazetteer_dir()
    ctx.obj["seeds"] = seeds_dir


# resolve -----------------------------------------------------------------------------------------
@main.command()
@click.argument("name")
@click.option("--date", callback=_date, metavar="YYYY[-MM[-DD]]", help="Prefer names and places valid on this date.")
@click.option("--json", "as_json", is_flag=True, help="Print the ranked candidates as JSON.")
@click.option("--all", "show_all", is_flag=True, help="List every candidate, not only the best.")
@click.pass_context
def resolve(ctx: click.Context, name: str, date, as_json: bool, show_all: bool) -> None:
    """Resolve a place NAME to gazetteer entries, best first.

    Tries the exact name, then case/diacritics/punctuation-insensitive, then variant names
    (old spellings, romanizations, [sic] forms), then fuzzy matching. Exits 1 when nothing
    matches (with the closest names), 3 when several places fit about equally well.

    \b
    Examples:
      geoarchive resolve "Rumoe [sic]"
      geoarchive resolve Karafuto --date 1945-08-16 --json
    """
    gaz = _load(ctx)
    res = gaz.resolve(name, date)
    if not res.candidates:
        raise PlaceNotFound(name, gaz.resolver.suggestions(name))
    if as_json:
        click.echo(json.dumps(res.to_dict(), ensure_ascii=False, indent=2))
    else:
        shown = res.candidates if (show_all or res.ambiguous) else res.candidates[:1]
        if res.ambiguous:
            click.echo(f"{name!r} is ambiguous; candidates:")
        for c in shown:
            click.echo(f"{c.place_id}\t{c.title}\tscore {c.score:g}\t{c.how}: {c.why}")
    if res.ambiguous:
        ctx.exit(AmbiguousPlace.exit_code)


# gazetteer ---------------------------------------------------------------------------------------
@main.group()
def gazetteer() -> None:
    """Inspect and validate the gazetteer."""


@gazetteer.command("check")
@click.pass_context
def gazetteer_check(ctx: click.Context) -> None:
    """Validate every entry: schema, geometry, unique ids, shared names, relations.

    Each problem names the file, the entry and what is wrong; exits 1 if there is any.
    Nothing is written.
    """
    directory = _gazetteer_dir(ctx)
    if not directory.is_dir():
        raise GeoarchiveError(f"{directory}: gazetteer folder not found")
    files = place_files(directory)
    places, problems = check_files(files)
    if problems:
        raise GazetteerInvalid(problems)
    n_names = sum(len(p.names) for p in places)
    click.echo(f"{directory}: {len(files)} file(s), {len(places)} place(s), {n_names} name(s): OK")


@gazetteer.command("add")
@click.option("--title", required=True, help="The preferred name (also the id, slugified, unless --id).")
@click.option("--id", "pid", help="Stable id: lower-case letters, digits, hyphens (default: from the title).")
@click.option("--fclass", default="P", show_default=True, type=click.Choice(list("AHLPRST")),
              help="Feature class: P town, A political unit, L region, T island/peninsula, H water, S site, R route.")
@click.option("--type", "types", multiple=True, help="Type label, e.g. island, inhabited place (repeatable).")
@click.option("--name", "names", multiple=True, metavar="TOPONYM[@LANG][:KIND][/START-END]",
              help="Another name, e.g. 'Port Arthur@en:historical/1898-1945' or '旅順@ja' (repeatable).")
@click.option("--lang", default="en", show_default=True, help="Language of the title.")
@click.option("--part-of", multiple=True, help="Id of a place this one is part of (repeatable).")
@click.option("--citation", help="Where the name is attested (a bibliographic label).")
@click.option("--description", help="One sentence on what the entry means.")
@click.option("--start", help="When the place began to exist as such (YYYY[-MM[-DD]]).")
@click.option("--end", help="When it ceased to (YYYY[-MM[-DD]]).")
@click.option("--point", metavar="LAT,LON", help="Geometry: a point, latitude first.")
@click.option("--wkt", help="Geometry: well-known text (longitude first).")
@click.option("--geojson", "geojson_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Geometry: a GeoJSON file (geometry, Feature, or a FeatureCollection of one).")
@click.option("--geocode", "query", help="Geometry: look QUERY up with a geocoder and take a candidate.")
@click.option("--geocoder", default="nominatim", show_default=True, help="geopy geocoder service name.")
@click.option("--endpoint", help="A Nominatim-compatible endpoint of your own, e.g. http://localhost:8080.")
@click.option("--user-agent", default=None, help="User agent for the geocoder (Nominatim requires one).")
@click.option("--api-key", envvar="GEOARCHIVE_GEOCODER_KEY", help="API key for geocoders that need one.")
@click.option("--pick", default=1, show_default=True, help="Which geocoder candidate to take (1 = best).")
@click.option("--timeout", default=10.0, show_default=True, help="Geocoder timeout in seconds.")
@click.option("--min-delay", default=1.0, show_default=True, help="Seconds between geocoder requests.")
@click.option("--certainty", type=click.Choice(["certain", "less-certain", "uncertain"]), default="certain",
              show_default=True)
@click.option("--precision", type=click.Choice(["precise", "rough"]), default=None,
              help="precise or rough (default: rough for points, precise otherwise).")
@click.option("--accuracy-m", type=float, help="Accuracy radius in metres.")
@click.option("--source", help="Where a typed geometry comes from (recorded as its provenance).")
@click.option("--dry-run", is_flag=True, help="Check and show the entry; write nothing.")
@click.pass_context
def gazetteer_add(ctx: click.Context, **o) -> None:
    """Add a new place: names, class, relations, citation and a geometry with its provenance.

    The geometry is a point (--point LAT,LON), WKT (--wkt), a GeoJSON file (--geojson) or a
    geocoder's candidate (--geocode QUERY; the candidates are listed, --pick chooses). Likely
    duplicates (a similar name within 30 km) are warned about; an id or a name that collides with
    an existing entry is refused. Nothing is written unless the whole entry is valid.

    \b
    Examples:
      geoarchive gazetteer add --title Honshu --fclass T --type island --point 36.0,138.0 \\
          --part-of japan --name 本州@ja --precision rough --source "island centre, by eye"
      geoarchive gazetteer add --title "Port Arthur" --geocode "Lüshunkou, Dalian" --name 旅順@ja
    """
    from .gazetteer.edit import add_place, likely_duplicates, manual_provenance, new_feature, parse_name, slugify
    from .gazetteer.geometry_input import parse_point, parse_wkt, read_geojson_geometry

    directory = _gazetteer_dir(ctx)
    given = [k for k in ("point", "wkt", "geojson_file", "query") if o[k]]
    if len(given) != 1:
        raise click.UsageError("give exactly one geometry: --point, --wkt, --geojson or --geocode")
    try:
        names = [parse_name(n) for n in o["names"]]
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--name") from None
    pid = o["pid"] or slugify(o["title"])
    precision = o["precision"]
    if o["query"]:
        from .geocode import DEFAULT_USER_AGENT, geocode, make_geocoder, provenance

        coder = make_geocoder(o["geocoder"], o["endpoint"], o["user_agent"] or DEFAULT_USER_AGENT, o["timeout"],
                              o["api_key"])
        found = geocode(o["query"], coder, min_delay=o["min_delay"], outline=True)
        click.echo(f"{len(found)} candidate(s) for {o['query']!r}:", err=True)
        for i, r in enumerate(found, 1):
            mark = "→" if i == o["pick"] else " "
            click.echo(f" {mark} {i}. {r.name}  ({r.lat:.4f}, {r.lon:.4f}; {r.geometry.geom_type})", err=True)
        if not 1 <= o["pick"] <= len(found):
            raise click.BadParameter(f"there are {len(found)} candidates", param_hint="--pick")
        chosen = found[o["pick"] - 1]
        geom = chosen.geometry
        prov = provenance(chosen, o["query"], o["geocoder"], o["endpoint"], o["pick"], len(found))
    else:
        if o["point"]:
            geom, how = parse_point(o["point"]), f"point {o['point']} (lat, lon) entered by hand"
        elif o["wkt"]:
            geom, how = parse_wkt(o["wkt"]), "WKT entered by hand"
        else:
            geom, how = read_geojson_geometry(o["geojson_file"]), f"read from {o['geojson_file'].name}"
        prov = manual_provenance(f"{how}; source: {o['source']}" if o["source"] else how)
    if precision is None:
        precision = "rough" if geom.geom_type == "Point" else "precise"
    feature = new_feature(pid, o["title"], geometry=geom, provenance=prov, fclass=o["fclass"], types=o["types"],
                          names=names, part_of=o["part_of"], citation=o["citation"], description=o["description"],
                          start=o["start"], end=o["end"], certainty=o["certainty"], precision=precision,
                          accuracy_m=o["accuracy_m"], lang=o["lang"])
    if directory.is_dir():
        try:
            existing = list(_load(ctx))
        except GeoarchiveError:
            existing = []  # the add itself reports the gazetteer's problems
        for other, name, km, score in likely_duplicates(existing, [o["title"], *(n["toponym"] for n in names)], geom):
            click.echo(f"warning: likely duplicate: {other} ({name!r}, {km:g} km away, similarity {score:g})", err=True)
    if o["dry_run"]:
        from .errors import GazetteerInvalid
        from .gazetteer.edit import check_new

        problems = check_new(directory, [feature])
        if problems:
            raise GazetteerInvalid(problems)
        click.echo(json.dumps(feature, ensure_ascii=False, indent=2))
        return
    path = add_place(directory, feature)
    click.echo(f"added {pid} → {path}")


@gazetteer.command("add-name")
@click.argument("place_id")
@click.argument("names", nargs=-1, required=True)
@click.option("--citation", help="Where the name is attested.")
@click.pass_context
def gazetteer_add_name(ctx: click.Context, place_id: str, names: tuple[str, ...], citation: str | None) -> None:
    """Add NAMES (TOPONYM[@LANG][:KIND][/START-END]) to an existing place.

    \b
    Example:
      geoarchive gazetteer add-name rumoi "Rumoe@en:sic"
    """
    from .gazetteer.edit import add_name, parse_name

    directory = _gazetteer_dir(ctx)
    for spec in names:
        try:
            name = parse_name(spec)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="NAMES") from None
        if citation:
            name["citations"] = [{"label": citation}]
        add_name(directory, place_id, name)
        click.echo(f"added name {name['toponym']!r} to {place_id}")


@gazetteer.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["lpf", "lp-tsv", "geonames", "geojson"]), required=True,
              help="lpf / lp-tsv as the World Historical Gazetteer publishes them; geonames dump rows; plain GeoJSON.")
@click.option("--dry-run", is_flag=True, help="Check everything and report; write nothing.")
@click.option("--on-conflict", type=click.Choice(["error", "skip", "rename"]), default="error", show_default=True,
              help="What a row whose id already exists does.")
@click.option("--progress/--no-progress", default=None, help="Show a progress bar (default: for large files on a terminal).")
@click.pass_context
def gazetteer_import(ctx: click.Context, file: Path, fmt: str, dry_run: bool, on_conflict: str,
                     progress: bool | None) -> None:
    """Import places from FILE: all of them, or — if any row is bad — none.

    Every row is converted and checked against the schema, the geometry rules and the existing
    gazetteer first; problems are reported by row number and nothing is written.

    \b
    Examples:
      geoarchive gazetteer import places.tsv --format lp-tsv --dry-run
      geoarchive gazetteer import JP.txt --format geonames --on-conflict rename
    """
    from .gazetteer.io import import_file

    if not file.is_file():
        raise GeoarchiveError(f"{file}: file not found")
    directory = _gazetteer_dir(ctx)
    size = file.stat().st_size
    show = progress if progress is not None else (size > 1_000_000 and sys.stderr.isatty())
    if show:
        with click.progressbar(length=max(1, sum(1 for _ in file.open("rb"))), label="reading rows",
                               file=sys.stderr) as bar:
            report = import_file(directory, file, fmt, dry_run=dry_run, on_conflict=on_conflict, progress=bar.update)
    else:
        report = import_file(directory, file, fmt, dry_run=dry_run, on_conflict=on_conflict)
    for line in report.lines():
        click.echo(line)


@gazetteer.command("export")
@click.option("--format", "fmt", type=click.Choice(["lpf", "geojson", "csv"]), default="lpf", show_default=True,
              help="lpf: one Linked Places FeatureCollection (for WHG); geojson: plain features (QGIS); csv: a table.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE (default: stdout).")
@click.pass_context
def gazetteer_export(ctx: click.Context, fmt: str, output: Path | None) -> None:
    """Export the whole gazetteer.

    \b
    Example:
      geoarchive gazetteer export --format csv -o places.csv
    """
    from .gazetteer.io import export
    from .gazetteer.store import write_atomic

    text = export(_load(ctx), fmt)
    if output:
        write_atomic(output, text)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


@gazetteer.command("show")
@click.argument("place_id")
@click.option("--json", "as_json", is_flag=True, help="Print the full LPF feature.")
@click.pass_context
def gazetteer_show(ctx: click.Context, place_id: str, as_json: bool) -> None:
    """Show one entry: names, geometry provenance, relations."""
    place = _load(ctx).get(place_id)
    if as_json:
        click.echo(json.dumps(place.feature, ensure_ascii=False, indent=2))
        return
    click.echo(f"{place.id}: {place.title}  [{', '.join(place.type_labels)}]")
    if place.description:
        click.echo(f"  {place.description}")
    for p in place.periods:
        click.echo(f"  valid: {p}")
    for n in place.names:
        extra = ", ".join(x for x in (n.kind, n.lang, n.script, n.romanization) if x)
        when = "; ".join(str(p) for p in n.periods)
        click.echo(f"  name: {n.toponym} ({extra}){'  ' + when if when else ''}")
    for m in place.members:
        prov = m.provenance
        click.echo(
            f"  geometry: {m.geometry.geom_type}, {m.certainty}, {m.precision}; "
            f"{prov.get('dataset')} {prov.get('version')} ({prov.get('licence')})"
        )
    for r in place.relations:
        when = "; ".join(str(p) for p in r.periods)
        click.echo(f"  {r.type} → {r.target}{'  ' + when if when else ''}{'  (' + r.label + ')' if r.label else ''}")


@gazetteer.command("list")
@click.pass_context
def gazetteer_list(ctx: click.Context) -> None:
    """List every entry: id, title and types."""
    for p in sorted(_load(ctx), key=lambda p: p.id):
        click.echo(f"{p.id}\t{p.title}\t{', '.join(p.type_labels)}")


# mentions ----------------------------------------------------------------------------------------
@main.command()
@click.argument("document", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "annotations"]),
    default="table",
    show_default=True,
    help="table for reading; json for scripts; annotations for W3C Web Annotation JSON-LD.",
)
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@click.option("--canonical-only", is_flag=True, help="Leave out mentions in repeated (non-canonical) readings.")
@click.pass_context
def mentions(ctx: click.Context, document: Path, fmt: str, as_json: bool, canonical_only: bool) -> None:
    """Find, resolve and anchor every place mention in DOCUMENT (a seeds/*.txt file).

    Lists each mention with its passage, character offsets, resolved place, confidence and how it
    was resolved, then the capitalised names that look like places but match no gazetteer entry
    (candidates for new entries).

    \b
    Examples:
      geoarchive mentions seeds/1945-08-16-stalin-to-truman.txt
      geoarchive mentions seeds/1944-02-02-harriman-telegram.txt --format annotations > telegram.jsonld
    """
    from .mentions import MentionFinder, place_candidates, web_annotations
    from .sources import load_document

    doc = load_document(document)
    found = MentionFinder(_load(ctx)).find(doc)
    unresolved = place_candidates(doc, found)
    if canonical_only:
        found = [m for m in found if m.canonical]
    fmt = "json" if as_json else fmt
    if fmt == "json":
        data = {
            "document": doc.id,
            "title": doc.title,
            "date": doc.date.isoformat(),
            "mentions": [m.to_dict() for m in found],
            "unresolved": [{"name": n, "count": c} for n, c in unresolved],
        }
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    if fmt == "annotations":
        click.echo(json.dumps(web_annotations(doc, found), ensure_ascii=False, indent=2))
        return
    click.echo(f"{doc.title} ({doc.date.isoformat()}): {len(found)} mention(s) of "
               f"{len({m.place_id for m in found})} place(s)")
    click.echo(f"{'start':>6} {'end':>6}  {'passage':<13} {'surface':<22} {'place':<20} conf  how")
    for m in found:
        reading = "" if m.canonical else f"  (repeat of {m.variant_of})"
        click.echo(f"{m.start:>6} {m.end:>6}  {m.passage or '-':<13} {m.surface:<22} {m.place_id:<20} "
                   f"{m.confidence:.2f}  {m.how}{reading}")
    if unresolved:
        click.echo("Unresolved place-like names (candidates for new gazetteer entries):")
        for name, count in unresolved:
            click.echo(f"  {name} ×{count}")
    else:
        click.echo("No unresolved place-like names.")


# build -------------------------------------------------------------------------------------------
@main.command()
@click.argument("specs", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the one map built to FILE (needs exactly one SPEC).")
@click.option("--format", "fmt", type=click.Choice(["html", "geojson"]), default="html", show_default=True,
              help="html: one offline page per map; geojson: the features with all properties, for QGIS.")
@click.option("--static", "static", type=click.Choice(["png", "svg", "pdf"]), default=None,
              help="Draw printable maps (title, legend, scale, citations) instead of pages: for handouts.")
@click.option("--maps-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where the specs are (default: the bundled maps/).")
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the pages (default: next to the specs).")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors.")
@click.pass_context
def build(ctx: click.Context, specs: tuple[Path, ...], output: Path | None, fmt: str, static: str | None,
          maps_dir: Path | None, out_dir: Path | None, quiet: bool) -> None:
    """Build maps from their specs: every spec in maps/ by default, or the SPECS given.

    Without SPECS this also checks the documents, reports their place mentions and writes an
    overview page (index.html) listing every map. Building is all-or-nothing: if any spec is bad,
    no file is written.

    \b
    Examples:
      geoarchive build
      geoarchive build maps/stalin-1945-08-16.yaml -o stalin.html
      geoarchive build maps/harriman-1944-02-02.yaml --format geojson -o harriman.geojson
      geoarchive build --static pdf                 # one printable A4 page per map
    """
    from .build import build_all, build_outputs, spec_files, write_outputs
    from .errors import SpecError
    from .paths import default_maps_dir

    echo = (lambda _s: None) if quiet else (lambda s: click.echo(s, err=True))
    if output is not None and len(specs) != 1:
        raise click.UsageError("-o/--output needs exactly one SPEC")
    gaz = _load(ctx)
    maps_dir = maps_dir or default_maps_dir()
    fmt = static or fmt
    seeds = ctx.obj["seeds"]
    if not specs and fmt == "html":
        build_all(gaz, seeds=seeds, echo=echo, maps_dir=maps_dir, out_dir=out_dir)
        return
    files = list(specs) or spec_files(maps_dir)
    for f in files:
        if not f.is_file():
            raise SpecError(f"{f}: map spec not found")
    outputs = build_outputs(files, gaz, out_dir=out_dir or (files[0].parent if specs else maps_dir), fmt=fmt,
                            output=output, overview=not specs, echo=echo, seeds=seeds)
    write_outputs(outputs)
    echo(f"wrote {len(outputs)} file(s)")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
