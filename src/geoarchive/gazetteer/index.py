"""An on-disk name index (one SQLite file) for gazetteers of GeoNames size.

:meth:`Gazetteer.load <geoarchive.gazetteer.Gazetteer.load>` reads and checks every LPF file,
which suits a curated gazetteer of a few hundred places, not an analyst's million names.
A :class:`GazetteerIndex` keeps the names in one SQLite file instead. Opening it reads a few
compact arrays (a hash table of the folded names, which names share each folded name, the place
of each name) and nothing else, so it takes a fraction of a second; look-ups by name are then
hash probes in memory, and the details of the few names found come from SQLite by row id.
Fuzzy look-ups pick candidates by shared trigrams (posting lists stored as blobs) and re-rank
them with rapidfuzz exactly as :class:`~geoarchive.gazetteer.resolve.Resolver` does.

Answers are the resolver's own :class:`~geoarchive.gazetteer.resolve.Candidate` and
:class:`~geoarchive.gazetteer.resolve.Resolution` objects, so the index is a drop-in for it
(``resolve``, ``resolve_one``, ``suggestions``); below :data:`BRUTE_FORCE_BELOW` distinct names a
fuzzy look-up compares every name and the answers are identical to the resolver's.

>>> import tempfile, pathlib
>>> from geoarchive.gazetteer import Gazetteer
>>> path = pathlib.Path(tempfile.mkdtemp()) / "names.sqlite"
>>> idx = GazetteerIndex.from_places(path, Gazetteer.load())
>>> best = idx.resolve("Rumoe [sic]").best
>>> best.place_id, best.how
('rumoi', 'variant')
>>> idx.lookup("Kushiro"), idx.lookup("LAPEROUSE STRAIT")
(['kushiro'], ['la-perouse-strait'])
>>> [c.place_id for c in idx.fuzzy("Hokaido", limit=1)]
['hokkaido']
>>> GazetteerIndex.open(path).resolve_one("Karafuto").place_id
'karafuto'
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import sqlite3
import unicodedata
import zlib
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple

import numpy as np
from rapidfuzz import fuzz, process

from ..errors import GazetteerError
from .normalize import normalize, strip_diacritics
from .records import Name, Period, Place, valid_at
from .resolve import (_NAME_OUT_OF_DATE, _PLACE_OUT_OF_DATE, _SCORES, FUZZY_CUTOFF, Candidate, Resolution, Resolver, single,
                      parse_date)

__all__ = ["NameRow", "GazetteerIndex", "fast_normalize", "trigrams", "BRUTE_FORCE_BELOW", "SCHEMA_VERSION"]

SCHEMA_VERSION = "1"
BRUTE_FORCE_BELOW = 20_000  # distinct folded names: below this, fuzzy look-ups compare every one
_POSTINGS_BUDGET = 60_000  # trigram postings read per fuzzy query (rarest trigrams first)
_RERANK = 400  # candidates re-ranked with rapidfuzz per fuzzy query
_START, _END = "\x02", "\x03"  # padding, so that short names still have trigrams


class NameRow(NamedTuple):
    """One name of one place, the unit an index is built from (e.g. a line of a GeoNames dump).

    ``place_periods`` (when the place existed) is read from the place's first row.
    """

    place_id: str
    title: str
    toponym: str
    kind: str = "preferred"
    lang: str = ""
    script: str = ""
    romanization: str = ""
    periods: tuple[Period, ...] = ()
    place_periods: tuple[Period, ...] = ()


def fast_normalize(text: str) -> str:
    """:func:`~geoarchive.gazetteer.normalize.normalize`, with a shortcut for names made of letters.

    >>> fast_normalize("The Hague"), fast_normalize("Hokkaidō"), fast_normalize("Rumoe [sic]")
    ('hague', 'hokkaido', 'rumoe')
    """
    if text.isascii():
        low = text.lower()
    elif text.replace(" ", "").isalpha():  # no brackets, apostrophes, combining marks or other punctuation
        if unicodedata.is_normalized("NFKD", text) and unicodedata.is_normalized("NFC", text):
            low = text.casefold()  # nothing to decompose, so no diacritics to strip
        else:
            low = strip_diacritics(text).casefold()
    else:
        return normalize(text)
    if low.replace(" ", "").isalnum() and "  " not in low and low[0] != " " and low[-1] != " ":
        return low[4:] if low.startswith("the ") else low
    return normalize(text)


def trigrams(key: str) -> list[int]:
    """The distinct padded trigrams of a folded name, each packed into one integer.

    >>> len(trigrams("ab")), len(trigrams("kushiro")), trigrams("aaaa") == trigrams("aaaaa")
    (2, 7, True)
    """
    s = _START + key + _END
    return sorted({(ord(s[i]) << 42) | (ord(s[i + 1]) << 21) | ord(s[i + 2]) for i in range(len(s) - 2)})


# compact in-memory structures ---------------------------------------------------------------------
class _Strings:
    """Many strings as one UTF-8 blob and an offset array: ``strings[i]`` decodes one."""

    def __init__(self, blob: bytes, offsets: bytes):
        self.blob, self.off = blob, memoryview(offsets).cast("Q")

    @staticmethod
    def pack(items: list[str]) -> tuple[bytes, bytes]:
        encoded = [s.encode() for s in items]
        offsets = np.zeros(len(encoded) + 1, dtype=np.uint64)
        np.cumsum([len(b) for b in encoded], out=offsets[1:])
        return b"".join(encoded), offsets.tobytes()

    def raw(self, i: int) -> bytes:
        return self.blob[self.off[i]:self.off[i + 1]]

    def __getitem__(self, i: int) -> str:
        return self.blob[self.off[i]:self.off[i + 1]].decode()

    def __len__(self) -> int:
        return len(self.off) - 1


def _hash_slots(strings: list[str]) -> bytes:
    """An open-addressing table (crc32, linear probing) of ``strings``: slot → index + 1, 0 if free."""
    size = 1 << max(4, (2 * len(strings)).bit_length())
    mask = size - 1
    slots = array("I", bytes(4 * size))
    for i, s in enumerate(strings):
        j = zlib.crc32(s.encode()) & mask
        while slots[j]:
            j = (j + 1) & mask
        slots[j] = i + 1
    return slots.tobytes()


def _groups(owner: list[int], n_groups: int) -> tuple[bytes, bytes]:
    """CSR arrays: the members of group g are ``members[start[g]:start[g + 1]]``, ascending."""
    own = np.asarray(owner, dtype=np.int64)
    order = np.argsort(own, kind="stable").astype(np.uint32)
    start = np.zeros(n_groups + 1, dtype=np.uint32)
    np.cumsum(np.bincount(own, minlength=n_groups), out=start[1:])
    return start.tobytes(), order.tobytes()


def _periods_json(periods: Iterable[Period]) -> str | None:
    out = [[p.start.isoformat() if p.start else None, p.end.isoformat() if p.end else None] for p in periods]
    return json.dumps(out) if out else None


def _periods(text: str | None) -> tuple[Period, ...]:
    if not text:
        return ()
    day = _dt.date.fromisoformat
    return tuple(Period(day(a) if a else None, day(b) if b else None) for a, b in json.loads(text))


@dataclass(frozen=True)
class _PlaceStub:
    """What scoring needs of a place: id, title and when it existed."""

    id: str
    title: str
    periods: tuple[Period, ...]

    def valid_at(self, day: _dt.date | None) -> bool:
        return valid_at(list(self.periods), day)


class _IndexPlace:
    """A place as :class:`~geoarchive.mentions.MentionFinder` iterates it: id and names."""

    __slots__ = ("id", "names")

    def __init__(self, pid: str, names: list):
        self.id, self.names = pid, names


class _IndexName:
    """A name as :class:`~geoarchive.mentions.MentionFinder` reads it: the toponym."""

    __slots__ = ("toponym",)

    def __init__(self, toponym: str):
        self.toponym = toponym


_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB);
CREATE TABLE places (pid INTEGER PRIMARY KEY, id TEXT NOT NULL, title TEXT NOT NULL, periods TEXT);
CREATE TABLE names (nid INTEGER PRIMARY KEY, pid INTEGER NOT NULL, kid INTEGER NOT NULL, toponym TEXT NOT NULL,
                    kind TEXT NOT NULL, lang TEXT, script TEXT, romanization TEXT, periods TEXT);
CREATE TABLE grams (gram INTEGER PRIMARY KEY, kids BLOB NOT NULL);
"""
_ROWS = ("SELECT n.nid, n.kid, n.kind, n.toponym, n.lang, n.script, n.romanization, n.periods, p.id, p.title, "
         "p.periods FROM names n JOIN places p ON p.pid = n.pid WHERE n.nid IN (%s) ORDER BY n.nid")
