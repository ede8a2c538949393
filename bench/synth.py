"""Deterministic synthetic data for the scale figures: a GeoNames-sized gazetteer and a corpus.

Nothing is downloaded: both are generated from a fixed seed, so every run (and every machine)
measures the same data. The gazetteer mixes scripts roughly as GeoNames' alternate names do
(mostly Latin, then Cyrillic, Arabic, CJK, Hangul, Greek, Devanagari), with GeoNames-like lengths
(median about 10 characters, a long tail of multi-word names), shared prefixes and suffixes
("San …", "Novo…", "…ville", "…abad"), diacritics, homonyms (the same name for several places),
and variant names per place (romanizations, spellings without diacritics, old spellings, "St."
for "Saint"), some with periods of use.

>>> rows = list(gazetteer_rows(50, seed=7))
>>> len(rows), rows == list(gazetteer_rows(50, seed=7))
(50, True)
>>> {r.kind for r in rows} <= {"preferred", "variant", "romanization", "historical"}
True
>>> names = [r.toponym for r in rows]
>>> docs = list(corpus_documents(names, 20_000, seed=7))
>>> sum(len(d.encode()) for _, d in docs) >= 20_000, docs == list(corpus_documents(names, 20_000, seed=7))
(True, True)
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import unicodedata
from typing import Iterator

from geoarchive.gazetteer.index import NameRow
from geoarchive.gazetteer.records import Period

__all__ = ["gazetteer_rows", "corpus_documents", "write_rows", "read_rows", "misspell"]

_ONSETS = ["", "b", "d", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "ch", "sh", "br", "kr",
           "st", "tr", "gr", "pl", "dr", "w", "y", "f", "j", "kh", "ts"]
_VOWELS = ["a", "a", "e", "i", "o", "u", "o", "e", "ai", "ou", "ia", "y"]
_CODAS = ["", "", "", "", "n", "r", "l", "s", "m", "k", "t", "ng", "rn", "st"]
_ACCENT = {"a": "áàâäā", "e": "éèêëē", "i": "íîïī", "o": "óôöōø", "u": "úûüū", "n": "ñ", "c": "ç", "s": "š", "z": "ž"}
_PREFIXES = ["San ", "Santa ", "Saint-", "Port ", "Mount ", "Lake ", "New ", "North ", "South ", "East ",
             "West ", "Bad ", "Nova ", "Novo", "Al ", "El ", "La ", "Le ", "Ban ", "Kami", "Shimo", "Ust-", "Nizhne",
             "Upper ", "Fort ", "Puerto ", "Villa ", "Bir ", "Kafr "]
_SUFFIXES = ["burg", "ville", "ton", "ford", "sk", "ovka", "ovo", "pur", "abad", "stadt", "dorf", "heim", " City",
             " Creek", " Springs", " Hills", "-shi", "-machi", "gawa", "yama", "ka", "istan", "ia", "grad", "wick"]
_CYR = dict(zip("abvgdezijklmnoprstufhcy", "абвгдезийклмнопрстуфхцы"))
_CYR_SUFFIXES = ["ск", "ово", "овка", "ино", "град", "ск", "ец", "ая"]
_HAN = "山川河口島田中北南東西京州城県市村町海湖港原野林石橋本松高新大小平井谷上下岡崎宮沢浜津江坂寺長福安永吉"
_HAN_RARE = [chr(c) for c in range(0x4E00, 0x4E00 + 3000, 7)]
_KANA = [chr(c) for c in range(0x30A2, 0x30F3)]
_HANGUL = [chr(0xAC00 + i * 97) for i in range(100)]
_ARABIC = [chr(c) for c in range(0x0627, 0x064B)]
_GREEK = [chr(c) for c in range(0x03B1, 0x03CA)]
_DEVANAGARI = [chr(c) for c in range(0x0915, 0x0939)] + ["ा", "ि", "ी", "ु", "े", "ो"]
_SCRIPTS = [("latin", 62), ("cyrillic", 12), ("arabic", 6), ("han", 7), ("kana", 3), ("hangul", 4),
            ("greek", 3), ("devanagari", 3)]


def _syllables(r: random.Random, n: int) -> str:
    return "".join(r.choice(_ONSETS) + r.choice(_VOWELS) + r.choice(_CODAS) for _ in range(n))


def _n_syllables(r: random.Random) -> int:
    return r.choices((1, 2, 3, 4, 5), (8, 38, 34, 15, 5))[0]


def _latin(r: random.Random) -> str:
    word = _syllables(r, _n_syllables(r))
    if r.random() < 0.35:
        word += r.choice(_SUFFIXES)
    word = word[:1].upper() + word[1:]
    if r.random() < 0.25:
        pre = r.choice(_PREFIXES)
        word = pre + (word if pre.endswith((" ", "-")) else word.lower())
    if r.random() < 0.08:
        word += " " + _syllables(r, 2).capitalize()
    if r.random() < 0.15:  # diacritics on one or two letters
        chars = list(word)
        for _ in range(r.choice((1, 2))):
            i = r.randrange(len(chars))
            if chars[i] in _ACCENT:
                chars[i] = r.choice(_ACCENT[chars[i]])
        word = "".join(chars)
    return word


def _strip(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _old_spelling(r: random.Random, name: str) -> str:
    swaps = [("k", "c"), ("u", "oo"), ("i", "y"), ("sh", "sch"), ("v", "w"), ("e", "ae"), ("o", "oe")]
    r.shuffle(swaps)
    for a, b in swaps:
        if a in name:
            return name.replace(a, b, 1)
    return name + "e"


def misspell(r: random.Random, text: str) -> str:
    """One or two random edits (delete, insert, replace, swap), as OCR and copyists make them.

    >>> misspell(random.Random(1), "Kushiro") != "Kushiro"
    True
    """
    chars = list(text)
    for _ in range(1 if len(chars) < 8 else r.choice((1, 2))):
        i = r.randrange(len(chars))
        op = r.random()
        if op < 0.25 and len(chars) > 3:
            del chars[i]
        elif op < 0.5:
            chars.insert(i, r.choice("aeiounrstlk"))
        elif op < 0.75 or i + 1 >= len(chars):
            chars[i] = r.choice("aeiounrstlk")
        else:
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
    out = "".join(chars)
    return out if out != text else out + "a"


def _place_names(r: random.Random, script: str) -> list[tuple[str, str, str, str]]:
    """(toponym, kind, lang, script) for one place: its preferred name first, then variants."""
    if script == "latin":
        name = _latin(r)
        out = [(name, "preferred", r.choice(("en", "es", "fr", "de", "it", "pt", "tr")), "Latn")]
        plain = _strip(name)
        if plain != name and r.random() < 0.6:
            out.append((plain, "variant", "en", "Latn"))
        if r.random() < 0.3:
            out.append((_old_spelling(r, name), "historical", "en", "Latn"))
        if name.startswith("Saint-") and r.random() < 0.7:
            out.append(("St. " + name[6:], "variant", "en", "Latn"))
        return out
    roman = _syllables(r, _n_syllables(r)).capitalize()
    if script == "cyrillic":
        base = "".join(_CYR.get(c, c) for c in roman.lower())
        name = base[:1].upper() + base[1:] + (r.choice(_CYR_SUFFIXES) if r.random() < 0.5 else "")
        return [(name, "preferred", "ru", "Cyrl"), (roman, "romanization", "ru", "Latn")]
    if script == "han":
        size = r.choice((2, 2, 3, 4))
        name = "".join(r.choice(_HAN) if r.random() < 0.8 else r.choice(_HAN_RARE) for _ in range(size))
        return [(name, "preferred", r.choice(("zh", "ja")), "Hani"), (roman, "romanization", "zh", "Latn")]
    if script == "kana":
        name = "".join(r.choice(_KANA) for _ in range(r.randint(3, 6)))
        return [(name, "preferred", "ja", "Kana"), (roman, "romanization", "ja", "Latn")]
    if script == "hangul":
        name = "".join(r.choice(_HANGUL) for _ in range(r.randint(2, 4)))
        return [(name, "preferred", "ko", "Hang"), (roman, "romanization", "ko", "Latn")]
    if script == "arabic":
        name = "ال" * (r.random() < 0.4) + "".join(r.choice(_ARABIC) for _ in range(r.randint(3, 9)))
        return [(name, "preferred", "ar", "Arab"), ("Al-" + roman if r.random() < 0.4 else roman, "romanization",
                                                     "ar", "Latn")]
    if script == "greek":
        name = "".join(r.choice(_GREEK) for _ in range(r.randint(4, 10))).capitalize()
        return [(name, "preferred", "el", "Grek"), (roman, "romanization", "el", "Latn")]
    name = "".join(r.choice(_DEVANAGARI) for _ in range(r.randint(3, 8)))
    return [(name, "preferred", "hi", "Deva"), (roman, "romanization", "hi", "Latn")]


def _period(r: random.Random) -> tuple[Period, ...]:
    start = r.randint(1700, 1950)
    end = start + r.randint(5, 120)
    return (Period(dt.date(start, 1, 1), dt.date(min(end, 2020), 12, 31)),)


def gazetteer_rows(n_names: int, seed: int = 20240607) -> Iterator[NameRow]:
    """Exactly ``n_names`` name rows, place by place, the same for the same seed."""
    r = random.Random(seed)
    scripts, weights = zip(*_SCRIPTS)
    made = place_no = 0
    titles: list[str] = []
    while made < n_names:
        place_no += 1
        pid = f"p{place_no:07d}"
        if titles and r.random() < 0.06:  # a homonym: another place with an existing name
            name = r.choice(titles)
            names = [(name, "preferred", "en", "")]
        else:
            names = _place_names(r, r.choices(scripts, weights)[0])
        title = names[0][0]
        if len(titles) < 200_000:
            titles.append(title)
        place_periods = _period(r) if r.random() < 0.03 else ()
        for toponym, kind, lang, script in names[: n_names - made]:
            periods = _period(r) if kind == "historical" else ()
            yield NameRow(pid, title, toponym, kind, lang, script, "", periods, place_periods)
            made += 1


def write_rows(path, rows) -> None:
    """Save rows as tab-separated text (periods as start/end years)."""
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for row in rows:
            years = lambda ps: f"{ps[0].start.year}-{ps[0].end.year}" if ps else ""  # noqa: E731
            fh.write("\t".join((row.place_id, row.title, row.toponym, row.kind, row.lang, row.script,
                                years(row.periods), years(row.place_periods))) + "\n")


def read_rows(path) -> Iterator[NameRow]:
    """Rows saved by :func:`write_rows`."""

    def periods(text: str) -> tuple[Period, ...]:
        if not text:
            return ()
        a, b = text.split("-")
        return (Period(dt.date(int(a), 1, 1), dt.date(int(b), 12, 31)),)

    with open(path, encoding="utf-8", newline="\n") as fh:
        for line in fh:
            pid, title, toponym, kind, lang, script, when, place_when = line.rstrip("\n").split("\t")
            yield NameRow(pid, title, toponym, kind, lang, script, "", periods(when), periods(place_when))


_WORDS = ("the of and to in a was that his he it with as for had on by at which from be this were not but "
          "all they have an their army forces government would been line troops there one who are or its "
          "ambassador said question minister between report could other also more into after under over these "
          "first town coast region territory northern southern eastern western island river harbour railway "
          "border agreement surrender occupation conference proposal telegram meeting delegation supplies "
          "station district province port bridge road garrison command general order division crossed "
          "reached arrived left moved withdrew held occupied returned remained reported understood").split()


def corpus_documents(names: list[str], n_bytes: int, seed: int = 20240607,
                     doc_bytes: int = 20_000) -> Iterator[tuple[str, str]]:
    """(id, text) documents of about ``doc_bytes`` each, ``n_bytes`` in all, naming places from ``names``.

    Prose-like filler with paragraphs, a place name about every 120 words (Zipf-like: some
    places come up again and again), written as in the gazetteer, without diacritics, in
    capitals, with "[sic]" or hyphenated across a line end, in every script of the gazetteer.
    """
    r = random.Random(seed)
    pool = names[:: max(1, len(names) // 50_000)]
    cum = list(itertools.accumulate(1.0 / (i + 1) ** 0.8 for i in range(len(pool))))
    made = doc_no = 0
    while made < n_bytes:
        doc_no += 1
        parts: list[str] = []
        size = 0
        while size < doc_bytes:
            sentence = r.choices(_WORDS, k=r.randint(8, 30))
            for i in range(len(sentence)):
                if r.random() < 1 / 120:
                    name = r.choices(pool, cum_weights=cum)[0]
                    style = r.random()
                    if style < 0.1:
                        name = _strip(name)
                    elif style < 0.14:
                        name = name.upper()
                    elif style < 0.17:
                        name += " [sic]"
                    sentence[i] = name
            sentence[0] = sentence[0][:1].upper() + sentence[0][1:]
            text = " ".join(sentence) + r.choice((". ", ". ", ", ", "; ", ".\n\n", ".  "))
            if r.random() < 0.05 and len(text) > 40:  # a word hyphenated across a line end
                cut = text.index(" ", 20) - 2
                text = text[:cut] + "-\n" + text[cut:]
            parts.append(text)
            size += len(text.encode())
        doc = "".join(parts)
        made += len(doc.encode())
        yield f"doc{doc_no:05d}", doc
