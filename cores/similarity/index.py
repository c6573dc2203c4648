"""The similarity index: texts under string keys, updated one at a time, saved and loaded, answering the
k most similar texts and every pair above a threshold. Scores equal :func:`cores.similarity.score_pairs`
computed over the texts in the index (the corpus that gives the idf weights)."""

from __future__ import annotations

import itertools
import json
import math
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import scipy.sparse as sp

from .explain import Explanation, explain
from .pairs import (
    BlockTerms,
    PrefixTerms,
    Side,
    TextInfo,
    TextTerms,
    analyse,
    features_from_terms,
    grouped_max,
    has_digit,
    model,
    pair_features,
    prefix,
    prefix_ids,
    weighted_cosine,
)
from .text import Features
from .weights import BLOCK_WEIGHTS, BLOCKS, FloatArray, IntArray, encode, idf, normalised

#: The score above which two texts are reported as similar (see docs/overlaps.md for how it was chosen).
DEFAULT_THRESHOLD = 0.4

#: ``most_similar`` rescores the best candidates by cosine this many at a time (at least ``k``), and more
#: only while an unscored candidate's bound could still beat the k-th score.
RESCORE = 20
#: ... and at most this many in one pass.
RESCORE_CHUNK = 4096

#: Scores closer than this count as ties (broken by key), so rounding never decides an order.
_TIE = 1e-12

#: :meth:`SimilarityIndex.pairs_above` multiplies a chunk of rows at a time, sized to about this many
#: entries of the product (about 12 bytes each, a few times over while it is filtered).
JOIN_ENTRIES = 10_000_000
#: :meth:`SimilarityIndex.pairs_above` rescores the candidate pairs this many at a time.
RESCORE_BATCH = 50_000

_FORMAT = "salkku-similarity-index"
_FORMAT_VERSION = 3


@dataclass(frozen=True)
class Match:
    """One text similar to the query: its key, score (0–1, higher = more similar) and why."""

    key: str
    score: float
    explanation: Explanation | None = None


@dataclass(frozen=True)
class Pair:
    """Two keys whose texts score at least the threshold; ``key_a < key_b``."""

    key_a: str
    key_b: str
    score: float
    explanation: Explanation | None = None


@dataclass(frozen=True)
class _QueryBlock:
    """A query's side of one block: its known columns with df > 0 and their tf·idf² values over its norm
    (for the cosines), the norm itself, every column of the vocabulary it holds with its tf (sorted, for
    the pair features), the features the vocabulary does not know, with their tf, and for every column of
    the vocabulary its place among the known ones (-1 for a column the query lacks)."""

    cols: IntArray
    values: FloatArray
    norm: float
    known: IntArray
    known_tf: FloatArray
    unknown: dict[str, float]
    slot: IntArray


class _Gathered(NamedTuple):
    """The entries of some rows of a block, flat and grouped by row: each row's number of entries,
    their columns and the model's weights of those columns."""

    lengths: IntArray
    cols: IntArray
    weight: FloatArray


class SimilarityError(ValueError):
    """A request the index cannot answer (an unknown key, a bad argument); the message says which."""


def _gather(matrix: Any, cols: IntArray, vals: FloatArray, n_rows: int) -> FloatArray:
    """``matrix @ q`` for a CSC ``matrix`` and a sparse ``q`` (columns ``cols``, values ``vals``),
    touching only the postings of those columns."""
    result = np.zeros(n_rows, dtype=np.float64)
    if matrix is None or not len(cols):
        return result
    inside = cols < matrix.shape[1]
    cols, vals = cols[inside], vals[inside]
    starts = matrix.indptr[cols].astype(np.int64)
    lengths = matrix.indptr[cols + 1].astype(np.int64) - starts
    total = int(lengths.sum())
    if total == 0:
        return result
    before = np.cumsum(lengths) - lengths
    positions = np.repeat(starts - before, lengths) + np.arange(total, dtype=np.int64)
    weights = matrix.data[positions] * np.repeat(vals, lengths)
    result[: matrix.shape[0]] = np.bincount(
        matrix.indices[positions], weights=weights, minlength=matrix.shape[0]
    )
    return result


class _RowStore:
    """Every row's columns (sorted) and term frequencies, flat: row ``r`` holds the entries
    ``start[r] .. start[r] + length[r]``, so the entries of many rows are gathered without a Python loop.
    New rows go at the end; a removed row's entries stay, unreachable, until the index is compacted."""

    def __init__(self) -> None:
        self.cols = np.zeros(0, dtype=np.int64)
        self.vals = np.zeros(0, dtype=np.float64)
        self.used = 0
        self.start = np.zeros(0, dtype=np.int64)
        self.length = np.zeros(0, dtype=np.int64)
        self.n_rows = 0

    @classmethod
    def from_csr(cls, matrix: Any) -> _RowStore:
        store = cls()
        store.cols = matrix.indices.astype(np.int64)
        store.vals = matrix.data.astype(np.float64)
        store.used = len(store.cols)
        store.start = matrix.indptr[:-1].astype(np.int64)
        store.length = np.diff(matrix.indptr).astype(np.int64)
        store.n_rows = matrix.shape[0]
        return store

    def append(self, idx: list[IntArray], val: list[FloatArray]) -> None:
        lengths = np.fromiter(map(len, idx), dtype=np.int64, count=len(idx))
        size = int(lengths.sum())
        if self.used + size > len(self.cols):
            capacity = max(self.used + size, 2 * len(self.cols), 1024)
            self.cols = np.resize(self.cols, capacity)
            self.vals = np.resize(self.vals, capacity)
        if self.n_rows + len(idx) > len(self.start):
            capacity = max(self.n_rows + len(idx), 2 * len(self.start), 64)
            self.start = np.resize(self.start, capacity)
            self.length = np.resize(self.length, capacity)
        rows = slice(self.n_rows, self.n_rows + len(idx))
        self.start[rows] = self.used + np.cumsum(lengths) - lengths
        self.length[rows] = lengths
        if size:
            self.cols[self.used : self.used + size] = np.concatenate(idx)
            self.vals[self.used : self.used + size] = np.concatenate(val)
        self.used += size
        self.n_rows += len(idx)

    def row(self, r: int) -> tuple[IntArray, FloatArray]:
        at = slice(int(self.start[r]), int(self.start[r] + self.length[r]))
        return self.cols[at], self.vals[at]

    def drop(self, r: int) -> None:
        self.length[r] = 0

    def gather(self, rows: IntArray) -> tuple[IntArray, IntArray, FloatArray]:
        """The entries of ``rows``, row after row: each row's number of entries, their columns, values."""
        lengths = self.length[rows]
        total = int(lengths.sum())
        offsets = np.cumsum(lengths) - lengths
        positions = np.repeat(self.start[rows] - offsets, lengths) + np.arange(total, dtype=np.int64)
        return lengths, self.cols[positions], self.vals[positions]

    def take(self, keep: IntArray) -> _RowStore:
        """A store of the rows ``keep`` only, in that order."""
        lengths, cols, vals = self.gather(keep)
        store = _RowStore()
        store.cols, store.vals, store.used = cols, vals, len(cols)
        store.start = np.cumsum(lengths) - lengths
        store.length = lengths
        store.n_rows = len(keep)
        return store


