"""Features of a pair of texts beside the cosines: what the two texts share and what is left over.

A paraphrase and a merely related text often share as many words; what tells them apart is what is left
over (a name, a number or a clause changed, a negation added). These features describe both, from the two
texts, the cosines of the score's blocks and the inverse document frequency of stems in the corpus (no
labels). Used by ``pair_models.py``; nothing here is used by the application. Every feature is
symmetric: swapping the two texts gives the same features.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from difflib import SequenceMatcher

from cores.similarity.text import Token, is_number, stem, tokens, word_ngrams

#: Words that negate a clause (Finnish, Swedish, English).
NEGATIONS = frozenset({"ei", "eikä", "en", "et", "emme", "ette", "eivät", "älä", "ilman", "inte", "not"})

#: A pair of long texts is compared word by word on at most this many words of each (the rest counts
#: through the cosines only): the word alignment is quadratic in the number of words.
MAX_WORDS = 400

FEATURE_NAMES = (
    "score",
    "cos_chars",
    "cos_stems",
    "leftover_max",
    "leftover_min",
    "unmatched_max",
    "unmatched_min",
    "unmatched_top_idf",
    "unmatched_names",
    "log_length_ratio",
    "words_short",
    "words_long",
    "numbers_one_side",
    "numbers_both",
    "negation_one_side",
    "names_one_side",
    "names_any",
    "stem_containment",
    "order_ratio",
    "changed_blocks",
    "changed_idf_mass",
    "changed_top_idf",
    "same_words",
    "log_char_ratio",
    "same_end",
    "word_jaccard",
    "gram_dice",
    "char_ratio",
    "one_word_swaps",
    "digits_one_side",
    "capitals_diff",
    "short_words_dice",
    "surface_dice",
)


#: The words of each text, joined, are compared character by character up to this length.
MAX_FLAT = 2_000


def _ending(text: str) -> str:
    """The kind of punctuation a text ends with: a question, an exclamation, a full stop or none."""
    end = text.rstrip(" \t\n\"'»”)")[-1:]
    return end if end in "?!." else ""


def _capitals(text: str) -> float:
    """The share of a text's letters that are capitals."""
    letters = [c for c in text[:MAX_FLAT] if c.isalpha()]
    return sum(c.isupper() for c in letters) / len(letters) if letters else 0.0


def _surface(flat: str) -> set[str]:
    """Character trigrams of the words joined by spaces (across word boundaries)."""
    return {flat[i : i + 3] for i in range(len(flat) - 2)}


def _sentence_start(text: str, token: Token) -> bool:
    before = text[: token.start].rstrip()
    return not before or before[-1] in ".!?:\"'"


def _names(text: str, words: list[Token]) -> set[str]:
    """The stems of the words written with a capital not at a sentence start (names, mostly)."""
    return {stem(t.word) for t in words if text[t.start].isupper() and not _sentence_start(text, t)}


def _leftover(
    a: list[Token], b: list[Token], raw_a: str, weight_of: Callable[[str], float]
) -> tuple[float, float, float, float]:
    """Idf-weighted share of ``a``'s words without a counterpart in ``b`` (a counterpart: the same stem,
    close spelling, a shared five-letter stem prefix, or one inside the other as a compound part), the
    number of words without any, the highest idf among them and how many of them are capitalised."""
    stems_b = {stem(t.word) for t in b}
    grams_b = [(stem(t.word), t.word, set(word_ngrams(t.word))) for t in b]
    mass = missing = top = 0.0
    count = names = 0
    for token in a:
        word_stem = stem(token.word)
        weight = weight_of(word_stem)
        mass += weight
        if word_stem in stems_b:
            continue
        grams = set(word_ngrams(token.word))
        best = 0.0
        for other_stem, other_word, other_grams in grams_b:
            if grams and other_grams:
                best = max(best, 2 * len(grams & other_grams) / (len(grams) + len(other_grams)))
            if len(word_stem) >= 5 and other_stem.startswith(word_stem[:5]):
                best = max(best, 0.8)
            if len(word_stem) >= 4 and word_stem in other_word:
                best = max(best, 0.7)
        missing += weight * (1.0 - best)
        if best < 0.5:
            count += 1
            top = max(top, weight)
            if raw_a[token.start].isupper() and not _sentence_start(raw_a, token):
                names += 1
    return (missing / mass if mass else 0.0), float(count), top, float(names)


