"""The pair features and the fitted pair model behind the score.

The cosine of two texts (the mean of the cosines of their character 4-grams and of their stems) measures
what they share. What tells a paraphrase from a merely related text is often what is *left over*: a name,
a clause or a word without a counterpart on the other side. The score combines the cosine ``c`` with a small
model's probability ``m`` (0–1) that the pair is a paraphrase:

    score = max(F(c), min(m, U(c))),   U(c) = min(1, max(OFFSET, SLOPE · c)),   F(c) = max(0, (c - FLOOR) / (1 - FLOOR))

with OFFSET 0.1, SLOPE 1.2 and FLOOR 0.6 (stored with the model). Hence, by construction:

- the score lies in [0, 1] and is symmetric (every feature is: a maximum, a minimum, a sum or the size of
  a difference of the two sides);
- identical texts (c = 1) score 1, and a text without words scores 0 against everything;
- the score never exceeds ``U(c)``: the index leaves out every pair whose cosine is below
  ``U⁻¹(threshold) = threshold / 1.2`` and is still exact (``Model.gate``), and ranks candidates best cosine
  first, stopping when no unscored one can reach the k-th score (``Model.bound``);
- it never falls below ``F(c)``: a close copy (c ≥ 0.6) keeps a score that grows with its cosine, whatever
  the model reads into it;
- two texts sharing no feature (c = 0) score at most 0.1, ranked by the model (short paraphrases without
  a shared word exist); the index never lists them.

Numbers, and words holding a digit ("85kw", "2021"), take no part in the model's features; they count only
through the cosine. On paraphrase pairs a changed number means "another statement", but in a funding
portfolio the same text with other figures is exactly the near-copy a double-funding check must flag.
The model reads features clipped to the range of the pairs it was fitted on (sentences): a longer text is
read as the longest of those, never extrapolated.

Features are computed for many pairs at once from sparse matrices of the two sides' stems and character
4-grams (term frequencies in the corpus's columns), so a rescoring costs a few sparse products, not a Python
loop per pair. The model (a logistic regression, boosted trees and a 2-layer network, their probabilities
averaged) is fitted by ``benchmarks/overlap/train.py`` on the Turku paraphrase pairs and shipped in
``model.json`` beside this module (read with ``json``, no pickle).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from .text import MAX_CHARS, Features, features_of, stem, tokens
from .weights import BLOCK_WEIGHTS, BLOCKS, FloatArray, IntArray, csr, encode, idf, normalised

#: Words that negate a clause (Finnish, Swedish, English).
NEGATIONS = frozenset({"ei", "eikä", "en", "et", "emme", "ette", "eivät", "älä", "ilman", "inte", "not"})

FEATURE_NAMES = (
    "cosine_without_numbers",
    "cos_chars_without_numbers",
    "cos_stems_without_numbers",
    "stem_share_max",
    "stem_share_min",
    "gram_share_max",
    "gram_share_min",
    "unmatched_stem_share_max",
    "unmatched_stem_share_min",
    "unmatched_top_idf_max",
    "unmatched_top_idf_min",
    "log_word_ratio",
    "words_short",
    "words_long",
    "negation_one_side",
    "names_one_side",
    "names_any",
    "stem_jaccard",
    "gram_dice",
    "log_char_ratio",
    "same_end",
    "prefix_share_max",
    "prefix_share_min",
    "prefix_unmatched_max",
    "prefix_unmatched_min",
    "prefix_top_idf_max",
    "prefix_top_idf_min",
    "plain_words_short",
    "plain_words_long",
)

#: A stem counts as matched by a loose counterpart when the other text has a stem with the same first
#: letters, this many (``prefix_*`` features): "kaupunki" and "kaupallinen", "yritys" and "yrittäjä".
#: A near-synonym or a derived word often shares its beginning where its stem does not; measured against
#: 2 to 6 letters on held-out pairs (docs/overlaps.md).
PREFIX_LETTERS = 3

MODEL_FILE = Path(__file__).with_name("model.json")

#: Features are rounded to this many decimals before the model reads them, so the index and
#: ``score_pairs`` (the same quantities summed in another order) feed the model identical values.
_DECIMALS = 9


@dataclass(frozen=True)
class TextInfo:
    """What the pair features need of one text beside its feature blocks."""

    words: int
    chars: int
    ending: int
    negation: bool
    names: frozenset[str]
    stems: frozenset[str]
    plain_words: int


_ENDINGS = {".": 1, "?": 2, "!": 3}


def has_digit(feature: str) -> bool:
    """Whether a word, stem or n-gram holds a digit: a number or a quantity ("85kw", "63m2"), which the
    model's features leave out."""
    return any(ch.isdigit() for ch in feature)