class _Block:
    """One feature block: vocabulary, document frequencies, the rows and their norm terms.

    Rows ``0 .. n_main`` live in ``main`` (CSC, for fast column gathers); newer rows are pending (a list,
    gathered through a small CSC rebuilt on demand) until they are merged. The weighted norm of a row,
    with ``L = ln(1 + N) + 1`` and ``g = ln(1 + df)`` so that ``idf = L - g``, is
    ``sqrt(L²·A - 2·L·B + C)`` where ``A = Σ tf²``, ``B = Σ tf²·g``, ``C = Σ tf²·g²``: a change of ``N`` costs
    nothing, and a change of one feature's df updates B and C of the rows holding that feature only.
    """

    def __init__(self, prefixes: dict[str, int] | None = None) -> None:
        self.vocab: dict[str, int] = {}
        self.df = np.zeros(0, dtype=np.float64)
        self.main: Any = sp.csc_matrix((0, 0), dtype=np.float64)
        # pending rows, flat and growing: column, value and row (from 0) of every entry
        self.p_col = np.zeros(0, dtype=np.int64)
        self.p_val = np.zeros(0, dtype=np.float64)
        self.p_row = np.zeros(0, dtype=np.int64)
        self.p_nnz = 0
        self.p_rows = 0
        self.a = np.zeros(0, dtype=np.float64)
        self.b = np.zeros(0, dtype=np.float64)
        self.c = np.zeros(0, dtype=np.float64)
        # each row's columns and values, for rescoring candidates without reading the CSC matrix by row
        self.store = _RowStore()
        # whether a column stands for a number (kept out of the pair model's features)
        self.numeric = np.zeros(0, dtype=bool)
        # for the stems: each column's prefix id (``pairs.prefix``) in the table ``prefixes``
        self.prefixes = prefixes
        self.prefix_of = np.zeros(0, dtype=np.int64)
        # the model's weight of every column, kept until the df, the vocabulary or the number of texts
        # changes (``df_changed``)
        self._weights: tuple[int, int, FloatArray] | None = None

    def df_changed(self) -> None:
        """Forget the weights computed from the df (call after every change of ``df``)."""
        self._weights = None

    def mark_columns(self, first_new: int) -> None:
        """Extend ``numeric`` (and ``prefix_of``, for a block with a prefix table) to the vocabulary
        (the columns from ``first_new`` on are new)."""
        if len(self.numeric) >= len(self.vocab):
            return
        new = list(itertools.islice(self.vocab, first_new, None))
        self.numeric = np.concatenate((self.numeric[:first_new], [has_digit(f) for f in new])).astype(bool)
        if self.prefixes is not None:
            self.prefix_of = np.concatenate((self.prefix_of[:first_new], prefix_ids(new, self.prefixes)))

    def weights(self, cols: IntArray, n_docs: int) -> FloatArray:
        """The pair model's weight of columns: their idf, 0 for a number."""
        n_cols = len(self.vocab)
        if self._weights is None or self._weights[:2] != (n_docs, n_cols):
            every = np.where(self.numeric[:n_cols], 0.0, idf(self.df[:n_cols], n_docs))
            self._weights = (n_docs, n_cols, every)
        result: FloatArray = self._weights[2][cols]
        return result

    # storage
    def ensure_df(self) -> None:
        if len(self.df) < len(self.vocab):
            grown = np.zeros(max(len(self.vocab), 2 * len(self.df), 64), dtype=np.float64)
            grown[: len(self.df)] = self.df
            self.df = grown

    def ensure_rows(self, n_rows: int) -> None:
        if len(self.a) < n_rows:
            size = max(n_rows, 2 * len(self.a), 64)
            for name in ("a", "b", "c"):
                grown = np.zeros(size, dtype=np.float64)
                old = getattr(self, name)
                grown[: len(old)] = old
                setattr(self, name, grown)

    def append_rows(self, idx: list[IntArray], val: list[FloatArray]) -> None:
        """Append rows to the pending entries."""
        size = sum(len(cols) for cols in idx)
        if self.p_nnz + size > len(self.p_col):
            capacity = max(self.p_nnz + size, 2 * len(self.p_col), 1024)
            for name in ("p_col", "p_val", "p_row"):
                old = getattr(self, name)
                grown = np.zeros(capacity, dtype=old.dtype)
                grown[: self.p_nnz] = old[: self.p_nnz]
                setattr(self, name, grown)
        at = self.p_nnz
        for cols, values in zip(idx, val, strict=True):
            end = at + len(cols)
            self.p_col[at:end] = cols
            self.p_val[at:end] = values
            self.p_row[at:end] = self.p_rows
            self.p_rows += 1
            at = end
        self.p_nnz = at

    def pending_csr(self) -> Any:
        n = self.p_nnz
        return sp.csr_matrix(
            (self.p_val[:n], (self.p_row[:n], self.p_col[:n])), shape=(self.p_rows, len(self.vocab))
        )

    def all_rows_csr(self) -> Any:
        n_cols = len(self.vocab)
        main = self.main.tocsr()
        main = sp.csr_matrix((main.data, main.indices, main.indptr), shape=(main.shape[0], n_cols))
        return sp.vstack([main, self.pending_csr()], format="csr")

    def merge(self, keep: IntArray | None = None) -> None:
        """Move the pending rows into ``main`` (and keep only the rows ``keep``, when given)."""
        rows = self.all_rows_csr()
        if keep is not None:
            rows = rows[keep]
        self.main = rows.tocsc()
        self.p_nnz = 0
        self.p_rows = 0

    def _pending_gather(self, cols: IntArray, vals: FloatArray, *, squared: bool) -> FloatArray:
        result = np.zeros(self.p_rows, dtype=np.float64)
        if not self.p_nnz or not len(cols):
            return result
        order = np.argsort(cols)
        cols, vals = cols[order], vals[order]
        entries = self.p_col[: self.p_nnz]
        at = np.minimum(np.searchsorted(cols, entries), len(cols) - 1)
        hit = cols[at] == entries
        data = self.p_val[: self.p_nnz][hit]
        if squared:
            data = data * data
        result[:] = np.bincount(
            self.p_row[: self.p_nnz][hit], weights=data * vals[at[hit]], minlength=self.p_rows
        )
        return result

    def dot(self, cols: IntArray, vals: FloatArray, n_main: int, n_rows: int) -> FloatArray:
        """Σ over the given columns of (row value × query value), for every row."""
        result = _gather(self.main, cols, vals, n_rows)
        if n_rows > n_main:
            result[n_main:] += self._pending_gather(cols, vals, squared=False)
        return result

    # norm terms
    def recompute_terms(self, n_rows: int) -> None:
        """A, B and C of every row from scratch (after a merge or a large batch)."""
        self.ensure_rows(n_rows)
        self.ensure_df()
        g = np.log1p(self.df[: len(self.vocab)])
        rows = self.all_rows_csr()
        squared = rows.multiply(rows)
        self.a[:n_rows] = np.asarray(squared.sum(axis=1)).ravel()
        self.b[:n_rows] = squared @ g
        self.c[:n_rows] = squared @ (g * g)

    def shift_df(self, cols: IntArray, delta: float, n_main: int, n_rows: int) -> None:
        """Change the df of ``cols`` by ``delta`` and update B and C of the rows holding them."""
        old = np.log1p(self.df[cols])
        self.df[cols] += delta
        self.df_changed()
        new = np.log1p(self.df[cols])
        if not len(cols) or n_rows == 0:
            return
        # Σ tf²·Δg and Σ tf²·Δ(g²) over the changed columns: gathers with tf² values
        self.b[:n_rows] += self._gather_squared(cols, new - old, n_main, n_rows)
        self.c[:n_rows] += self._gather_squared(cols, new * new - old * old, n_main, n_rows)

    def _gather_squared(self, cols: IntArray, vals: FloatArray, n_main: int, n_rows: int) -> FloatArray:
        result = _gather_sq(self.main, cols, vals, n_rows)
        if n_rows > n_main:
            result[n_main:] += self._pending_gather(cols, vals, squared=True)
        return result

    def norms(self, n_docs: int, n_rows: int) -> FloatArray:
        big = math.log1p(n_docs) + 1.0
        squared = big * big * self.a[:n_rows] - 2.0 * big * self.b[:n_rows] + self.c[:n_rows]
        result: FloatArray = np.sqrt(np.maximum(squared, 0.0))
        return result


