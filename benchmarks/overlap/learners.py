"""Pair models fitted in numpy/scipy (no scikit-learn): gradient-boosted trees, a logistic regression and a
2-layer network, for ``pair_models.py``.

Each is deterministic (no sampling; the network's start is seeded), is fitted on training rows only
(standardisation and the trees' candidate thresholds included) and returns margins (log-odds) for the rows
it is asked to score. The trees are plain lists (feature, threshold, leaf values), small enough to be stored
in a JSON file and evaluated in numpy, should a model ever be shipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import minimize


@dataclass
class Trees:
    """Complete binary trees of one depth, stored level by level: ``features[t][n]`` and
    ``thresholds[t][n]`` for the internal node ``n`` (0 the root, children ``2n+1``, ``2n+2``; a value
    ``<= threshold`` goes left) and ``leaves[t][l]`` for the ``2**depth`` leaves, left to right."""

    depth: int
    base: float
    features: list[list[int]] = field(default_factory=list)
    thresholds: list[list[float]] = field(default_factory=list)
    leaves: list[list[float]] = field(default_factory=list)


def predict_margin(trees: Trees, x: np.ndarray) -> np.ndarray:
    out = np.full(len(x), trees.base)
    rows = np.arange(len(x))
    for feats, thresholds, leaves in zip(trees.features, trees.thresholds, trees.leaves, strict=True):
        f = np.asarray(feats)
        t = np.asarray(thresholds)
        node = np.zeros(len(x), dtype=np.int64)
        for _ in range(trees.depth):
            go_right = x[rows, f[node]] > t[node]
            node = 2 * node + 1 + go_right
        out += np.asarray(leaves)[node - (2**trees.depth - 1)]
    return out


def fit(
    x: np.ndarray,
    y: np.ndarray,
    weight: np.ndarray | None = None,
    *,
    rounds: int = 300,
    depth: int = 3,
    rate: float = 0.05,
    bins: int = 32,
    min_leaf: float = 20.0,
    l2: float = 1.0,
) -> Trees:
    """Boosted trees for P(y = 1); ``weight`` per row (default 1)."""
    n, d = x.shape
    w = np.ones(n) if weight is None else weight.astype(np.float64)
    # candidate thresholds: quantiles of each feature over the training rows
    edges = []
    binned = np.zeros((n, d), dtype=np.int64)
    for j in range(d):
        cuts = np.unique(np.quantile(x[:, j], np.linspace(0, 1, bins + 1)[1:-1]))
        edges.append(cuts)
        binned[:, j] = np.searchsorted(cuts, x[:, j], side="left")
    p0 = float(np.clip(np.average(y, weights=w), 1e-6, 1 - 1e-6))
    trees = Trees(depth=depth, base=float(np.log(p0 / (1 - p0))))
    margin = np.full(n, trees.base)
    offsets = np.arange(d) * (bins + 1)
    for _ in range(rounds):
        p = 1.0 / (1.0 + np.exp(-margin))
        g = w * (p - y)
        h = w * np.maximum(p * (1 - p), 1e-12)
        node = np.zeros(n, dtype=np.int64)
        feats = [0] * (2**depth - 1)
        thresholds = [np.inf] * (2**depth - 1)
        for level in range(depth):
            first = 2**level - 1
            for k in range(first, 2 * first + 1):
                rows = node == k
                if rows.sum() == 0:
                    continue
                flat = (binned[rows] + offsets).ravel()
                gs = np.bincount(flat, np.repeat(g[rows], d), d * (bins + 1)).reshape(d, bins + 1)
                hs = np.bincount(flat, np.repeat(h[rows], d), d * (bins + 1)).reshape(d, bins + 1)
                cs = np.bincount(flat, np.repeat(w[rows], d), d * (bins + 1)).reshape(d, bins + 1)
                gl, hl, cl = np.cumsum(gs, 1)[:, :-1], np.cumsum(hs, 1)[:, :-1], np.cumsum(cs, 1)[:, :-1]
                gt, ht, ct = gs.sum(1, keepdims=True), hs.sum(1, keepdims=True), cs.sum(1, keepdims=True)
                gain = gl**2 / (hl + l2) + (gt - gl) ** 2 / (ht - hl + l2) - gt**2 / (ht + l2)
                gain[(cl < min_leaf) | (ct - cl < min_leaf)] = -np.inf
                for j in range(d):
                    gain[j, len(edges[j]) :] = -np.inf
                best = int(np.argmax(gain))
                j, b = divmod(best, bins)
                if not np.isfinite(gain[j, b]) or gain[j, b] <= 0:
                    feats[k], thresholds[k] = 0, float("inf")
                else:
                    feats[k], thresholds[k] = j, float(edges[j][b])
            f = np.asarray(feats)[node]
            t = np.asarray(thresholds)[node]
            node = 2 * node + 1 + (x[np.arange(n), f] > t)
        leaf = node - (2**depth - 1)
        gsum = np.bincount(leaf, g, 2**depth)
        hsum = np.bincount(leaf, h, 2**depth)
        values = -rate * gsum / (hsum + l2)
        margin += values[leaf]
        trees.features.append([int(v) for v in feats])
        trees.thresholds.append([float(v) for v in thresholds])
        trees.leaves.append([float(v) for v in values])
    return trees


def _standardise(train: np.ndarray, test: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Both scaled with the training rows' mean and spread only."""
    mean, spread = train.mean(axis=0), train.std(axis=0) + 1e-12
    return (train - mean) / spread, (test - mean) / spread


