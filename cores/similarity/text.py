"""Turning a text into features: normalisation, words, Finnish stems and character n-grams.

Everything here is deterministic and depends on the text alone (no corpus): the corpus-dependent weights
(inverse document frequencies) are applied by the scorer and the index.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

#: Longer texts are cut to this many characters before they are analysed: a project text is far shorter,
#: and a 1 MB paste must neither hang the page nor flood the index.
MAX_CHARS = 20_000

#: Character n-gram sizes, taken inside word boundaries (a word is padded with one space on each side):
#: 4-grams alone were as accurate as 3–5-grams on the labelled pairs, with a third of the features.
NGRAM_SIZES = (4,)

_WORD = re.compile(r"\w+", re.UNICODE)

_stemmer = Stemmer.Stemmer("finnish")


@dataclass(frozen=True)
class Token:
    """One word of a text: its place (character offsets in the original text), its lower-case form."""

    start: int
    end: int
    word: str


def normalise(text: str) -> str:
    """NFKC, lower case; anything that is not a string becomes the empty string."""
    if not isinstance(text, str):
        return ""
    return unicodedata.normalize("NFKC", text[:MAX_CHARS]).casefold()


def tokens(text: str) -> list[Token]:
    """The words of a text with their offsets in the (cut) original. Underscores count as separators."""
    if not isinstance(text, str):
        return []
    cut = text[:MAX_CHARS]
    out: list[Token] = []
    for match in _WORD.finditer(cut):
        for part in re.finditer(r"[^_]+", match.group()):
            word = unicodedata.normalize("NFKC", part.group()).casefold()
            start = match.start() + part.start()
            out.append(Token(start, start + len(part.group()), word))
    return out


def is_number(word: str) -> bool:
    return word.isdigit()


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The Finnish Snowball stem of a lower-case word; numbers are kept whole."""
    if is_number(word):
        return word
    result: str = _stemmer.stemWord(word)
    return result


@lru_cache(maxsize=50_000)
def word_ngrams(word: str) -> tuple[str, ...]:
    """Character n-grams of one word padded with spaces; a number is one feature of its own, because
    2017 and 2011 share digits but not meaning."""
    if is_number(word):
        return ("#" + word,)
    padded = f" {word} "
    grams: list[str] = []
    for n in NGRAM_SIZES:
        if len(padded) < n:
            continue
        grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    if not grams:
        grams.append(padded)
    return tuple(grams)


@dataclass(frozen=True)
class Features:
    """Sublinear term frequencies (1 + ln count) of the two feature blocks of one text."""

    chars: dict[str, float]
    stems: dict[str, float]

    @property
    def empty(self) -> bool:
        return not self.chars and not self.stems


def _sublinear(counts: Counter[str]) -> dict[str, float]:
    return {key: 1.0 + math.log(count) for key, count in counts.items()}


def features(text: str) -> Features:
    """The features of a text: character n-grams of its words and the Finnish stems of its words."""
    return features_of(token.word for token in tokens(text))


def features_of(words: Iterable[str]) -> Features:
    """The features of a text's words (lower-case, as :func:`tokens` gives them)."""
    chars: Counter[str] = Counter()
    stems: Counter[str] = Counter()
    for word in words:
        chars.update(word_ngrams(word))
        stems[stem(word)] += 1
    return Features(_sublinear(chars), _sublinear(stems))