def pair_features(
    text_a: str,
    text_b: str,
    cos_chars: float,
    cos_stems: float,
    weight_of: Callable[[str], float],
) -> list[float]:
    """The features named in ``FEATURE_NAMES`` of one pair; ``weight_of(stem)`` is the stem's idf in the
    corpus. Symmetric: swapping the texts gives the same features."""
    raw_a = text_a if isinstance(text_a, str) else ""
    raw_b = text_b if isinstance(text_b, str) else ""
    ta, tb = tokens(raw_a)[:MAX_WORDS], tokens(raw_b)[:MAX_WORDS]
    share_a, count_a, top_a, names_a = _leftover(ta, tb, raw_a, weight_of)
    share_b, count_b, top_b, names_b = _leftover(tb, ta, raw_b, weight_of)
    numbers_a = {t.word for t in ta if is_number(t.word)}
    numbers_b = {t.word for t in tb if is_number(t.word)}
    words_a = {t.word for t in ta}
    words_b = {t.word for t in tb}
    names_in_a, names_in_b = _names(raw_a, ta), _names(raw_b, tb)
    short, long = sorted((len(ta), len(tb)))
    stems_a = [stem(t.word) for t in ta]
    stems_b = [stem(t.word) for t in tb]
    set_a, set_b = set(stems_a), set(stems_b)
    mass_a = sum(weight_of(s) for s in set_a)
    mass_b = sum(weight_of(s) for s in set_b)
    shared = sum(weight_of(s) for s in set_a & set_b)
    smaller = min(mass_a, mass_b)
    # the edits that turn one sequence of stems into the other (order-aware, unlike the cosines)
    if stems_a <= stems_b:
        first, second = stems_a, stems_b
    else:
        first, second = stems_b, stems_a
    matcher = SequenceMatcher(None, first, second, autojunk=False)
    blocks = 0
    changed_mass = changed_top = 0.0
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        blocks += 1
        for s in first[i1:i2] + second[j1:j2]:
            w = weight_of(s)
            changed_mass += w
            changed_top = max(changed_top, w)
    total_mass = sum(weight_of(s) for s in first) + sum(weight_of(s) for s in second)
    swaps = sum(
        1 for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag == "replace" and i2 - i1 == j2 - j1 == 1
    )
    grams_a = {g for t in ta for g in word_ngrams(t.word)}
    grams_b = {g for t in tb for g in word_ngrams(t.word)}
    flat_a = " ".join(t.word for t in ta)[:MAX_FLAT]
    flat_b = " ".join(t.word for t in tb)[:MAX_FLAT]
    flat_first, flat_second = sorted((flat_a, flat_b))
    chars_a, chars_b = len(raw_a.strip()), len(raw_b.strip())
    short_a = {w for w in words_a if len(w) <= 4}
    short_b = {w for w in words_b if len(w) <= 4}
    surface_a, surface_b = _surface(flat_a), _surface(flat_b)
    return [
        (cos_chars + cos_stems) / 2,
        cos_chars,
        cos_stems,
        max(share_a, share_b),
        min(share_a, share_b),
        max(count_a, count_b),
        min(count_a, count_b),
        max(top_a, top_b),
        max(names_a, names_b),
        math.log((1 + long) / (1 + short)),
        float(short),
        float(long),
        float(len(numbers_a ^ numbers_b)),
        float(len(numbers_a & numbers_b)),
        float(bool(words_a & NEGATIONS) != bool(words_b & NEGATIONS)),
        float(len(names_in_a ^ names_in_b)),
        float(len(names_in_a | names_in_b)),
        shared / smaller if smaller > 0 else 0.0,
        matcher.ratio() if first or second else 0.0,
        float(blocks),
        changed_mass / total_mass if total_mass > 0 else 0.0,
        changed_top,
        float(words_a == words_b and bool(words_a)),
        math.log((1 + max(chars_a, chars_b)) / (1 + min(chars_a, chars_b))),
        float(_ending(raw_a) == _ending(raw_b)),
        len(words_a & words_b) / len(words_a | words_b) if words_a | words_b else 0.0,
        2 * len(grams_a & grams_b) / (len(grams_a) + len(grams_b)) if grams_a or grams_b else 0.0,
        SequenceMatcher(None, flat_first, flat_second, autojunk=False).ratio() if flat_a or flat_b else 0.0,
        float(swaps),
        float(bool(numbers_a) != bool(numbers_b)),
        abs(_capitals(raw_a) - _capitals(raw_b)),
        2 * len(short_a & short_b) / (len(short_a) + len(short_b)) if short_a or short_b else 0.0,
        2 * len(surface_a & surface_b) / (len(surface_a) + len(surface_b)) if surface_a or surface_b else 0.0,
    ]