def logistic_params(a: np.ndarray, y: np.ndarray, weight: np.ndarray, *, l2: float = 0.01) -> np.ndarray:
    """A weighted L2 logistic regression on the (standardised) rows ``a``: its coefficients, the
    intercept last."""
    a = np.column_stack([a, np.ones(len(a))])

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = a @ w
        value = float(np.sum(weight * (np.logaddexp(0.0, z) - y * z)) + l2 * w @ w)
        return value, a.T @ (weight * (1.0 / (1.0 + np.exp(-z)) - y)) + 2 * l2 * w

    result: np.ndarray = minimize(loss, np.zeros(a.shape[1]), jac=True, method="L-BFGS-B").x
    return result


def logistic(
    train: np.ndarray, y: np.ndarray, weight: np.ndarray, test: np.ndarray, *, l2: float = 0.01
) -> np.ndarray:
    """A weighted L2 logistic regression on standardised features: the margins of ``test``."""
    a, b = _standardise(train, test)
    w = logistic_params(a, y, weight, l2=l2)
    result: np.ndarray = b @ w[:-1] + w[-1]
    return result


Network = tuple[np.ndarray, np.ndarray, np.ndarray, float]


def two_layer_params(
    a: np.ndarray,
    y: np.ndarray,
    weight: np.ndarray,
    *,
    hidden: int = 16,
    l2: float = 1e-3,
    iterations: int = 300,
    seed: int = 0,
) -> Network:
    """A 2-layer network (tanh hidden layer, logistic output, L2 on the weights) fitted by L-BFGS on the
    (standardised) rows ``a``: its weights and biases (w1, b1, w2, b2)."""
    d = a.shape[1]
    rng = np.random.default_rng(seed)
    start = np.concatenate(
        [
            rng.normal(0, 1 / np.sqrt(d), d * hidden),
            np.zeros(hidden),
            rng.normal(0, 1 / np.sqrt(hidden), hidden),
            [0.0],
        ]
    )
    penalty = l2 * len(a)

    def unpack(v: np.ndarray) -> Network:
        w1 = v[: d * hidden].reshape(d, hidden)
        b1 = v[d * hidden : d * hidden + hidden]
        w2 = v[d * hidden + hidden : d * hidden + 2 * hidden]
        return w1, b1, w2, float(v[-1])

    def loss(v: np.ndarray) -> tuple[float, np.ndarray]:
        w1, b1, w2, b2 = unpack(v)
        h = np.tanh(a @ w1 + b1)
        z = h @ w2 + b2
        value = float(np.sum(weight * (np.logaddexp(0.0, z) - y * z)) + penalty * (np.sum(w1**2) + w2 @ w2))
        dz = weight * (1.0 / (1.0 + np.exp(-z)) - y)
        dh = np.outer(dz, w2) * (1 - h**2)
        grad = np.concatenate(
            [(a.T @ dh + 2 * penalty * w1).ravel(), dh.sum(0), h.T @ dz + 2 * penalty * w2, [dz.sum()]]
        )
        return value, grad

    return unpack(minimize(loss, start, jac=True, method="L-BFGS-B", options={"maxiter": iterations}).x)


def two_layer(
    train: np.ndarray,
    y: np.ndarray,
    weight: np.ndarray,
    test: np.ndarray,
    *,
    hidden: int = 16,
    l2: float = 1e-3,
    iterations: int = 300,
    seed: int = 0,
) -> np.ndarray:
    """A 2-layer network fitted on standardised features: the margins of ``test``."""
    a, b = _standardise(train, test)
    w1, b1, w2, b2 = two_layer_params(a, y, weight, hidden=hidden, l2=l2, iterations=iterations, seed=seed)
    result: np.ndarray = np.tanh(b @ w1 + b1) @ w2 + b2
    return result
