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
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from .text import MAX_CHARS, Features, features_of, stem, tokens
from .weights import BLOCK_WEIGHTS, BLOCKS, FloatArray, csr, encode, idf, normalised

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
)

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


_ENDINGS = {".": 1, "?": 2, "!": 3}


def has_digit(feature: str) -> bool:
    """Whether a word, stem or n-gram holds a digit: a number or a quantity ("85kw", "63m2"), which the
    model's features leave out."""
    return any(ch.isdigit() for ch in feature)


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
    for token in found:
        word = token.word
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
    )
    return feats, info


@dataclass
class Side:
    """One side of many pairs, row ``p`` for pair ``p``: the term frequencies of stems and of character
    4-grams (CSR, the corpus's columns) and each text's :class:`TextInfo`. ``extra_*`` add features outside
    the corpus's vocabulary (a query text's unknown words): they count in the masses, counts, norms and top
    idf but can match nothing."""

    stems: Any
    grams: Any
    infos: list[TextInfo]
    extra_stem_mass: FloatArray | None = None
    extra_stem_count: FloatArray | None = None
    extra_stem_top: FloatArray | None = None
    extra_stem_norm2: FloatArray | None = None
    extra_gram_mass: FloatArray | None = None
    extra_gram_count: FloatArray | None = None
    extra_gram_norm2: FloatArray | None = None


def _binary(matrix: Any) -> Any:
    out = sp.csr_matrix(matrix, copy=True)
    out.data = np.ones_like(out.data, dtype=np.float64)
    return out


def _row_max(matrix: Any) -> FloatArray:
    if matrix.shape[1] == 0:
        return np.zeros(matrix.shape[0], dtype=np.float64)
    result: FloatArray = np.asarray(matrix.max(axis=1).todense(), dtype=np.float64).ravel()
    return result


def _or_zero(values: FloatArray | None, n: int) -> FloatArray:
    return np.zeros(n, dtype=np.float64) if values is None else values


def _mul(x: Any, y: Any) -> Any:
    """Elementwise product of two sparse or two dense matrices."""
    if isinstance(x, np.ndarray):
        return x * y
    return x.multiply(y).tocsr()


def _ones(x: Any) -> Any:
    """1 where a matrix holds a value."""
    if isinstance(x, np.ndarray):
        return (x != 0).astype(np.float64)
    return _binary(x)


def _top_left(s: Any, both: Any, weights: FloatArray) -> FloatArray:
    """Per row, the highest weight among the columns of ``s`` not in ``both``."""
    if isinstance(s, np.ndarray):
        if s.shape[1] == 0:
            return np.zeros(s.shape[0], dtype=np.float64)
        result: FloatArray = ((s - s * both) * weights).max(axis=1)
        return result
    left = (s - s.multiply(both)).tocsr() @ sp.diags(weights)
    return _row_max(sp.csr_matrix(left))


def _cosine_without_numbers(
    ta: Any, tb: Any, weights: FloatArray, extra_a: FloatArray | None, extra_b: FloatArray | None
) -> FloatArray:
    n = ta.shape[0]
    squared = weights * weights
    dot = _mul(ta, tb) @ squared
    norm_a = np.sqrt(_mul(ta, ta) @ squared + _or_zero(extra_a, n))
    norm_b = np.sqrt(_mul(tb, tb) @ squared + _or_zero(extra_b, n))
    denom = norm_a * norm_b
    result: FloatArray = np.clip(np.divide(dot, denom, out=np.zeros(n), where=denom > 0), 0.0, 1.0)
    return result