def prefix(stem_text: str) -> str:
    """The first letters of a stem by which a loose counterpart is found (``PREFIX_LETTERS``)."""
    return stem_text[:PREFIX_LETTERS]


def prefix_ids(stems: Iterable[str], table: dict[str, int]) -> IntArray:
    """The id of each stem's prefix in ``table`` (new prefixes get new ids)."""
    return np.fromiter((table.setdefault(prefix(s), len(table)) for s in stems), dtype=np.int64)


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in ".!?:\"'"


def analyse(text: str) -> tuple[Features, TextInfo]:
    """The feature blocks of a text (as :func:`cores.similarity.text.features`) and its :class:`TextInfo`,
    from one pass over its words."""
    raw = text if isinstance(text, str) else ""
    cut = raw[:MAX_CHARS]
    found = tokens(cut)
    stems: set[str] = set()
    names: set[str] = set()
    negation = False
    plain_words = 0
    for token in found:
        word = token.word
        plain_words += not has_digit(word)
        word_stem = stem(word)
        stems.add(word_stem)
        if word in NEGATIONS:
            negation = True
        if not has_digit(word) and cut[token.start].isupper() and not _sentence_start(cut, token.start):
            names.add(word_stem)
    end = cut.rstrip(" \t\n\"'»”)")[-1:]
    feats = features_of(token.word for token in found)
    info = TextInfo(
        words=len(found),
        chars=len(unicodedata.normalize("NFKC", cut).strip()),
        ending=_ENDINGS.get(end, 0),
        negation=negation,
        names=frozenset(names),
        stems=frozenset(s for s in stems if not has_digit(s)),
        plain_words=plain_words,
    )
    return feats, info


@dataclass
class Side:
    """One side of many pairs, row ``p`` for pair ``p``: the term frequencies of stems and of character
    4-grams (CSR, the corpus's columns) and each text's :class:`TextInfo`."""

    stems: Any
    grams: Any
    infos: list[TextInfo]


@dataclass(frozen=True)
class BlockTerms:
    """What the pair features need of one feature block, one value per pair: the summed weight and the
    number of the (weighted) columns on both sides, each side's weight and number of columns, the highest
    weight on each side among its columns absent from the other, and the cosine of the weighted term
    frequencies. Numbers weigh 0 (``weights`` of :func:`pair_features`), so they count nowhere."""

    shared: FloatArray
    shared_n: FloatArray
    mass_a: FloatArray
    mass_b: FloatArray
    n_a: FloatArray
    n_b: FloatArray
    top_a: FloatArray
    top_b: FloatArray
    cosine: FloatArray


def _binary(matrix: Any) -> Any:
    out = sp.csr_matrix(matrix, copy=True)
    out.data = np.ones_like(out.data, dtype=np.float64)
    return out


def _row_max(matrix: Any) -> FloatArray:
    if matrix.shape[1] == 0:
        return np.zeros(matrix.shape[0], dtype=np.float64)
    result: FloatArray = np.asarray(matrix.max(axis=1).todense(), dtype=np.float64).ravel()
    return result


def _top_left(s: Any, both: Any, weights: FloatArray) -> FloatArray:
    """Per row, the highest weight among the columns of ``s`` not in ``both`` (0 when there is none)."""
    left = (s - s.multiply(both)).tocsr() @ sp.diags(weights)
    return _row_max(sp.csr_matrix(left))


