"""The similarity index: texts under string keys, updated one at a time, saved and loaded, answering the
k most similar texts and every pair above a threshold. Scores equal :func:`cores.similarity.score_pairs`
computed over the texts in the index (the corpus that gives the idf weights)."""

from __future__ import annotations

import json
import math
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from .explain import Explanation, explain
from .text import Features, features
from .weights import BLOCK_WEIGHTS, BLOCKS, FloatArray, IntArray, csr, encode, idf, normalised, row_norms

#: The score above which two texts are reported as similar (see docs/overlaps.md for how it was chosen).
DEFAULT_THRESHOLD = 0.5

#: A feature found in more than this share of the texts is "common": it does not generate candidate
#: pairs in :meth:`SimilarityIndex.pairs_above` (its contribution is still counted, and bounded, exactly).
COMMON_SHARE = 0.01
_MIN_COMMON_DF = 16

_FORMAT = "salkku-similarity-index"
_FORMAT_VERSION = 1


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


class SimilarityError(ValueError):
    """A request the index cannot answer (an unknown key, a bad argument); the message says which."""


@dataclass
class _Block:
    """One feature block: vocabulary, document frequencies and the rows (compacted + pending)."""

    vocab: dict[str, int] = field(default_factory=dict)
    df: FloatArray = field(default_factory=lambda: np.zeros(0, dtype=np.float64))
    main: Any = None  # CSR of the first ``n_main`` rows
    pending_idx: list[IntArray] = field(default_factory=list)
    pending_val: list[FloatArray] = field(default_factory=list)
    pending: Any = None  # CSR cache of the pending rows

    def ensure_df(self) -> None:
        if len(self.df) < len(self.vocab):
            grown = np.zeros(max(len(self.vocab), 2 * len(self.df), 64), dtype=np.float64)
            grown[: len(self.df)] = self.df
            self.df = grown

    def pending_matrix(self) -> Any:
        if self.pending is None or self.pending.shape[1] != len(self.vocab):
            self.pending = csr(self.pending_idx, self.pending_val, len(self.vocab))
        return self.pending

    def row_cols(self, row: int, n_main: int) -> IntArray:
        if row < n_main:
            start, end = self.main.indptr[row], self.main.indptr[row + 1]
            cols: IntArray = self.main.indices[start:end]
            return cols
        return self.pending_idx[row - n_main]


def _empty_csr(n_cols: int = 0) -> Any:
    return sp.csr_matrix((0, n_cols), dtype=np.float64)