_ARRAYS = ("key_text", "key_off", "key_slots", "key_start", "key_names", "name_pid", "place_text", "place_off",
           "key_lengths")


class GazetteerIndex:
    """Names of many places in one SQLite file: build once, open in a blink, query many times.

    Build with :meth:`build` (from :class:`NameRow` rows) or :meth:`from_places` (from
    :class:`~geoarchive.gazetteer.records.Place` objects); open an existing file with :meth:`open`.
    """

    def __init__(self, path: str | Path, con: sqlite3.Connection):
        self.path = Path(path)
        self._con = con
        meta = dict(con.execute("SELECT key, value FROM meta"))
        if meta.get("schema") != SCHEMA_VERSION or any(k not in meta for k in _ARRAYS):
            raise GazetteerError(f"{path}: not a geoarchive name index (schema {meta.get('schema')!r})")
        self._n_places, self._n_names = int(meta["places"]), int(meta["names"])
        self._keys = _Strings(meta["key_text"], meta["key_off"])  # folded names, by key id
        self._slots = memoryview(meta["key_slots"]).cast("I")  # hash table of the folded names
        self._mask = len(self._slots) - 1
        self._key_start = memoryview(meta["key_start"]).cast("I")  # names of key k: key_names[start[k]:start[k+1]]
        self._key_names = memoryview(meta["key_names"]).cast("I")
        self._name_pid = memoryview(meta["name_pid"]).cast("I")
        self._place_ids = _Strings(meta["place_text"], meta["place_off"])
        self._key_lens = np.frombuffer(meta["key_lengths"], dtype=np.uint16)
        self._key_list: list[str] | None = None  # every folded name as str, for brute-force fuzzy look-ups
        self._score = Resolver([])._score  # one scoring rule for the resolver and the index

    # opening and building -------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path) -> "GazetteerIndex":
        """Open an index file read-only; raises :class:`GazetteerError` if it is missing or foreign."""
        path = Path(path)
        if not path.is_file():
            raise GazetteerError(f"{path}: name index not found")
        try:
            con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
            con.execute("PRAGMA mmap_size = 1073741824")
            return cls(path, con)
        except sqlite3.DatabaseError as exc:
            raise GazetteerError(f"{path}: not a geoarchive name index ({exc})") from exc

    @classmethod
    def from_places(cls, path: str | Path, places: Iterable[Place]) -> "GazetteerIndex":
        """Build an index of every name of ``places`` (e.g. a loaded :class:`Gazetteer`)."""

        def rows() -> Iterator[NameRow]:
            for place in places:
                pp = tuple(place.periods)
                for n in place.names:
                    yield NameRow(place.id, place.title, n.toponym, n.kind, n.lang, n.script, n.romanization,
                                  tuple(n.periods), pp)

        return cls.build(path, rows())

    @classmethod
    def build(cls, path: str | Path, rows: Iterable[NameRow]) -> "GazetteerIndex":
        """Write a new index of ``rows`` to ``path`` (atomically: a temporary file, then a rename).

        Rows keep their order: it breaks ties between equally good answers, as the order of the
        files does for :class:`~geoarchive.gazetteer.resolve.Resolver`.
        """
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.unlink(missing_ok=True)
        try:
            con = sqlite3.connect(tmp)
            con.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA page_size = 8192;"
                              "PRAGMA cache_size = -262144;" + _SCHEMA)
            places: dict[str, int] = {}
            place_rows: list[tuple] = []
            keys: dict[str, int] = {}
            name_pid: list[int] = []
            name_kid: list[int] = []

            def name_rows() -> Iterator[tuple]:
                for nid, row in enumerate(rows):
                    pid = places.get(row.place_id)
                    if pid is None:
                        pid = places[row.place_id] = len(places)
                        place_rows.append((pid, row.place_id, row.title, _periods_json(row.place_periods)))
                    folded = fast_normalize(row.toponym)
                    kid = keys.get(folded)
                    if kid is None:
                        kid = keys[folded] = len(keys)
                    name_pid.append(pid)
                    name_kid.append(kid)
                    yield (nid, pid, kid, row.toponym, row.kind, row.lang, row.script, row.romanization,
                           _periods_json(row.periods) if row.periods else None)

            con.executemany("INSERT INTO names VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", name_rows())
            con.executemany("INSERT INTO places VALUES (?, ?, ?, ?)", place_rows)
            del place_rows
            con.execute("CREATE UNIQUE INDEX places_id ON places(id)")
            key_list = list(keys)
            del keys
            con.executemany("INSERT INTO grams VALUES (?, ?)", _postings(key_list))
            key_text, key_off = _Strings.pack(key_list)
            key_start, key_names = _groups(name_kid, len(key_list))
            place_text, place_off = _Strings.pack(list(places))
            meta = {
                "schema": SCHEMA_VERSION, "places": str(len(places)), "names": str(len(name_pid)),
                "key_text": key_text, "key_off": key_off, "key_slots": _hash_slots(key_list),
                "key_start": key_start, "key_names": key_names,
                "name_pid": np.asarray(name_pid, dtype=np.uint32).tobytes(),
                "place_text": place_text, "place_off": place_off,
                "key_lengths": np.minimum([len(k) for k in key_list], 65535).astype(np.uint16).tobytes(),
            }
            con.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
            con.commit()
            con.close()
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return cls.open(path)

    def close(self) -> None:
        self._con.close()

    # sizes and iteration ----------------------------------------------------------------------
    def __len__(self) -> int:
        """The number of places."""
        return self._n_places

    @property
    def n_names(self) -> int:
        return self._n_names

    def __iter__(self) -> Iterator[_IndexPlace]:
        """Every place as (id, names) in build order: what a MentionFinder needs of a gazetteer.

        A place whose rows were not consecutive comes once per run of rows.
        """
        place: _IndexPlace | None = None
        last = -1
        for pid, toponym in self._con.execute("SELECT pid, toponym FROM names ORDER BY nid"):
            if pid != last:
                if place is not None:
                    yield place
                place, last = _IndexPlace(self._place_ids[pid], []), pid
            place.names.append(_IndexName(toponym))
        if place is not None:
            yield place

    # look-ups ---------------------------------------------------------------------------------
    def _key_id(self, folded: str) -> int:
        """The id of a folded name, or -1."""
        raw = folded.encode()
        mask, slots, blob, off = self._mask, self._slots, self._keys.blob, self._keys.off
        j = zlib.crc32(raw) & mask
        while True:
            k = slots[j]
            if not k:
                return -1
            if blob[off[k - 1]:off[k]] == raw:
                return k - 1
            j = (j + 1) & mask

    def _names_of(self, kid: int) -> memoryview:
        return self._key_names[self._key_start[kid]:self._key_start[kid + 1]]

    def lookup(self, name: str) -> list[str]:
        """Ids of the places with a name equal to ``name`` up to case, diacritics and punctuation.

        That is what the resolver's exact, normalized and variant steps find, without the
        reasons, scores and dates (use :meth:`resolve` for those); places in build order.
        """
        kid = self._key_id(fast_normalize(name))
        if kid < 0:
            return []
        a, b = self._key_start[kid], self._key_start[kid + 1]
        pid, names = self._name_pid, self._key_names
        blob, off = self._place_ids.blob, self._place_ids.off
        if b - a == 1:
            p = pid[names[a]]
            return [blob[off[p]:off[p + 1]].decode()]
        return [blob[off[p]:off[p + 1]].decode() for p in dict.fromkeys(pid[nid] for nid in names[a:b])]

    def _rows(self, nids) -> list[tuple]:
        return self._con.execute(_ROWS % ",".join("?" * len(nids)), list(nids)).fetchall()

    @staticmethod
    def _name(row) -> tuple[_PlaceStub, Name]:
        _nid, _kid, kind, toponym, lang, script, roman, periods, pid, title, pperiods = row
        return (_PlaceStub(pid, title, _periods(pperiods)),
                Name(toponym, lang or "", script or "", kind, roman or "", _periods(periods)))

    def resolve(self, query: str, date=None) -> Resolution:
        """All candidates for ``query``, best first, by the resolver's steps and scores."""
        day = parse_date(date)
        found: dict[str, tuple] = {}  # place id → (score, place, name, how, base): the best offer

        def offer(place: _PlaceStub, name: Name, how: str, base: float) -> None:
            score = base
            if not name.valid_at(day):
                score -= _NAME_OUT_OF_DATE
            if not place.valid_at(day):
                score -= _PLACE_OUT_OF_DATE
            score = round(score, 1)
            if place.id not in found or score > found[place.id][0]:
                found[place.id] = (score, place, name, how, base)

        folded = fast_normalize(query)
        kid = self._key_id(folded)
        if kid >= 0:  # a name equal to the query is among the names of its folded form
            named = [self._name(row) for row in self._rows(self._names_of(kid))]
            for place, name in named:
                if name.toponym == query:
                    how = "exact" if name.kind == "preferred" else "variant"
                    offer(place, name, how, _SCORES[how])
            for place, name in named:
                how = "normalized" if name.kind == "preferred" else "variant"
                offer(place, name, how, _SCORES[how] - (0 if how == "normalized" else 1))
        if not found and folded:
            # the resolver finds a fuzzy match whenever one exists, so the index must too
            for sim, rows in self._fuzzy_keys(folded, fuzz.ratio, 10, FUZZY_CUTOFF, exhaustive=True):
                for row in rows:
                    offer(*self._name(row), "fuzzy", sim * 0.9)
        # reasons are written for the offers kept only, by the resolver's own rule
        candidates = [self._score(place, name, how, base, day) for _, place, name, how, base in found.values()]
        return Resolution(query, day, sorted(candidates, key=lambda c: (-c.score, c.place_id)))

    def resolve_one(self, query: str, date=None) -> Candidate:
        """The single best candidate; raises :class:`PlaceNotFound` or :class:`AmbiguousPlace`."""
        return single(self.resolve(query, date), self.suggestions)

    def fuzzy(self, query: str, limit: int = 5, date=None) -> list[Candidate]:
        """The ``limit`` best fuzzy candidates (one per place), whatever the exact steps would say."""
        day, folded = parse_date(date), fast_normalize(query)
        found: dict[str, Candidate] = {}
        for sim, rows in self._fuzzy_keys(folded, fuzz.ratio, limit, FUZZY_CUTOFF) if folded else ():
            for row in rows:
                c = self._score(*self._name(row), "fuzzy", sim * 0.9, day)
                if c.place_id not in found or c.score > found[c.place_id].score:
                    found[c.place_id] = c
        return sorted(found.values(), key=lambda c: (-c.score, c.place_id))[:limit]

    def suggestions(self, query: str, limit: int = 5) -> list[tuple[str, str, float]]:
        """The closest names to ``query`` as (name, place id, score), for error messages."""
        out: list[tuple[str, str, float]] = []
        for sim, rows in self._fuzzy_keys(fast_normalize(query), fuzz.WRatio, limit * 4, None, False):
            place, name = self._name(rows[0])
            if all(pid != place.id for _, pid, _ in out):  # one suggestion per place
                out.append((name.toponym, place.id, round(sim, 1)))
            if len(out) == limit:
                break
        return out

    # fuzzy candidates -------------------------------------------------------------------------
    def _fuzzy_keys(self, folded: str, scorer, limit: int, cutoff: float | None, same_length: bool = True,
                    exhaustive: bool = False) -> list[tuple[float, list]]:
        """(similarity, name rows) of the ``limit`` most similar folded names, best first.

        Small indexes compare every name; large ones the candidates :meth:`_candidate_kids`
        picks, and every name after all when ``exhaustive`` and the candidates gave nothing.
        """
        best = []
        if len(self._keys) >= BRUTE_FORCE_BELOW:
            kids = self._candidate_kids(folded, same_length) if folded else []
            blob, off = self._keys.blob, self._keys.off
            choices = [blob[off[k]:off[k + 1]].decode() for k in kids]
            best = process.extract(folded, choices, scorer=scorer, limit=limit, score_cutoff=cutoff)
        if len(self._keys) < BRUTE_FORCE_BELOW or (exhaustive and not best):
            if self._key_list is None:
                self._key_list = [self._keys[k] for k in range(len(self._keys))]
            kids, choices = range(len(self._key_list)), self._key_list
            best = process.extract(folded, choices, scorer=scorer, limit=limit, score_cutoff=cutoff)
        if not best:
            return []
        wanted = [kids[i] for _, _, i in best]
        by_kid: dict[int, list] = {}
        for row in self._rows([nid for k in wanted for nid in self._names_of(k)]):
            by_kid.setdefault(row[1], []).append(row)
        return [(sim, by_kid[kid]) for (_, sim, _), kid in zip(best, wanted)]

    def _candidate_kids(self, folded: str, same_length: bool = True) -> list[int]:
        """Folded names sharing the most trigrams with ``folded`` (of a comparable length), by id."""
        grams = trigrams(folded)
        lists = [np.frombuffer(b, dtype=np.int32) for (b,) in self._con.execute(
            f"SELECT kids FROM grams WHERE gram IN ({','.join('?' * len(grams))})", grams)]
        if not lists:
            return []
        lists.sort(key=len)
        take, total = [], 0
        for arr in lists:  # the rarest trigrams first, within the budget (at least two lists)
            if len(take) >= 2 and total + len(arr) > _POSTINGS_BUDGET:
                break
            take.append(arr)
            total += len(arr)
        counts = np.zeros(len(self._keys), dtype=np.uint16)
        for arr in take:  # a name comes once per list at most, so plain increments count
            counts[arr] += 1
        every = np.concatenate(take)
        if same_length:  # fuzz.ratio >= 80 needs lengths within 2/3 and 3/2 of each other
            n, lens = len(folded), self._key_lens[every]
            every = every[(lens >= -(-2 * n // 3)) & (lens <= 3 * n // 2)]
        shared = counts[every]  # a name sharing k trigrams comes k times
        # the most trigrams shared that still leaves _RERANK names to compare
        hist = np.bincount(shared)
        names_at = hist / np.maximum(np.arange(len(hist)), 1)  # distinct names sharing exactly k
        enough = np.flatnonzero(np.cumsum(names_at[::-1])[::-1] >= _RERANK)
        least = max(1, int(enough[-1])) if len(enough) else 1
        ids = np.unique(every[shared >= least])
        if len(ids) > _RERANK:
            ids = ids[np.argpartition(counts[ids], len(ids) - _RERANK)[len(ids) - _RERANK:]]
        return sorted(ids.tolist())


def _postings(keys: list[str], chunk: int = 1 << 18) -> Iterator[tuple[int, bytes]]:
    """(trigram, sorted int32 key ids) for every trigram of ``keys``, vectorised with numpy."""
    grams_parts, kids_parts = [], []
    for lo in range(0, len(keys), chunk):
        part = keys[lo:lo + chunk]
        text = "".join(_START + k + _END for k in part)
        cps = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        lens = np.fromiter((len(k) + 2 for k in part), dtype=np.int64, count=len(part))
        starts = np.concatenate(([0], np.cumsum(lens)[:-1]))
        local = np.repeat(np.arange(len(part), dtype=np.int64), lens)[:-2]
        inside = np.arange(len(local), dtype=np.int64) - starts[local] <= lens[local] - 3
        g = (cps[:-2] << 42) | (cps[1:-1] << 21) | cps[2:]
        grams_parts.append(g[inside])
        kids_parts.append((local[inside] + lo).astype(np.int32))
        del cps, local, inside, g
    if not grams_parts:
        return
    grams = np.concatenate(grams_parts)
    kids = np.concatenate(kids_parts)
    del grams_parts, kids_parts
    order = np.argsort(grams, kind="stable")  # key ids stay ascending within a trigram
    grams, kids = grams[order], kids[order]
    del order
    keep = np.ones(len(grams), dtype=bool)
    keep[1:] = (grams[1:] != grams[:-1]) | (kids[1:] != kids[:-1])  # a trigram twice in one name
    grams, kids = grams[keep], kids[keep]
    bounds = np.flatnonzero(np.diff(grams)) + 1
    for a, b in zip(np.concatenate(([0], bounds)).tolist(), np.concatenate((bounds, [len(grams)])).tolist()):
        yield int(grams[a]), kids[a:b].tobytes()