def _gather_sq(matrix: Any, cols: IntArray, vals: FloatArray, n_rows: int) -> FloatArray:
    """Like :func:`_gather` with the matrix values squared."""
    result = np.zeros(n_rows, dtype=np.float64)
    if matrix is None or not len(cols):
        return result
    inside = cols < matrix.shape[1]
    cols, vals = cols[inside], vals[inside]
    starts = matrix.indptr[cols].astype(np.int64)
    lengths = matrix.indptr[cols + 1].astype(np.int64) - starts
    total = int(lengths.sum())
    if total == 0:
        return result
    before = np.cumsum(lengths) - lengths
    positions = np.repeat(starts - before, lengths) + np.arange(total, dtype=np.int64)
    data = matrix.data[positions]
    weights = data * data * np.repeat(vals, lengths)
    result[: matrix.shape[0]] = np.bincount(
        matrix.indices[positions], weights=weights, minlength=matrix.shape[0]
    )
    return result


#: New rows wait in a small side list until there are more than an eighth of the main matrix's rows
#: (at least ``MIN_PENDING``, at most ``MAX_PENDING``); then they are merged in one pass over the main
#: matrix. Scanning the side list is linear in its size, merging in the main matrix's.
MIN_PENDING = 128
MAX_PENDING = 4096
#: A batch larger than this share of the index recomputes the norm terms in one pass instead of updating
#: them feature by feature.
BATCH_SHARE = 0.05
_BATCH_FEATURES = 4096