def weighted_cosine(dot: FloatArray, norm2_a: FloatArray, norm2_b: FloatArray) -> FloatArray:
    """``dot / (|a|·|b|)`` from the dot products and squared norms, in [0, 1], 0 where a side is empty."""
    denom = np.sqrt(norm2_a) * np.sqrt(norm2_b)
    result: FloatArray = np.clip(np.divide(dot, denom, out=np.zeros(len(dot)), where=denom > 0), 0.0, 1.0)
    return result


def block_terms(ta: Any, tb: Any, weights: FloatArray, *, unmatched_top: bool = True) -> BlockTerms:
    """The :class:`BlockTerms` of pairs ``(ta[p], tb[p])``: two CSR matrices of term frequencies in the
    same columns, ``weights`` per column. The highest unmatched weights only when ``unmatched_top`` (the
    features read them of the stems only; 0 otherwise)."""
    counts = (weights > 0).astype(np.float64)
    squared = weights * weights
    sa, sb = _binary(ta), _binary(tb)
    both = sa.multiply(sb).tocsr()
    return BlockTerms(
        shared=both @ weights,
        shared_n=both @ counts,
        mass_a=sa @ weights,
        mass_b=sb @ weights,
        n_a=sa @ counts,
        n_b=sb @ counts,
        top_a=_top_left(sa, both, weights) if unmatched_top else np.zeros(sa.shape[0]),
        top_b=_top_left(sb, both, weights) if unmatched_top else np.zeros(sb.shape[0]),
        cosine=weighted_cosine(
            ta.multiply(tb).tocsr() @ squared,
            ta.multiply(ta).tocsr() @ squared,
            tb.multiply(tb).tocsr() @ squared,
        ),
    )


@dataclass(frozen=True)
class PrefixTerms:
    """Each side's stems with a loose counterpart on the other side (a stem there with the same
    :func:`prefix`), one value per pair: their summed weight and number, and the highest weight among the
    side's stems without one (0 when every stem has one). Numbers weigh 0 and count nowhere."""

    matched_a: FloatArray
    matched_b: FloatArray
    matched_n_a: FloatArray
    matched_n_b: FloatArray
    top_a: FloatArray
    top_b: FloatArray


def grouped_max(owner: IntArray, values: FloatArray, n: int) -> FloatArray:
    """Per group ``0 .. n - 1``, the highest of ``values`` (0 for an empty group); ``owner`` (each
    value's group) is sorted."""
    out = np.zeros(n, dtype=np.float64)
    if len(owner):
        starts = np.flatnonzero(np.concatenate(([True], owner[1:] != owner[:-1])))
        out[owner[starts]] = np.maximum.reduceat(values, starts)
    return out


def _member(keys: IntArray, among: IntArray) -> Any:
    """Whether each of ``keys`` is one of ``among``: a sort and a binary search (``np.isin`` hashes,
    eight times slower here on a million keys)."""
    ordered = np.sort(among)
    if not len(ordered):
        return np.zeros(len(keys), dtype=bool)
    return ordered[np.minimum(np.searchsorted(ordered, keys), len(ordered) - 1)] == keys


def prefix_terms(ta: Any, tb: Any, weights: FloatArray, prefix_of: IntArray) -> PrefixTerms:
    """The :class:`PrefixTerms` of pairs ``(ta[p], tb[p])``: two CSR matrices of stem frequencies in
    the same columns, ``weights`` per column (0 for a number) and each column's prefix id."""
    n = ta.shape[0]
    n_prefixes = int(prefix_of.max()) + 1 if len(prefix_of) else 1

    def entries(matrix: Any) -> tuple[IntArray, FloatArray, IntArray]:
        matrix = sp.csr_matrix(matrix)
        owner = np.repeat(np.arange(n, dtype=np.int64), np.diff(matrix.indptr))
        cols = matrix.indices.astype(np.int64)
        weight = weights[cols]
        live = weight > 0
        return owner[live], weight[live], owner[live] * n_prefixes + prefix_of[cols[live]]

    owner_a, weight_a, key_a = entries(ta)
    owner_b, weight_b, key_b = entries(tb)
    hit_a = _member(key_a, key_b)
    hit_b = _member(key_b, key_a)
    return PrefixTerms(
        matched_a=np.bincount(owner_a, weights=weight_a * hit_a, minlength=n).astype(np.float64),
        matched_b=np.bincount(owner_b, weights=weight_b * hit_b, minlength=n).astype(np.float64),
        matched_n_a=np.bincount(owner_a, weights=hit_a, minlength=n).astype(np.float64),
        matched_n_b=np.bincount(owner_b, weights=hit_b, minlength=n).astype(np.float64),
        top_a=grouped_max(owner_a, np.where(hit_a, 0.0, weight_a), n),
        top_b=grouped_max(owner_b, np.where(hit_b, 0.0, weight_b), n),
    )


