"""Words to index and words to look for, the same for every search backend (SQLite FTS5, PostgreSQL).

A Finnish word has many forms ("energiatehokkuus", "energiatehokkuuden", "energiatehokkaiden"), and the
Snowball stemmer alone does not bring them together: consonant gradation (kk/k, nk/ng) and derivations
(-uus, -us) leave different stems. So the index keeps the words of a text as they are (lower case, NFKC),
and a query word becomes a *prefix* built from its stems: the Finnish stem with a derivational ending
(-uus, -us, -yys, -ys) and then the last vowels and consonants (where gradation alters the word) taken off, and the Swedish and English stems. A
document matches a query word when one of its words starts with one of those prefixes; every query word
must match (AND). The prefixes are letters and digits only, so no query syntax reaches a backend.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

from cores.similarity.text import MAX_CHARS
from cores.similarity.text import stem as finnish_stem

#: A prefix is never shorter than this (shorter query words are looked for as they are).
MIN_PREFIX = 4
#: At most this many words of a query are used (a pasted paragraph must not make a huge query).
MAX_QUERY_WORDS = 8

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_DERIVATIONS = ("uus", "yys", "uud", "yyd", "uut", "yyt", "us", "ys")
_VOWELS = set("aeiouyäöå")
_swedish = Stemmer.Stemmer("swedish")
_english = Stemmer.Stemmer("english")


def words(text: str) -> list[str]:
    """The words of a text, NFKC and lower case, letters and digits only."""
    if not isinstance(text, str):
        return []
    return _WORD.findall(unicodedata.normalize("NFKC", text[:MAX_CHARS]).casefold())


def document(*texts: str) -> str:
    """The text a backend indexes: the words of the texts, and a Finnish stem where it is not a prefix of
    its word (so that a prefix built from a stem always finds the word)."""
    out: list[str] = []
    for text in texts:
        for word in words(text):
            out.append(word)
            root = finnish_stem(word)
            if not word.startswith(root):
                out.append(root)
    return " ".join(out)


@lru_cache(maxsize=10_000)
def finnish_prefix(word: str) -> str:
    """The Finnish stem of a word without a derivational ending, then without its last vowels and
    consonants (at most two of each), never shorter than ``MIN_PREFIX`` + 1 letters."""
    root = finnish_stem(word)
    for ending in _DERIVATIONS:
        if root.endswith(ending) and len(root) - len(ending) >= MIN_PREFIX + 1:
            root = root[: -len(ending)]
            break
    # Consonant gradation changes the last syllable (kk/k, mp/mm, nk/ng, t/d): the prefix ends before
    # it, at the vowel before the last consonants.
    for letters in (_VOWELS, None):
        for _ in range(2):
            last = root[-1]
            in_group = last in _VOWELS if letters else (last not in _VOWELS and last.isalpha())
            if len(root) > MIN_PREFIX + 1 and in_group:
                root = root[:-1]
    return root


@lru_cache(maxsize=10_000)
def prefixes(word: str) -> tuple[str, ...]:
    """The prefixes one query word is looked for by, shortest first and none a prefix of another."""
    if len(word) <= MIN_PREFIX or word.isdigit():
        return (word,)
    candidates = {finnish_prefix(word), _swedish.stemWord(word), _english.stemWord(word)}
    candidates = {c if len(c) >= MIN_PREFIX else word[:MIN_PREFIX] for c in candidates if c}
    kept: list[str] = []
    for candidate in sorted(candidates, key=lambda c: (len(c), c)):
        if not any(candidate.startswith(k) for k in kept):
            kept.append(candidate)
    return tuple(kept)


def query(text: str) -> list[tuple[str, ...]]:
    """A query: for each of its words (at most ``MAX_QUERY_WORDS``, repeats dropped) the prefixes to look for."""
    seen: list[str] = []
    for word in words(text):
        if word not in seen:
            seen.append(word)
    return [prefixes(word) for word in seen[:MAX_QUERY_WORDS]]


def matches(doc: str, wanted: list[tuple[str, ...]]) -> bool:
    """The reference semantics the backends implement: every query word has a document word starting with
    one of its prefixes (an empty query matches nothing)."""
    if not wanted:
        return False
    indexed = doc.split()
    return all(any(w.startswith(p) for w in indexed for p in alternatives) for alternatives in wanted)