def pair_features(a: Side, b: Side, stem_weights: FloatArray, gram_weights: FloatArray) -> FloatArray:
    """The features (``FEATURE_NAMES``) of each pair ``(a[p], b[p])``. ``stem_weights`` and
    ``gram_weights`` are the columns' idf, 0 for a column that is a number: no feature sees a number.
    Symmetric in ``a`` and ``b``. The matrices are all sparse (CSR) or all dense (numpy, faster for a few
    hundred pairs over a few thousand columns)."""
    n = a.stems.shape[0]
    out = np.zeros((n, len(FEATURE_NAMES)), dtype=np.float64)
    if n == 0:
        return out
    stem_counts = (stem_weights > 0).astype(np.float64)
    gram_counts = (gram_weights > 0).astype(np.float64)
    sa, sb = _ones(a.stems), _ones(b.stems)
    ga, gb = _ones(a.grams), _ones(b.grams)
    s_both = _mul(sa, sb)
    g_both = _mul(ga, gb)
    s_shared = s_both @ stem_weights
    s_shared_n = s_both @ stem_counts
    g_shared = g_both @ gram_weights
    g_shared_n = g_both @ gram_counts

    def side_terms(
        s: Any, g: Any, side: Side
    ) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]:
        s_mass = s @ stem_weights + _or_zero(side.extra_stem_mass, n)
        s_n = s @ stem_counts + _or_zero(side.extra_stem_count, n)
        g_mass = g @ gram_weights + _or_zero(side.extra_gram_mass, n)
        g_n = g @ gram_counts + _or_zero(side.extra_gram_count, n)
        top = np.maximum(_top_left(s, s_both, stem_weights), _or_zero(side.extra_stem_top, n))
        return s_mass, s_n, g_mass, g_n, top

    sm_a, sn_a, gm_a, gn_a, top_a = side_terms(sa, ga, a)
    sm_b, sn_b, gm_b, gn_b, top_b = side_terms(sb, gb, b)

    def share(shared: FloatArray, mass: FloatArray) -> FloatArray:
        return np.divide(shared, mass, out=np.zeros(n), where=mass > 0)

    s_share_a, s_share_b = share(s_shared, sm_a), share(s_shared, sm_b)
    g_share_a, g_share_b = share(g_shared, gm_a), share(g_shared, gm_b)
    un_a = np.divide(sn_a - s_shared_n, sn_a, out=np.zeros(n), where=sn_a > 0)
    un_b = np.divide(sn_b - s_shared_n, sn_b, out=np.zeros(n), where=sn_b > 0)
    words_a = np.array([i.words for i in a.infos], dtype=np.float64)
    words_b = np.array([i.words for i in b.infos], dtype=np.float64)
    chars_a = np.array([i.chars for i in a.infos], dtype=np.float64)
    chars_b = np.array([i.chars for i in b.infos], dtype=np.float64)
    union_s = sn_a + sn_b - s_shared_n
    cos_chars = _cosine_without_numbers(
        a.grams, b.grams, gram_weights, a.extra_gram_norm2, b.extra_gram_norm2
    )
    cos_stems = _cosine_without_numbers(
        a.stems, b.stems, stem_weights, a.extra_stem_norm2, b.extra_stem_norm2
    )
    out[:, 0] = (cos_chars + cos_stems) / 2
    out[:, 1] = cos_chars
    out[:, 2] = cos_stems
    out[:, 3] = np.maximum(s_share_a, s_share_b)
    out[:, 4] = np.minimum(s_share_a, s_share_b)
    out[:, 5] = np.maximum(g_share_a, g_share_b)
    out[:, 6] = np.minimum(g_share_a, g_share_b)
    out[:, 7] = np.maximum(un_a, un_b)
    out[:, 8] = np.minimum(un_a, un_b)
    out[:, 9] = np.maximum(top_a, top_b)
    out[:, 10] = np.minimum(top_a, top_b)
    out[:, 11] = np.abs(np.log1p(words_a) - np.log1p(words_b))
    out[:, 12] = np.minimum(words_a, words_b)
    out[:, 13] = np.maximum(words_a, words_b)
    out[:, 14] = [float(x.negation != y.negation) for x, y in zip(a.infos, b.infos, strict=True)]
    # a name on one side only: written with a capital there and not found on the other side at all
    # (title case on one side and not on the other is no new name)
    out[:, 15] = [
        float(len(x.names - y.stems) + len(y.names - x.stems)) for x, y in zip(a.infos, b.infos, strict=True)
    ]
    out[:, 16] = [float(len(x.names | y.names)) for x, y in zip(a.infos, b.infos, strict=True)]
    out[:, 17] = np.divide(s_shared_n, union_s, out=np.zeros(n), where=union_s > 0)
    out[:, 18] = np.divide(2 * g_shared_n, gn_a + gn_b, out=np.zeros(n), where=(gn_a + gn_b) > 0)
    out[:, 19] = np.abs(np.log1p(chars_a) - np.log1p(chars_b))
    out[:, 20] = [float(x.ending == y.ending) for x, y in zip(a.infos, b.infos, strict=True)]
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
    for name in BLOCKS:
        vocab: dict[str, int] = {}
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
    return cosine, pair_features(side_a, side_b, weights[1], weights[0])


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
    tree_base: float
    tree_depth: int
    tree_features: Any
    tree_thresholds: FloatArray
    tree_leaves: FloatArray
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
            tree_base=float(data["trees"]["base"]),
            tree_depth=int(data["trees"]["depth"]),
            tree_features=arr(data["trees"]["features"], dtype=np.int64),
            tree_thresholds=arr(data["trees"]["thresholds"], dtype=np.float64),
            tree_leaves=arr(data["trees"]["leaves"], dtype=np.float64),
            w1=arr(data["network"]["w1"], dtype=np.float64),
            b1=arr(data["network"]["b1"], dtype=np.float64),
            w2=arr(data["network"]["w2"], dtype=np.float64),
            b2=float(data["network"]["b2"]),
        )

    def tree_margin(self, x: FloatArray) -> FloatArray:
        n = len(x)
        out = np.full(n, self.tree_base)
        n_trees = self.tree_features.shape[0]
        if n == 0 or n_trees == 0:
            return out
        trees = np.arange(n_trees)
        step = max(1, 200_000 // n_trees)
        for first in range(0, n, step):
            part = x[first : first + step]
            rows = np.arange(len(part))[:, None]
            node = np.zeros((len(part), n_trees), dtype=np.int64)
            for _ in range(self.tree_depth):
                feature = self.tree_features[trees, node]
                right = part[rows, feature] > self.tree_thresholds[trees, node]
                node = 2 * node + 1 + right
            out[first : first + step] += self.tree_leaves[trees, node - (2**self.tree_depth - 1)].sum(axis=1)
        return out

    def probability(self, x: FloatArray) -> FloatArray:
        """The mean of the three models' probabilities that each pair (a row of features) is a paraphrase."""
        # within the range of the pairs the model was fitted on: longer texts than the fitted sentences
        # are read as the longest of those, not extrapolated
        x = np.clip(np.round(x, _DECIMALS), self.low, self.high)
        z = (x - self.mean) / self.spread
        logistic = z @ self.logistic + self.logistic_bias
        network = np.tanh(z @ self.w1 + self.b1) @ self.w2 + self.b2
        trees = self.tree_margin(x)
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