def pair_features(
    a: Side, b: Side, stem_weights: FloatArray, gram_weights: FloatArray, prefix_of: IntArray
) -> FloatArray:
    """The features (``FEATURE_NAMES``) of each pair ``(a[p], b[p])``. ``stem_weights`` and
    ``gram_weights`` are the columns' idf, 0 for a column that is a number: no feature sees a number;
    ``prefix_of`` is each stem column's :func:`prefix` id. Symmetric in ``a`` and ``b``."""
    if a.stems.shape[0] == 0:
        return np.zeros((0, len(FEATURE_NAMES)), dtype=np.float64)
    return features_from_terms(
        block_terms(a.stems, b.stems, stem_weights),
        block_terms(a.grams, b.grams, gram_weights, unmatched_top=False),
        text_terms(a.infos, b.infos),
        prefix_terms(a.stems, b.stems, stem_weights, prefix_of),
    )


@dataclass(frozen=True)
class TextTerms:
    """What the features read of the two texts' infos, one value per pair: their words and characters,
    whether one side only has a negation, the names on one side only and on either side, and whether they
    end alike. A name is on one side only when it is written with a capital there and not found on the
    other side at all (title case on one side and not on the other is no new name)."""

    words_a: FloatArray
    words_b: FloatArray
    chars_a: FloatArray
    chars_b: FloatArray
    negation_one_side: FloatArray
    names_one_side: FloatArray
    names_any: FloatArray
    same_end: FloatArray
    plain_words_a: FloatArray
    plain_words_b: FloatArray


def text_terms(infos_a: list[TextInfo], infos_b: list[TextInfo]) -> TextTerms:
    """The :class:`TextTerms` of pairs ``(infos_a[p], infos_b[p])``, with the names as sets."""
    table = np.array(
        [
            (
                x.words,
                y.words,
                x.chars,
                y.chars,
                x.negation != y.negation,
                len(x.names - y.stems) + len(y.names - x.stems),
                len(x.names | y.names),
                x.ending == y.ending,
                x.plain_words,
                y.plain_words,
            )
            for x, y in zip(infos_a, infos_b, strict=True)
        ],
        dtype=np.float64,
    ).reshape(len(infos_a), 10)
    return TextTerms(*table.T)


def features_from_terms(
    stems: BlockTerms, grams: BlockTerms, text: TextTerms, prefixes: PrefixTerms
) -> FloatArray:
    """The features (``FEATURE_NAMES``) of each pair from its two blocks' terms, its texts' terms and
    its stems' loose counterparts: the one definition of the features, whichever way the terms were
    computed."""
    n = len(stems.shared)
    if n == 0:
        return np.zeros((0, len(FEATURE_NAMES)), dtype=np.float64)

    def ratio(top: FloatArray, bottom: FloatArray) -> FloatArray:
        return np.divide(top, bottom, out=np.zeros(n), where=bottom > 0)

    def high_low(a: FloatArray, b: FloatArray) -> list[FloatArray]:
        """A quantity of each side as the larger and the smaller: symmetric in the two texts."""
        return [np.maximum(a, b), np.minimum(a, b)]

    words_a, words_b, chars_a, chars_b = text.words_a, text.words_b, text.chars_a, text.chars_b
    columns = [
        (grams.cosine + stems.cosine) / 2,
        grams.cosine,
        stems.cosine,
        *high_low(ratio(stems.shared, stems.mass_a), ratio(stems.shared, stems.mass_b)),
        *high_low(ratio(grams.shared, grams.mass_a), ratio(grams.shared, grams.mass_b)),
        *high_low(ratio(stems.n_a - stems.shared_n, stems.n_a), ratio(stems.n_b - stems.shared_n, stems.n_b)),
        *high_low(stems.top_a, stems.top_b),
        np.abs(np.log1p(words_a) - np.log1p(words_b)),
        *high_low(words_a, words_b)[::-1],
        text.negation_one_side,
        text.names_one_side,
        text.names_any,
        ratio(stems.shared_n, stems.n_a + stems.n_b - stems.shared_n),
        ratio(2 * grams.shared_n, grams.n_a + grams.n_b),
        np.abs(np.log1p(chars_a) - np.log1p(chars_b)),
        text.same_end,
        *high_low(ratio(prefixes.matched_a, stems.mass_a), ratio(prefixes.matched_b, stems.mass_b)),
        *high_low(
            ratio(stems.n_a - prefixes.matched_n_a, stems.n_a),
            ratio(stems.n_b - prefixes.matched_n_b, stems.n_b),
        ),
        *high_low(prefixes.top_a, prefixes.top_b),
        *high_low(text.plain_words_a, text.plain_words_b)[::-1],
    ]
    assert len(columns) == len(FEATURE_NAMES)
    out: FloatArray = np.column_stack(columns).astype(np.float64, copy=False)
    return out