class SimilarityIndex:
    """Texts under string keys; see the package docstring for the contract."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.threshold = float(threshold)
        self._blocks = [_Block(main=_empty_csr()) for _ in BLOCKS]
        self._keys: list[str | None] = []
        self._texts: list[str | None] = []
        self._row_of: dict[str, int] = {}
        self._alive = np.zeros(0, dtype=bool)
        self._n_main = 0
        self._norms: list[FloatArray] | None = None
        self._idf: list[FloatArray] | None = None

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
        """Add (or update) many texts at once; faster than one at a time."""
        batch: list[tuple[str, str]] = []
        for key, text in items:
            if not isinstance(key, str) or not key:
                raise SimilarityError(f"a key must be a non-empty string, not {key!r}")
            batch.append((key, text if isinstance(text, str) else ""))
        latest = {key: text for key, text in batch}
        for key in latest:
            if key in self._row_of:
                self.remove(key)
        ordered = list(latest.items())
        feats = [features(text) for _, text in ordered]
        self._append(ordered, feats)

    def update(self, key: str, text: str) -> None:
        """Replace the text under ``key`` (which must exist)."""
        self._row(key)
        self.add(key, text)

    def remove(self, key: str) -> None:
        """Remove ``key`` and its text (which must exist)."""
        row = self._row(key)
        for block in self._blocks:
            cols = block.row_cols(row, self._n_main)
            block.df[cols] -= 1.0
        del self._row_of[key]
        self._keys[row] = None
        self._texts[row] = None
        self._alive[row] = False
        self._changed()
        dead = len(self._keys) - len(self._row_of)
        if dead > max(1024, len(self._row_of)):
            self._compact()

    def _row(self, key: str) -> int:
        try:
            return self._row_of[key]
        except (KeyError, TypeError):
            raise SimilarityError(f"no text under the key {key!r}") from None

    def _append(self, items: list[tuple[str, str]], feats: list[Features]) -> None:
        if not items:
            return
        first = len(self._keys)
        for offset, (key, text) in enumerate(items):
            self._keys.append(key)
            self._texts.append(text)
            self._row_of[key] = first + offset
        alive = np.ones(len(self._keys), dtype=bool)
        alive[: len(self._alive)] = self._alive
        self._alive = alive
        for name, block in zip(BLOCKS, self._blocks, strict=True):
            idx, val = encode((getattr(f, name) for f in feats), block.vocab, grow=True)
            block.ensure_df()
            for cols in idx:
                block.df[cols] += 1.0
            block.pending_idx.extend(idx)
            block.pending_val.extend(val)
            block.pending = None
        self._changed()
        n_pending = len(self._keys) - self._n_main
        if n_pending > max(512, self._n_main // 8):
            self._merge_pending()

    def _changed(self) -> None:
        self._norms = None
        self._idf = None

    def _merge_pending(self) -> None:
        for block in self._blocks:
            n_cols = len(block.vocab)
            main = block.main
            main = sp.csr_matrix((main.data, main.indices, main.indptr), shape=(main.shape[0], n_cols))
            block.main = sp.vstack([main, block.pending_matrix()], format="csr")
            block.pending_idx, block.pending_val, block.pending = [], [], None
        self._n_main = len(self._keys)
        self._changed()

    def _compact(self) -> None:
        """Drop removed rows (and then unused vocabulary stays; its df is 0)."""
        self._merge_pending()
        keep = np.flatnonzero(self._alive)
        for block in self._blocks:
            block.main = block.main[keep]
        self._keys = [self._keys[i] for i in keep]
        self._texts = [self._texts[i] for i in keep]
        self._row_of = {key: row for row, key in enumerate(self._keys) if key is not None}
        self._alive = np.ones(len(keep), dtype=bool)
        self._n_main = len(keep)
        self._changed()

    # -- weights ----------------------------------------------------------------------------------
    def _weights(self) -> tuple[list[FloatArray], list[FloatArray]]:
        """Per block: idf over the vocabulary, and the weighted norm of every row (main then pending)."""
        if self._idf is None or self._norms is None:
            n_docs = len(self._row_of)
            self._idf = []
            self._norms = []
            for block in self._blocks:
                block.ensure_df()
                weights = idf(block.df[: len(block.vocab)], n_docs)
                self._idf.append(weights)
                norms_main = row_norms(block.main, weights)
                norms_pending = row_norms(block.pending_matrix(), weights)
                self._norms.append(np.concatenate([norms_main, norms_pending]))
        return self._idf, self._norms

    def _query_vectors(self, feats: Features) -> list[tuple[IntArray, FloatArray, float]]:
        """Per block: known columns, their tf·idf² values divided by the query norm (unknown features
        count in the norm with the highest idf)."""
        idfs, _ = self._weights()
        n_docs = len(self._row_of)
        unknown_idf = math.log(1.0 + n_docs) + 1.0
        out: list[tuple[IntArray, FloatArray, float]] = []
        for name, block, weights in zip(BLOCKS, self._blocks, idfs, strict=True):
            row: dict[str, float] = getattr(feats, name)
            cols: list[int] = []
            vals: list[float] = []
            squared = 0.0
            for feature, tf in row.items():
                col = block.vocab.get(feature)
                if col is None or block.df[col] <= 0:
                    squared += (tf * unknown_idf) ** 2
                    continue
                w = float(weights[col])
                squared += (tf * w) ** 2
                cols.append(col)
                vals.append(tf * w * w)
            norm = math.sqrt(squared)
            out.append((np.asarray(cols, dtype=np.int64), np.asarray(vals, dtype=np.float64), norm))
        return out

    def _scores(self, feats: Features) -> FloatArray:
        """The score of the query features against every row (removed rows get -inf)."""
        _, norms = self._weights()
        total = np.zeros(len(self._keys), dtype=np.float64)
        for block, weight, (cols, vals, qnorm), dnorms in zip(
            self._blocks, BLOCK_WEIGHTS, self._query_vectors(feats), norms, strict=True
        ):
            if qnorm == 0 or len(cols) == 0:
                continue
            dots = np.zeros(len(self._keys), dtype=np.float64)
            q = np.zeros(len(block.vocab), dtype=np.float64)
            q[cols] = vals
            if self._n_main:
                dots[: self._n_main] = block.main @ q[: block.main.shape[1]]
            pending = block.pending_matrix()
            if pending.shape[0]:
                dots[self._n_main :] = pending @ q
            denom = dnorms * qnorm
            total += weight * np.divide(dots, denom, out=np.zeros_like(dots), where=denom > 0)
        np.clip(total, 0.0, 1.0, out=total)
        total[~self._alive] = -np.inf
        return total

    # -- queries ----------------------------------------------------------------------------------
    def most_similar(
        self, text_or_key: str, k: int = 10, *, exclude: Iterable[str] = (), explain_matches: bool = True
    ) -> list[Match]:
        """The ``k`` texts most similar to a text, or to the text under a key (a string that is a key in
        the index is taken as that key, and the key itself is left out). Best first; ties by key; texts
        that share nothing with the query (score 0) are left out."""
        if not isinstance(text_or_key, str):
            raise SimilarityError(f"a query must be a text or a key, not {type(text_or_key).__name__}")
        if k <= 0 or not self._row_of:
            return []
        excluded = set(exclude)
        if text_or_key in self._row_of:
            query_text = self.text(text_or_key)
            excluded.add(text_or_key)
        else:
            query_text = text_or_key
        scores = self._scores(features(query_text))
        for key in excluded:
            row = self._row_of.get(key)
            if row is not None:
                scores[row] = -np.inf
        candidates = np.flatnonzero(scores > 0)
        if len(candidates) > k:
            # keep every row tied with the k-th best so the tie-break by key is exact
            kth = np.partition(scores[candidates], len(candidates) - k)[len(candidates) - k]
            candidates = candidates[scores[candidates] >= kth]
        ranked = sorted(candidates.tolist(), key=lambda row: (-scores[row], self._keys[row]))[:k]
        matches = []
        for row in ranked:
            found, text = self._keys[row], self._texts[row]
            assert found is not None and text is not None
            why = explain(query_text, text) if explain_matches else None
            matches.append(Match(found, float(scores[row]), why))
        return matches

    def pairs_above(self, threshold: float | None = None, *, explain_pairs: bool = True) -> list[Pair]:
        """Every pair of texts in the index scoring at least ``threshold`` (default: the index's
        threshold), best first. Exact: candidates come from the rare features, and pairs that share none
        are found through a bound on their common features."""
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
        alive = np.flatnonzero(self._alive)
        empty = (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float64))
        if len(alive) < 2:
            return empty
        idfs, _ = self._weights()
        blocks = []
        common_cols = []
        max_df = max(_MIN_COMMON_DF, math.ceil(COMMON_SHARE * len(alive)))
        offset = 0
        for block, weight, weights in zip(self._blocks, BLOCK_WEIGHTS, idfs, strict=True):
            n_cols = len(block.vocab)
            main = block.main
            main = sp.csr_matrix((main.data, main.indices, main.indptr), shape=(main.shape[0], n_cols))
            rows = sp.vstack([main, block.pending_matrix()], format="csr")[alive]
            blocks.append(normalised(rows, weights, math.sqrt(weight)))
            common_cols.append(offset + np.flatnonzero(block.df[:n_cols] > max_df))
            offset += n_cols
        z = sp.hstack(blocks, format="csr")
        common = np.zeros(z.shape[1], dtype=bool)
        common[np.concatenate(common_cols)] = True
        mask = sp.diags(common.astype(np.float64))
        z_common = z @ mask
        z_rare = z - z_common
        z_rare.eliminate_zeros()
        common_norm = np.sqrt(np.asarray(z_common.multiply(z_common).sum(axis=1)).ravel())
        # candidates: pairs sharing a rare feature whose bound can reach the limit
        rare = sp.triu(z_rare @ z_rare.T, k=1, format="coo")
        keep = rare.data + common_norm[rare.row] * common_norm[rare.col] >= limit - 1e-9
        cand_i, cand_j = rare.row[keep], rare.col[keep]
        # pairs sharing no rare feature reach the limit only if both common norms do
        heavy = np.flatnonzero(common_norm >= limit - 1e-9)
        if len(heavy) > 1:
            sub = sp.triu(z_common[heavy] @ z_common[heavy].T, k=1, format="coo")
            ok = sub.data >= limit - 1e-9
            cand_i = np.concatenate([cand_i, heavy[sub.row[ok]]])
            cand_j = np.concatenate([cand_j, heavy[sub.col[ok]]])
        if len(cand_i) == 0:
            return empty
        codes = np.unique(cand_i.astype(np.int64) * len(alive) + cand_j)
        cand_i, cand_j = codes // len(alive), codes % len(alive)
        scores = np.empty(len(cand_i), dtype=np.float64)
        step = 200_000
        for start in range(0, len(cand_i), step):
            a = z[cand_i[start : start + step]]
            b = z[cand_j[start : start + step]]
            scores[start : start + step] = np.asarray(a.multiply(b).sum(axis=1)).ravel()
        np.clip(scores, 0.0, 1.0, out=scores)
        ok = scores >= limit
        return alive[cand_i[ok]], alive[cand_j[ok]], scores[ok]

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
                index._row_of = {key: row for row, key in enumerate(keys)}
                index._alive = np.ones(len(index._keys), dtype=bool)
                index._n_main = len(index._keys)
                for b, block in enumerate(index._blocks):
                    block.vocab = {feature: col for col, feature in enumerate(meta["vocab"][b])}
                    block.df = np.array(data[f"df{b}"], dtype=np.float64)
                    block.main = sp.csr_matrix(
                        (data[f"data{b}"], data[f"indices{b}"], data[f"indptr{b}"]),
                        shape=(len(index._keys), len(block.vocab)),
                    )
        except (OSError, ValueError, KeyError) as error:
            if isinstance(error, SimilarityError):
                raise
            raise SimilarityError(f"cannot read the similarity index {path}: {error}") from error
        return index