class SimilarityIndex:
    """Texts under string keys; see the package docstring for the contract."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.threshold = float(threshold)
        self._blocks = [_Block({} if name == "stems" else None) for name in BLOCKS]
        self._keys: list[str | None] = []
        self._texts: list[str | None] = []
        self._infos: list[TextInfo | None] = []
        self._row_of: dict[str, int] = {}
        self._alive = np.zeros(0, dtype=bool)
        self._n_main = 0
        # per row, what the pair features read of its text: words, characters, ending, negation, words
        # without a digit, and its names as columns of the stems block
        self._numbers = np.zeros((0, 5), dtype=np.int64)
        self._names = _RowStore()

    # -- contents ---------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._row_of)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self._row_of

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())

    def keys(self) -> list[str]:
        """The keys in the index, sorted."""
        return sorted(self._row_of)

    def text(self, key: str) -> str:
        row = self._row(key)
        text = self._texts[row]
        assert text is not None
        return text

    def add(self, key: str, text: str) -> None:
        """Add a text under ``key``; an existing key is updated."""
        self.add_many([(key, text)])

    def add_many(self, items: Iterable[tuple[str, str]]) -> None:
        """Add (or update) many texts at once; much faster than one at a time."""
        latest: dict[str, str] = {}
        for key, text in items:
            if not isinstance(key, str) or not key:
                raise SimilarityError(f"a key must be a non-empty string, not {key!r}")
            latest.pop(key, None)
            latest[key] = text if isinstance(text, str) else ""
        for key in latest:
            if key in self._row_of:
                self.remove(key)
        ordered = list(latest.items())
        large = len(ordered) > max(64, BATCH_SHARE * len(self._row_of))
        for start in range(0, len(ordered), _BATCH_FEATURES):
            chunk = ordered[start : start + _BATCH_FEATURES]
            self._append(chunk, [analyse(text) for _, text in chunk], incremental=not large)
        if large:
            # a batch this large pays one pass over the main matrix anyway: the rows still pending
            # join it, so no query scans them on the side
            self._merge_pending()

    def update(self, key: str, text: str) -> None:
        """Replace the text under ``key`` (which must exist)."""
        self._row(key)
        self.add(key, text)

    def remove(self, key: str) -> None:
        """Remove ``key`` and its text (which must exist)."""
        row = self._row(key)
        n_rows = len(self._keys)
        for block in self._blocks:
            cols, _ = block.store.row(row)
            block.shift_df(cols, -1.0, self._n_main, n_rows)
            block.store.drop(row)
        self._names.drop(row)
        del self._row_of[key]
        self._keys[row] = None
        self._texts[row] = None
        self._infos[row] = None
        self._alive[row] = False
        dead = len(self._keys) - len(self._row_of)
        if dead > max(1024, len(self._row_of)):
            self._compact()

    def _row(self, key: str) -> int:
        try:
            return self._row_of[key]
        except (KeyError, TypeError):
            raise SimilarityError(f"no text under the key {key!r}") from None

    def _append(
        self, items: list[tuple[str, str]], analysed: list[tuple[Features, TextInfo]], *, incremental: bool
    ) -> None:
        if not items:
            return
        first = len(self._keys)
        feats = [f for f, _ in analysed]
        for offset, ((key, text), (_, info)) in enumerate(zip(items, analysed, strict=True)):
            self._keys.append(key)
            self._texts.append(text)
            self._infos.append(info)
            self._row_of[key] = first + offset
        alive = np.ones(len(self._keys), dtype=bool)
        alive[: len(self._alive)] = self._alive
        self._alive = alive
        for name, block in zip(BLOCKS, self._blocks, strict=True):
            known = len(block.vocab)
            idx, val = encode((getattr(f, name) for f in feats), block.vocab, grow=True)
            block.mark_columns(known)
            block.store.append(idx, val)
            block.ensure_df()
            block.ensure_rows(len(self._keys))
            if incremental:
                # the existing rows first see the new df, then the new rows get their terms directly
                counts = np.bincount(np.concatenate(idx), minlength=len(block.vocab)) if idx else None
                if counts is not None:
                    changed = np.flatnonzero(counts)
                    old = np.log1p(block.df[changed])
                    block.df[changed] += counts[changed]
                    block.df_changed()
                    new = np.log1p(block.df[changed])
                    if first:
                        block.b[:first] += block._gather_squared(changed, new - old, self._n_main, first)
                        block.c[:first] += block._gather_squared(
                            changed, new * new - old * old, self._n_main, first
                        )
                g = np.log1p(block.df)
                for offset, (cols, values) in enumerate(zip(idx, val, strict=True)):
                    squared = values * values
                    block.a[first + offset] = squared.sum()
                    block.b[first + offset] = (squared * g[cols]).sum()
                    block.c[first + offset] = (squared * g[cols] ** 2).sum()
            else:
                for cols in idx:
                    block.df[cols] += 1.0
                block.df_changed()
            block.append_rows(idx, val)
        self._append_text_rows([info for _, info in analysed])
        if len(self._keys) - self._n_main > max(MIN_PENDING, min(MAX_PENDING, self._n_main // 8)):
            self._merge_pending(recompute=incremental)

    def _append_text_rows(self, infos: list[TextInfo]) -> None:
        """Append each text's numbers and names (its stems, so already in the stems vocabulary)."""
        vocab = self._blocks[BLOCKS.index("stems")].vocab
        names = [np.sort(np.array([vocab[name] for name in info.names], dtype=np.int64)) for info in infos]
        self._names.append(names, [np.ones(len(cols)) for cols in names])
        rows = self._names.n_rows
        if len(self._numbers) < rows:
            self._numbers = np.resize(self._numbers, (max(rows, 2 * len(self._numbers), 64), 5))
        self._numbers[rows - len(infos) : rows] = np.array(
            [(i.words, i.chars, i.ending, i.negation, i.plain_words) for i in infos], dtype=np.int64
        ).reshape(len(infos), 5)

    def _recompute(self) -> None:
        for block in self._blocks:
            block.recompute_terms(len(self._keys))

    def _merge_pending(self, *, recompute: bool = True) -> None:
        for block in self._blocks:
            block.merge()
        self._n_main = len(self._keys)
        if recompute:
            self._recompute()

    def _compact(self) -> None:
        """Drop removed rows (unused vocabulary stays, with df 0)."""
        keep = np.flatnonzero(self._alive)
        for block in self._blocks:
            block.merge(keep)
            block.store = block.store.take(keep)
        self._names = self._names.take(keep)
        self._numbers = self._numbers[keep]
        self._keys = [self._keys[i] for i in keep]
        self._texts = [self._texts[i] for i in keep]
        self._infos = [self._infos[i] for i in keep]
        self._row_of = {key: row for row, key in enumerate(self._keys) if key is not None}
        self._alive = np.ones(len(keep), dtype=bool)
        self._n_main = len(keep)
        self._recompute()

    # -- weights ----------------------------------------------------------------------------------
    def _idfs(self) -> list[FloatArray]:
        n_docs = len(self._row_of)
        return [idf(block.df[: len(block.vocab)], n_docs) for block in self._blocks]

    def _query_vectors(self, feats: Features) -> list[_QueryBlock]:
        """Per block: known columns, their tf·idf² values divided by the query norm (unknown features
        count in the norm with the highest idf), every in-vocabulary column of the query, and the
        features the vocabulary does not know."""
        n_docs = len(self._row_of)
        unknown_idf = math.log1p(n_docs) + 1.0
        out: list[_QueryBlock] = []
        for name, block in zip(BLOCKS, self._blocks, strict=True):
            row: dict[str, float] = getattr(feats, name)
            cols: list[int] = []
            tfs: list[float] = []
            in_vocab: list[int] = []
            in_vocab_tf: list[float] = []
            unknown: dict[str, float] = {}
            squared = 0.0
            for feature, tf in row.items():
                col = block.vocab.get(feature)
                if col is None:
                    unknown[feature] = tf
                else:
                    in_vocab.append(col)
                    in_vocab_tf.append(tf)
                if col is None or block.df[col] <= 0:
                    squared += (tf * unknown_idf) ** 2
                else:
                    cols.append(col)
                    tfs.append(tf)
            col_array = np.asarray(cols, dtype=np.int64)
            tf_array = np.asarray(tfs, dtype=np.float64)
            weights = idf(block.df[col_array], n_docs)
            squared += float(((tf_array * weights) ** 2).sum())
            known = np.asarray(in_vocab, dtype=np.int64)
            order = np.argsort(known, kind="stable")
            slot = np.full(len(block.vocab), -1, dtype=np.int64)
            slot[known[order]] = np.arange(len(known))
            out.append(
                _QueryBlock(
                    col_array,
                    tf_array * weights * weights,
                    math.sqrt(squared),
                    known[order],
                    np.asarray(in_vocab_tf, dtype=np.float64)[order],
                    unknown,
                    slot,
                )
            )
        return out

    def _cosines(self, vectors: list[_QueryBlock]) -> list[FloatArray]:
        """The cosine of the query with every row, per block (removed rows: 0)."""
        n_rows = len(self._keys)
        n_docs = len(self._row_of)
        out = []
        for block, vector in zip(self._blocks, vectors, strict=True):
            cols, vals, qnorm = vector.cols, vector.values, vector.norm
            if qnorm == 0 or len(cols) == 0:
                out.append(np.zeros(n_rows, dtype=np.float64))
                continue
            dots = block.dot(cols, vals, self._n_main, n_rows)
            denom = block.norms(n_docs, n_rows) * qnorm
            cos = np.divide(dots, denom, out=np.zeros_like(dots), where=denom > 0)
            np.clip(cos, 0.0, 1.0, out=cos)
            cos[~self._alive[:n_rows]] = 0.0
            out.append(cos)
        return out

    def _rescore(
        self, rows: IntArray, cosine: FloatArray, vectors: list[_QueryBlock], info: TextInfo
    ) -> FloatArray:
        """The score of the query against ``rows`` (their cosines given): each block's pair terms from
        the rows' own entries and the query's columns, then the features and the model."""
        n_docs = len(self._row_of)
        chars, stems = BLOCKS.index("chars"), BLOCKS.index("stems")
        stem_terms, present, gathered = self._query_terms(self._blocks[stems], vectors[stems], rows, n_docs)
        gram_terms, _, _ = self._query_terms(
            self._blocks[chars], vectors[chars], rows, n_docs, unmatched_top=False
        )
        text = self._query_text_terms(info, rows, vectors[stems], present)
        prefixes = self._query_prefix_terms(vectors[stems], gathered, n_docs)
        x = features_from_terms(stem_terms, gram_terms, text, prefixes)
        return model().score(cosine, x)

    def _query_text_terms(
        self, info: TextInfo, rows: IntArray, stems: _QueryBlock, present: Any
    ) -> TextTerms:
        """The query's :class:`TextTerms` with each of the ``rows``, from the rows' numbers and names and
        ``present`` (which of the query's stem columns each row holds): the same quantities as
        :func:`pairs.text_terms` on the two texts' infos. The query's names not in the vocabulary are in
        no row."""
        n = len(rows)
        numbers = self._numbers[rows]
        vocab = self._blocks[BLOCKS.index("stems")].vocab
        query_names = np.array(sorted(vocab[name] for name in info.names if name in vocab), dtype=np.int64)
        # the query's names among a row's stems
        names_in_row = present[:, stems.slot[query_names]].sum(axis=1)
        lengths, row_names, _ = self._names.gather(rows)
        owner = np.repeat(np.arange(n), lengths)
        among_query_stems = np.bincount(owner, weights=stems.slot[row_names] >= 0, minlength=n)
        among_query_names = np.bincount(owner, weights=np.isin(row_names, query_names), minlength=n)
        n_query = len(info.names)
        return TextTerms(
            words_a=np.full(n, float(info.words)),
            words_b=numbers[:, 0].astype(np.float64),
            chars_a=np.full(n, float(info.chars)),
            chars_b=numbers[:, 1].astype(np.float64),
            negation_one_side=(numbers[:, 3] != int(info.negation)).astype(np.float64),
            names_one_side=(n_query - names_in_row) + (lengths - among_query_stems),
            names_any=(n_query + lengths - among_query_names).astype(np.float64),
            same_end=(numbers[:, 2] == info.ending).astype(np.float64),
            plain_words_a=np.full(n, float(info.plain_words)),
            plain_words_b=numbers[:, 4].astype(np.float64),
        )

    def _query_prefix_terms(self, vector: _QueryBlock, rows: _Gathered, n_docs: int) -> PrefixTerms:
        """The query's :class:`PrefixTerms` with each of the rows whose stems are ``rows``: the same
        quantities as :func:`pairs.prefix_terms` on the two texts' stems. The query's stems the
        vocabulary does not know weigh the most (as in :meth:`_query_terms`); their prefixes are looked
        up by name, and one that no stem of the vocabulary has matches nothing."""
        n = len(rows.lengths)
        block = self._blocks[BLOCKS.index("stems")]
        assert block.prefixes is not None
        prefixes = block.prefixes
        unknown_idf = math.log1p(n_docs) + 1.0
        plain = [feature for feature in vector.unknown if not has_digit(feature)]
        q_weight = np.concatenate((block.weights(vector.known, n_docs), np.full(len(plain), unknown_idf)))
        q_prefix = np.concatenate(
            (
                block.prefix_of[vector.known],
                np.array([prefixes.get(prefix(f), -1) for f in plain], dtype=np.int64),
            )
        )
        live_q = q_weight > 0
        q_weight, q_prefix = q_weight[live_q], q_prefix[live_q]
        # the query's stems by prefix: the distinct prefixes the vocabulary knows, and per prefix the
        # summed weight, number and highest weight of the query's stems with it; a stem whose prefix
        # no stem of the vocabulary has is matched by no row
        known = q_prefix >= 0
        distinct, slot = np.unique(q_prefix[known], return_inverse=True)
        slot_weight = np.bincount(slot, weights=q_weight[known], minlength=len(distinct))
        slot_count = np.bincount(slot, minlength=len(distinct)).astype(np.float64)
        slot_top = np.zeros(len(distinct), dtype=np.float64)
        np.maximum.at(slot_top, slot, q_weight[known])
        never = float(q_weight[~known].max(initial=0.0))
        place = np.full(len(prefixes), -1, dtype=np.int64)
        place[distinct] = np.arange(len(distinct))
        # the rows' side: each live entry's prefix among the query's
        live = rows.weight > 0
        owner = np.repeat(np.arange(n, dtype=np.int64), rows.lengths)[live]
        weight = rows.weight[live]
        at = place[block.prefix_of[rows.cols[live]]]
        hit = at >= 0
        # which of the query's prefixes each row holds
        present = np.zeros((n, len(distinct)), dtype=np.float64)
        present[owner[hit], at[hit]] = 1.0
        return PrefixTerms(
            matched_a=present @ slot_weight,
            matched_b=np.bincount(owner, weights=weight * hit, minlength=n).astype(np.float64),
            matched_n_a=present @ slot_count,
            matched_n_b=np.bincount(owner, weights=hit, minlength=n).astype(np.float64),
            top_a=np.maximum(((1.0 - present) * slot_top).max(axis=1, initial=0.0), never),
            top_b=grouped_max(owner, np.where(hit, 0.0, weight), n),
        )

    def _query_terms(
        self, block: _Block, vector: _QueryBlock, rows: IntArray, n_docs: int, *, unmatched_top: bool = True
    ) -> tuple[BlockTerms, Any, _Gathered]:
        """The query's :class:`BlockTerms` with each of the ``rows``: per-row sums over the rows'
        entries (flat, grouped by row), the query's side from its columns and the features the vocabulary
        does not know (they count in the query's weight, number, norm and highest unmatched weight, but
        match nothing). The same quantities as :func:`pairs.block_terms` on the two sides' matrices;
        beside them, which of the query's columns each row holds (rows × the query's known columns), and
        the rows' entries as gathered. The highest unmatched weights and that table only when
        ``unmatched_top`` (0 and None otherwise)."""
        n = len(rows)
        unknown_idf = math.log1p(n_docs) + 1.0
        plain = [tf for feature, tf in vector.unknown.items() if not has_digit(feature)]
        lengths, cols, tf = block.store.gather(rows)
        weight = block.weights(cols, n_docs)
        q_cols, q_tf = vector.known, vector.known_tf
        q_weight = block.weights(q_cols, n_docs)
        # each entry's place among the query's columns (-1: not one of them, read as a column of tf 0)
        place = vector.slot[cols]
        hit = place >= 0
        shared = hit.astype(np.float64)
        q_tf_or_zero = np.append(q_tf, 0.0)
        # per-row sums over each row's entries (contiguous): the row's weight, number of weighted
        # columns and squared norm, the same over the columns it shares with the query, and the dot
        # product with the query
        entries = np.empty((6, len(cols)), dtype=np.float64)
        np.multiply(tf, weight, out=entries[2])
        entries[2] *= entries[2]
        entries[0] = weight
        np.greater(weight, 0.0, out=entries[1])
        np.multiply(weight, shared, out=entries[3])
        np.multiply(entries[1], shared, out=entries[4])
        np.multiply(tf * weight * weight, q_tf_or_zero[place], out=entries[5])
        sums = np.zeros((6, n), dtype=np.float64)
        # the highest weight of a row's entries that the query lacks (0 when none)
        top_b = np.zeros(n, dtype=np.float64)
        filled = np.flatnonzero(lengths)
        if len(filled):
            starts = (np.cumsum(lengths) - lengths)[filled]
            sums[:, filled] = np.add.reduceat(entries, starts, axis=1)
            if unmatched_top:
                top_b[filled] = np.maximum.reduceat(weight - entries[3], starts)
        top_a = np.zeros(n, dtype=np.float64)
        present = None
        if unmatched_top:
            # the highest weight of the query's columns a row lacks: a small rows × query-columns table
            present = np.zeros((n, len(q_cols)), dtype=bool)
            present[np.repeat(np.arange(n), lengths)[hit], place[hit]] = True
            top_a = np.where(present, 0.0, q_weight).max(axis=1, initial=0.0)
            top_a = np.maximum(top_a, unknown_idf if plain else 0.0)
        q_norm2 = float((q_tf * q_tf * q_weight * q_weight).sum()) + sum(
            (t * unknown_idf) ** 2 for t in plain
        )
        terms = BlockTerms(
            shared=sums[3],
            shared_n=sums[4],
            mass_a=np.full(n, float(q_weight.sum()) + unknown_idf * len(plain)),
            mass_b=sums[0],
            n_a=np.full(n, float((q_weight > 0).sum()) + len(plain)),
            n_b=sums[1],
            top_a=top_a,
            top_b=top_b,
            cosine=weighted_cosine(sums[5], np.full(n, q_norm2), sums[2]),
        )
        return terms, present, _Gathered(lengths, cols, weight)

    def _live_infos(self, rows: IntArray) -> list[TextInfo]:
        infos: list[TextInfo] = []
        for r in rows.tolist():
            info = self._infos[r]
            assert info is not None
            infos.append(info)
        return infos

    # -- queries ----------------------------------------------------------------------------------
    def most_similar(
        self,
        text_or_key: str,
        k: int = 10,
        *,
        exclude: Iterable[str] = (),
        explain_matches: bool = True,
        min_score: float = 0.0,
    ) -> list[Match]:
        """The ``k`` texts most similar to a text, or to the text under a key (a string that is a key in
        the index is taken as that key, and the key itself is left out), among those scoring at least
        ``min_score``. Best first; ties by key; texts that share no feature with the query are left out.

        Exact: every row's cosine is computed from the postings; the rows sharing a feature, and whose
        cosine reaches the gate of ``min_score``, are rescored with the pair model best cosine first,
        ``RESCORE`` (at least ``k``) at a time, doubling but never past the last row whose bound ``U(c)``
        still reaches the k-th score found, until the k-th score is above the bound of every row not yet
        rescored (the score never exceeds ``U`` of its cosine, docs/overlaps.md). A
        ``min_score`` (the application lists from 0.2) keeps the work to the rows that can reach it."""
        if not isinstance(text_or_key, str):
            raise SimilarityError(f"a query must be a text or a key, not {type(text_or_key).__name__}")
        if not isinstance(min_score, (int, float)) or not math.isfinite(min_score):
            raise SimilarityError(f"min_score must be a number, not {min_score!r}")
        if k <= 0 or not self._row_of:
            return []
        excluded = set(exclude)
        if text_or_key in self._row_of:
            query_text = self.text(text_or_key)
            excluded.add(text_or_key)
        else:
            query_text = text_or_key
        feats, info = analyse(query_text)
        vectors = self._query_vectors(feats)
        cosines = self._cosines(vectors)
        cosine = sum(w * c for w, c in zip(BLOCK_WEIGHTS, cosines, strict=True))
        assert isinstance(cosine, np.ndarray)
        for key in excluded:
            row = self._row_of.get(key)
            if row is not None:
                cosine[row] = 0.0
        candidates = np.flatnonzero((cosine > 0) & (cosine >= model().gate(min_score)))
        if not len(candidates):
            return []
        order = candidates[np.argsort(-cosine[candidates], kind="stable")]
        bounds = model().bound(cosine[order])
        scores = np.full(len(order), -np.inf)
        done = 0
        step = max(k, RESCORE)
        # the rows that may still reach the k-th score found so far: a prefix of ``order``, since the
        # bounds fall along it; it only shrinks as the k-th score rises
        limit = len(order)
        while done < limit:
            upto = min(limit, done + step)
            for first in range(done, upto, RESCORE_CHUNK):
                last = min(upto, first + RESCORE_CHUNK)
                scores[first:last] = self._rescore(
                    order[first:last], cosine[order[first:last]], vectors, info
                )
            done = upto
            step *= 2
            if done < k:
                continue
            kth = np.partition(scores[:done], done - k)[done - k]
            limit = min(limit, int(np.searchsorted(-bounds, -(kth - 1e-9), side="right")))
        rescored = np.flatnonzero((scores > 0) & (scores >= min_score))
        if len(rescored) > k:
            kth = np.partition(scores[rescored], len(rescored) - k)[len(rescored) - k]
            rescored = rescored[scores[rescored] >= kth - _TIE]
        ranked = sorted(
            rescored.tolist(), key=lambda at: (-round(float(scores[at]) / _TIE), self._keys[order[at]])
        )[:k]
        matches = []
        for at in ranked:
            row = int(order[at])
            found, text = self._keys[row], self._texts[row]
            assert found is not None and text is not None
            why = explain(query_text, text) if explain_matches else None
            matches.append(Match(found, float(scores[at]), why))
        return matches

    def pairs_above(self, threshold: float | None = None, *, explain_pairs: bool = True) -> list[Pair]:
        """Every pair of texts in the index sharing a feature and scoring at least ``threshold``
        (default: the index's threshold), best first. Exact: the pairs whose cosine reaches the gate
        ``U⁻¹(threshold)`` are found by a sparse product and rescored; no pair below the gate can reach
        the threshold."""
        limit = self.threshold if threshold is None else float(threshold)
        if not math.isfinite(limit):
            raise SimilarityError(f"the threshold must be a number, not {threshold!r}")
        rows_i, rows_j, values = self._pairs(max(limit, 1e-12))
        pairs = []
        for i, j, score in zip(rows_i.tolist(), rows_j.tolist(), values.tolist(), strict=True):
            first, second = self._keys[i], self._keys[j]
            assert first is not None and second is not None
            key_i, key_j = first, second
            if key_j < key_i:
                i, j, key_i, key_j = j, i, key_j, key_i
            why = None
            if explain_pairs:
                text_i, text_j = self._texts[i], self._texts[j]
                assert text_i is not None and text_j is not None
                why = explain(text_i, text_j)
            pairs.append(Pair(key_i, key_j, float(score), why))
        pairs.sort(key=lambda p: (-p.score, p.key_a, p.key_b))
        return pairs

    def _pairs(self, limit: float) -> tuple[IntArray, IntArray, FloatArray]:
        """Every pair scoring at least ``limit``, exactly: the pairs whose cosine reaches the gate, from
        the normalised rows (blocks side by side, scaled by the square roots of their weights, so a dot
        product is the cosine) times their own transpose, a chunk of rows at a time and only above the
        diagonal; then each such pair rescored with the pair model, in batches. Pruning the common
        features, or a top-n join, was measured and lost pairs that share only common words (a long
        beneficiary name, say); see docs/overlaps.md."""
        alive = np.flatnonzero(self._alive)
        empty = (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float64))
        if len(alive) < 2:
            return empty
        gate = max(model().gate(limit), 1e-12)
        idfs = self._idfs()
        raw = []
        unit = []
        blocks = []
        for block, weight, weights in zip(self._blocks, BLOCK_WEIGHTS, idfs, strict=True):
            rows = block.all_rows_csr()[alive]
            raw.append(rows)
            z_block = normalised(rows, weights)
            unit.append(z_block)
            blocks.append(z_block * math.sqrt(weight))
        z = sp.hstack(blocks, format="csr")
        n = z.shape[0]
        if z.nnz == 0:
            return empty
        z_t = z.T.tocsr()
        postings = np.diff(z_t.indptr).astype(np.float64)
        # the product of row i with the rows after it holds at most Σ over i's features of their df
        work = np.asarray(z.astype(bool).astype(np.float64) @ postings).ravel()
        found_i: list[IntArray] = []
        found_j: list[IntArray] = []
        first = 0
        while first < n:
            last = first + 1 + int(np.searchsorted(np.cumsum(work[first:]), JOIN_ENTRIES))
            last = min(n, last)
            part = (z[first:last] @ z_t[:, first:]).tocoo() if first else (z[first:last] @ z_t).tocoo()
            rows_p = part.row.astype(np.int64) + first
            cols_p = part.col.astype(np.int64) + first
            keep = (cols_p > rows_p) & (part.data >= gate)
            found_i.append(rows_p[keep])
            found_j.append(cols_p[keep])
            first = last
        cand_i, cand_j = np.concatenate(found_i), np.concatenate(found_j)
        chars, stems = BLOCKS.index("chars"), BLOCKS.index("stems")
        model_weights = [
            np.where(block.numeric[: len(w)], 0.0, w) for block, w in zip(self._blocks, idfs, strict=True)
        ]
        infos = self._live_infos(alive)
        out_i: list[IntArray] = []
        out_j: list[IntArray] = []
        out_s: list[FloatArray] = []
        for start in range(0, len(cand_i), RESCORE_BATCH):
            bi, bj = cand_i[start : start + RESCORE_BATCH], cand_j[start : start + RESCORE_BATCH]
            cos = [np.clip(np.asarray(u[bi].multiply(u[bj]).sum(axis=1)).ravel(), 0.0, 1.0) for u in unit]
            cosine = np.clip(sum(w * c for w, c in zip(BLOCK_WEIGHTS, cos, strict=True)), 0.0, 1.0)
            x = pair_features(
                Side(raw[stems][bi], raw[chars][bi], [infos[r] for r in bi.tolist()]),
                Side(raw[stems][bj], raw[chars][bj], [infos[r] for r in bj.tolist()]),
                model_weights[stems],
                model_weights[chars],
                self._blocks[stems].prefix_of,
            )
            score = model().score(cosine, x)
            keep = score >= limit
            out_i.append(bi[keep])
            out_j.append(bj[keep])
            out_s.append(score[keep])
        if not out_i:
            return empty
        return alive[np.concatenate(out_i)], alive[np.concatenate(out_j)], np.concatenate(out_s)

    # -- persistence ------------------------------------------------------------------------------
    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the index to one file (numpy .npz, no pickle); written beside and renamed, so a reader
        never sees half a file."""
        self._compact()
        meta = {
            "format": _FORMAT,
            "version": _FORMAT_VERSION,
            "threshold": self.threshold,
            "keys": self._keys,
            "texts": self._texts,
            "vocab": [sorted(block.vocab, key=block.vocab.__getitem__) for block in self._blocks],
            "infos": [
                [i.words, i.chars, i.ending, i.negation, sorted(i.names), sorted(i.stems), i.plain_words]
                for i in self._infos
                if i is not None
            ],
        }
        arrays: dict[str, Any] = {"meta": np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8)}
        for b, block in enumerate(self._blocks):
            arrays[f"indptr{b}"] = block.main.indptr
            arrays[f"indices{b}"] = block.main.indices
            arrays[f"data{b}"] = block.main.data
            arrays[f"df{b}"] = block.df[: len(block.vocab)]
        target = Path(path)
        temporary = target.with_name(target.name + ".tmp")
        with open(temporary, "wb") as handle:
            np.savez(handle, allow_pickle=False, **arrays)
        os.replace(temporary, target)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> SimilarityIndex:
        """Read an index written by :meth:`save`; a file of another kind raises SimilarityError."""
        try:
            with np.load(path, allow_pickle=False) as data:
                meta = json.loads(bytes(data["meta"]).decode("utf-8"))
                if meta.get("format") != _FORMAT or meta.get("version") != _FORMAT_VERSION:
                    raise SimilarityError(f"{path} is not a similarity index of this version")
                index = cls(threshold=float(meta["threshold"]))
                keys: list[str] = [str(key) for key in meta["keys"]]
                index._keys = list(keys)
                index._texts = [str(text) for text in meta["texts"]]
                infos = [
                    TextInfo(
                        int(w),
                        int(c),
                        int(end),
                        bool(neg),
                        frozenset(map(str, names)),
                        frozenset(map(str, stems)),
                        int(plain),
                    )
                    for w, c, end, neg, names, stems, plain in meta["infos"]
                ]
                index._infos = list(infos)
                if len(index._infos) != len(keys):
                    raise SimilarityError(f"{path} is not a similarity index of this version")
                index._row_of = {key: row for row, key in enumerate(keys)}
                index._alive = np.ones(len(index._keys), dtype=bool)
                index._n_main = len(index._keys)
                for b, block in enumerate(index._blocks):
                    block.vocab = {feature: col for col, feature in enumerate(meta["vocab"][b])}
                    block.df = np.array(data[f"df{b}"], dtype=np.float64)
                    block.df_changed()
                    block.main = sp.csc_matrix(
                        (data[f"data{b}"], data[f"indices{b}"], data[f"indptr{b}"]),
                        shape=(len(index._keys), len(block.vocab)),
                    )
                    block.mark_columns(0)
                    block.store = _RowStore.from_csr(block.main.tocsr())
                index._append_text_rows(infos)
                index._recompute()
        except (OSError, ValueError, KeyError, TypeError) as error:
            if isinstance(error, SimilarityError):
                raise
            raise SimilarityError(f"cannot read the similarity index {path}: {error}") from error
        return index