def corpus_features(texts_a: list[str], texts_b: list[str]) -> tuple[FloatArray, FloatArray]:
    """The cosine and the features of each pair ``(texts_a[i], texts_b[i])`` with the idf of the distinct
    texts of both lists (as :func:`cores.similarity.score_pairs` computes them)."""
    distinct = list(dict.fromkeys(texts_a + texts_b))
    row_of = {text: row for row, text in enumerate(distinct)}
    analysed = [analyse(text) for text in distinct]
    rows_a = np.array([row_of[t] for t in texts_a], dtype=np.int64)
    rows_b = np.array([row_of[t] for t in texts_b], dtype=np.int64)
    cosines: list[FloatArray] = []
    matrices: list[Any] = []
    weights: list[FloatArray] = []
    vocabs: list[dict[str, int]] = []
    for name in BLOCKS:
        vocab: dict[str, int] = {}
        vocabs.append(vocab)
        idx, val = encode((getattr(f, name) for f, _ in analysed), vocab, grow=True)
        matrix = csr(idx, val, len(vocab))
        df = np.bincount(matrix.indices, minlength=len(vocab)).astype(np.float64)
        weight = idf(df, len(distinct))
        z = normalised(matrix, weight)
        cosines.append(np.asarray(z[rows_a].multiply(z[rows_b]).sum(axis=1), dtype=np.float64).ravel())
        numbers = np.array([has_digit(f) for f in vocab], dtype=bool)
        matrices.append(matrix)
        weights.append(np.where(numbers, 0.0, weight) if len(vocab) else weight)
    infos = [info for _, info in analysed]
    chars, stems = matrices
    side_a = Side(stems[rows_a], chars[rows_a], [infos[r] for r in rows_a])
    side_b = Side(stems[rows_b], chars[rows_b], [infos[r] for r in rows_b])
    cosine = np.clip(
        sum(w * np.clip(c, 0.0, 1.0) for w, c in zip(BLOCK_WEIGHTS, cosines, strict=True)), 0.0, 1.0
    )
    prefix_of = prefix_ids(vocabs[BLOCKS.index("stems")], {})
    return cosine, pair_features(side_a, side_b, weights[1], weights[0], prefix_of)


