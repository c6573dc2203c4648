"""Sparse matrices of term frequencies and their inverse-document-frequency weights.

A *block* is one kind of feature (character n-grams, stems) with its own vocabulary, document
frequencies and per-row norms; the score of two texts is the weighted mean over the blocks of the cosine
of their tf-idf vectors. Plain numpy/scipy; used by :func:`score_pairs` and by the index alike, so both
compute the same number for the same corpus.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: The feature blocks and their weights in the score (they add up to 1).
BLOCKS = ("chars", "stems")
BLOCK_WEIGHTS = (0.5, 0.5)


def idf(df: FloatArray, n_docs: int) -> FloatArray:
    """Smoothed inverse document frequency, ``ln((1 + N) / (1 + df)) + 1``: never below 1, so a term in
    every text still counts a little, and a term unknown to the corpus (df 0) counts the most."""
    result: FloatArray = np.log((1.0 + n_docs) / (1.0 + df)) + 1.0
    return result


def encode(
    rows: Iterable[dict[str, float]], vocab: dict[str, int], *, grow: bool
) -> tuple[list[IntArray], list[FloatArray]]:
    """Column ids and values of each row; unknown features get new ids when ``grow`` (else dropped)."""
    out_idx: list[IntArray] = []
    out_val: list[FloatArray] = []
    for row in rows:
        cols: list[int] = []
        vals: list[float] = []
        for feature, value in row.items():
            col = vocab.get(feature)
            if col is None:
                if not grow:
                    continue
                col = vocab[feature] = len(vocab)
            cols.append(col)
            vals.append(value)
        idx = np.asarray(cols, dtype=np.int64)
        order = np.argsort(idx, kind="stable")
        out_idx.append(idx[order])
        out_val.append(np.asarray(vals, dtype=np.float64)[order])
    return out_idx, out_val


def csr(indices: Sequence[IntArray], values: Sequence[FloatArray], n_cols: int) -> Any:
    """A CSR matrix from per-row column ids and values."""
    indptr = np.zeros(len(indices) + 1, dtype=np.int64)
    if indices:
        np.cumsum([len(i) for i in indices], out=indptr[1:])
        idx = np.concatenate(indices) if indptr[-1] else np.zeros(0, dtype=np.int64)
        val = np.concatenate(values) if indptr[-1] else np.zeros(0, dtype=np.float64)
    else:
        idx = np.zeros(0, dtype=np.int64)
        val = np.zeros(0, dtype=np.float64)
    index_type = np.int32 if max(int(indptr[-1]), n_cols) < 2**31 - 1 else np.int64
    return sp.csr_matrix(
        (val, idx.astype(index_type), indptr.astype(index_type)), shape=(len(indices), n_cols)
    )


def row_norms(matrix: Any, idf_values: FloatArray) -> FloatArray:
    """Euclidean norm of each row after weighting its columns by idf."""
    n_cols = matrix.shape[1]
    weights = idf_values[:n_cols] ** 2
    squared = matrix.multiply(matrix) @ weights
    result: FloatArray = np.sqrt(np.asarray(squared, dtype=np.float64).ravel())
    return result


def normalised(matrix: Any, idf_values: FloatArray, scale: float = 1.0) -> Any:
    """Rows weighted by idf and scaled to length ``scale`` (an all-zero row stays zero)."""
    n_cols = matrix.shape[1]
    norms = row_norms(matrix, idf_values)
    inverse = np.divide(scale, norms, out=np.zeros_like(norms), where=norms > 0)
    return sp.diags(inverse) @ matrix @ sp.diags(idf_values[:n_cols])
