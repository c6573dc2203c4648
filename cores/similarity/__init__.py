"""Similarity of project texts in Finnish, Swedish and English: a scorer, an index and explanations.

Plain Python (numpy, scipy and the Snowball stemmer; no Django, nothing downloaded at run time). How the
representation was chosen, and what was measured, is in docs/overlaps.md.

The score
    ``score_pairs(texts_a, texts_b) -> list[float]``: the score of each pair ``(texts_a[i], texts_b[i])``,
    between 0 and 1, higher = more similar, symmetric (``score(a, b) == score(b, a)``). The cosine ``c`` of
    the two texts (the mean of the cosines of their character 4-grams, numbers whole, and of their Finnish
    Snowball stems, each weighted by sublinear tf × smoothed idf) is moved within a band by a small fitted
    pair model's probability ``m`` that the pair is a paraphrase: ``max(F(c), min(m, U(c)))`` with
    ``U(c) = min(1, max(0.1, 1.2 c))`` and ``F(c) = max(0, (c - 0.6) / 0.4)`` (``pairs.py``; its parameters are
    ``model.json`` in this package, fitted by ``benchmarks/overlap/train.py``). The model reads 29 symmetric
    features of what the texts share and what is left over, none of them a number: the same text with other
    figures stays similar. The idf weights come from the corpus: for ``score_pairs`` the distinct texts of
    both lists, for an index the texts in it. Identical texts score 1; a text without any word (empty, only
    punctuation) scores 0 against everything; two texts sharing no feature score at most 0.1. Texts longer
    than ``MAX_CHARS`` (20,000) characters are read up to there.

The index
    ``SimilarityIndex(threshold=DEFAULT_THRESHOLD)`` holds texts under non-empty string keys
    (e.g. ``"proposal:12"``, ``"eura:S20123"``):

    - ``add(key, text)`` (an existing key is replaced), ``add_many([(key, text), ...])``,
      ``update(key, text)``, ``remove(key)``; ``len(index)``, ``key in index``, ``index.keys()``
      (sorted; ``iter(index)`` too), ``index.text(key)``. Changes are incremental: new rows are kept apart and merged now and then,
      removed rows are marked and dropped now and then; nothing is rebuilt on each change.
    - ``most_similar(text_or_key, k=10, *, exclude=(), explain_matches=True, min_score=0.0) -> list[Match]``:
      the k best among the texts scoring at least ``min_score``, best first. A string that is a key in the
      index stands for that key's text (and the key is left out); any other string is a query text (which
      does not change the idf). Texts sharing no feature with the query are left out. Exact: the score never
      exceeds ``U(cosine)``, so candidates are rescored best cosine first until none left can beat the k-th;
      a ``min_score`` (the application's pages list from 0.2) spares the rows that cannot reach it.
    - ``pairs_above(threshold=None, *, explain_pairs=True) -> list[Pair]``: every pair sharing a feature and
      scoring at least the threshold (default ``index.threshold``), best first, ``key_a < key_b``. Exact, not
      sampled: pairs whose cosine is below ``threshold / 1.2`` cannot reach it; the rest are rescored.
    - ``save(path)``, ``SimilarityIndex.load(path)``: one ``.npz`` file, no pickle.
    - Scores equal ``score_pairs`` over the same corpus; ``DEFAULT_THRESHOLD`` (0.4) is the threshold the
      application uses for "similar".
    - An unknown key or a bad argument raises ``SimilarityError`` (a ``ValueError``) naming it.

``Match(key, score, explanation)``, ``Pair(key_a, key_b, score, explanation)``; the explanation is an
``Explanation`` or None when not asked for.

``explain(text_a, text_b) -> Explanation(shared_terms, spans_a, spans_b, passages)``, all tuples: the
shared key terms (``str``, as written in ``text_a``, longest first; words match by stem, by spelling close
enough, or as a part of a compound), the matched words' ``(start, end)`` character offsets in each text
for highlighting (``text_a[start:end]``), and the matching passages as ``(passage_in_a, passage_in_b)``.
"""

from __future__ import annotations

from collections.abc import Sequence

from .explain import Explanation, explain
from .index import DEFAULT_THRESHOLD, Match, Pair, SimilarityError, SimilarityIndex
from .pairs import corpus_features, model
from .text import MAX_CHARS

__all__ = [
    "DEFAULT_THRESHOLD",
    "MAX_CHARS",
    "Explanation",
    "Match",
    "Pair",
    "SimilarityError",
    "SimilarityIndex",
    "explain",
    "score_pairs",
]


def score_pairs(texts_a: Sequence[str], texts_b: Sequence[str]) -> list[float]:
    """The score of each pair ``(texts_a[i], texts_b[i])``; idf from the distinct texts of both lists."""
    if len(texts_a) != len(texts_b):
        raise SimilarityError(
            f"texts_a has {len(texts_a)} texts and texts_b {len(texts_b)}: they must pair up"
        )
    if not texts_a:
        return []
    clean_a = [t if isinstance(t, str) else "" for t in texts_a]
    clean_b = [t if isinstance(t, str) else "" for t in texts_b]
    scores = model().score(*corpus_features(clean_a, clean_b))
    return [float(s) for s in scores]