# -- the boosted trees -----------------------------------------------------------------------------------
class Forest:
    """Boosted trees of one depth (nodes in heap order: node ``j``'s children are ``2j + 1`` and
    ``2j + 2``; "right" when the feature is above the node's threshold), evaluated for many rows at once.

    For trees of at most 8 leaves the evaluation reads no node per row (the QuickScorer scheme of
    Lucchese et al., SIGIR 2015): a feature's thresholds cut its values into bins, and for each bin a
    table holds, per tree, the leaves still possible once every node of that tree on that feature has
    been decided. A row's leaf in a tree is the one leaf left after ANDing its feature bins' masks (a node
    off the row's path rules out leaves off the path only), and its value is read from a table indexed
    by that mask. Exact: ``x > threshold`` is ``bin(x) > rank(threshold)``. Deeper trees are walked
    level by level (:meth:`walk`, also the reference the tests compare with)."""

    def __init__(
        self, base: float, depth: int, features: Any, thresholds: FloatArray, leaves: FloatArray
    ) -> None:
        self.base = base
        self.depth = depth
        self.features = np.asarray(features, dtype=np.int64)
        self.thresholds = np.asarray(thresholds, dtype=np.float64)
        self.leaves = np.asarray(leaves, dtype=np.float64)
        n_trees = self.features.shape[0]
        self.tables: list[Any] = []
        self.cuts: list[FloatArray] = []
        if n_trees == 0 or 2**depth > 8:
            return
        n_features = int(self.features.max()) + 1
        padded = -(-n_trees // 8) * 8  # whole 64-bit words of eight one-byte masks
        for feature in range(n_features):
            cuts = np.unique(self.thresholds[self.features == feature])
            table = np.full((len(cuts) + 1, padded), 0xFF, dtype=np.uint8)
            for tree, node in zip(*np.nonzero(self.features == feature), strict=True):
                level = (int(node) + 1).bit_length() - 1
                span = 2 ** (depth - level)
                low = (int(node) - (2**level - 1)) * span
                left = ((1 << (span // 2)) - 1) << low
                right = left << (span // 2)
                rank = int(np.searchsorted(cuts, self.thresholds[tree, node]))
                table[: rank + 1, tree] &= 0xFF & ~right  # at or below the threshold: not right
                table[rank + 1 :, tree] &= 0xFF & ~left
            self.cuts.append(cuts)
            self.tables.append(table.view(np.uint64))
        # the value of each tree's leaf for every mask with that leaf as its lowest bit (padding: 0)
        lowest = np.array([(m & -m).bit_length() - 1 if m else 0 for m in range(256)], dtype=np.int64)
        values = np.zeros((padded, 8), dtype=np.float64)
        values[:n_trees, : 2**depth] = self.leaves
        self.by_mask = values[:, lowest].ravel()
        self.mask_base = np.arange(padded, dtype=np.int32) * 256

    def margin(self, x: FloatArray) -> FloatArray:
        """The summed margin of the trees for each row of ``x`` (plus the base)."""
        if not self.tables or len(x) == 0:
            return self.walk(x)
        mask = np.take(self.tables[0], np.searchsorted(self.cuts[0], x[:, 0], side="left"), axis=0)
        for feature in range(1, len(self.tables)):
            bins = np.searchsorted(self.cuts[feature], x[:, feature], side="left")
            np.bitwise_and(mask, np.take(self.tables[feature], bins, axis=0), out=mask)
        at = mask.view(np.uint8).astype(np.int32)
        at += self.mask_base
        result: FloatArray = self.base + np.take(self.by_mask, at).sum(axis=1)
        return result

    def walk(self, x: FloatArray) -> FloatArray:
        """The same margin, each tree walked from its root one level at a time."""
        n = len(x)
        out = np.full(n, self.base)
        if n == 0 or self.features.shape[0] == 0:
            return out
        n_trees, nodes = self.features.shape
        features = self.features.ravel()
        thresholds = self.thresholds.ravel()
        leaves = self.leaves.ravel()
        first_node = np.arange(n_trees) * nodes
        first_leaf = np.arange(n_trees) * self.leaves.shape[1]
        step = max(1, 200_000 // n_trees)
        for first in range(0, n, step):
            part = x[first : first + step]
            rows = np.arange(len(part))[:, None]
            node = np.zeros((len(part), n_trees), dtype=np.int64)
            for _ in range(self.depth):
                at = first_node + node
                node = 2 * node + 1 + (part[rows, features[at]] > thresholds[at])
            out[first : first + step] += leaves[first_leaf + node - nodes].sum(axis=1)
        return out


# -- the model --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Model:
    """The fitted pair model: a mean of the probabilities of a logistic regression, boosted trees and a
    2-layer network, and the floor and bound of the score in terms of the cosine."""

    floor: float
    offset: float
    slope: float
    low: FloatArray
    high: FloatArray
    mean: FloatArray
    spread: FloatArray
    logistic: FloatArray
    logistic_bias: float
    trees: Forest
    w1: FloatArray
    b1: FloatArray
    w2: FloatArray
    b2: float

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Model:
        if tuple(data["features"]) != FEATURE_NAMES:
            raise ValueError("the model was fitted on other features")
        arr = np.asarray
        return cls(
            floor=float(data["floor"]),
            offset=float(data["offset"]),
            slope=float(data["slope"]),
            low=arr(data["low"], dtype=np.float64),
            high=arr(data["high"], dtype=np.float64),
            mean=arr(data["mean"], dtype=np.float64),
            spread=arr(data["spread"], dtype=np.float64),
            logistic=arr(data["logistic"]["coef"], dtype=np.float64),
            logistic_bias=float(data["logistic"]["bias"]),
            trees=Forest(
                float(data["trees"]["base"]),
                int(data["trees"]["depth"]),
                arr(data["trees"]["features"], dtype=np.int64),
                arr(data["trees"]["thresholds"], dtype=np.float64),
                arr(data["trees"]["leaves"], dtype=np.float64),
            ),
            w1=arr(data["network"]["w1"], dtype=np.float64),
            b1=arr(data["network"]["b1"], dtype=np.float64),
            w2=arr(data["network"]["w2"], dtype=np.float64),
            b2=float(data["network"]["b2"]),
        )

    def probability(self, x: FloatArray) -> FloatArray:
        """The mean of the three models' probabilities that each pair (a row of features) is a paraphrase."""
        # within the range of the pairs the model was fitted on: longer texts than the fitted sentences
        # are read as the longest of those, not extrapolated
        x = np.clip(np.round(x, _DECIMALS), self.low, self.high)
        z = (x - self.mean) / self.spread
        logistic = z @ self.logistic + self.logistic_bias
        network = np.tanh(z @ self.w1 + self.b1) @ self.w2 + self.b2
        trees = self.trees.margin(x)
        result: FloatArray = (_sigmoid(logistic) + _sigmoid(trees) + _sigmoid(network)) / 3.0
        return result

    def combine(self, cosine: FloatArray, features: FloatArray, probability: FloatArray) -> FloatArray:
        """The score from the cosine, the features (for the words on each side) and the model's
        probability: ``max(c ** floor, min(m, U(c)))``, 0 when a text has no words (module docstring)."""
        c = np.clip(cosine, 0.0, 1.0)
        m = np.clip(probability, 0.0, 1.0)
        floor = np.maximum(0.0, (c - self.floor) / (1.0 - self.floor))
        result: FloatArray = np.maximum(floor, np.minimum(m, self.bound(c)))
        result[features[:, 12] <= 0] = 0.0
        clipped: FloatArray = np.clip(result, 0.0, 1.0)
        return clipped

    def bound(self, cosine: FloatArray) -> FloatArray:
        """``U(c) = min(1, max(offset, slope · c))``: the highest score a pair with cosine ``c`` can reach."""
        result: FloatArray = np.minimum(1.0, np.maximum(self.offset, self.slope * np.clip(cosine, 0.0, 1.0)))
        return result

    def gate(self, threshold: float) -> float:
        """The cosine below which no pair can score ``threshold`` (``U⁻¹``), a little lower for rounding;
        0 when even a pair sharing nothing may reach it."""
        if threshold <= self.offset:
            return 0.0
        return max(0.0, min(1.0, threshold) / self.slope - 1e-9)

    def score(self, cosine: FloatArray, features: FloatArray) -> FloatArray:
        """The score of pairs with these cosines (the score's, numbers included) and pair features."""
        return self.combine(cosine, features, self.probability(features))


def _sigmoid(z: FloatArray) -> FloatArray:
    result: FloatArray = 0.5 * (1.0 + np.tanh(0.5 * z))
    return result


@cache
def model() -> Model:
    """The shipped model (``model.json`` beside this module), read once."""
    with MODEL_FILE.open(encoding="utf-8") as handle:
        return Model.from_dict(json.load(handle))
