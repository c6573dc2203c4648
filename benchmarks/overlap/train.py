"""Fit the pair model behind the score and write ``cores/similarity/model.json``.

    .venv/bin/python benchmarks/overlap/train.py [FILE]            # fit on every labelled pair, write the model
    .venv/bin/python benchmarks/overlap/train.py --check [FILE]    # held-out AUCs only, nothing written

Deterministic: the same file gives the same model byte for byte (no sampling; the network's start is
seeded; one thread). The features are ``cores.similarity.pairs.FEATURE_NAMES``, computed by
``corpus_features`` exactly as ``score_pairs`` computes them (idf over the distinct texts of the file; no
label used). Three models are fitted for "paraphrase" (labels 3–4) against the rest (labels 1–2), with the
unrelated pairs (label 1) weighted five times: a logistic regression, boosted trees (depth 3) and a 2-layer
network (``learners.py``'s, returning their parameters). The score is
``max(F(c), min(m, min(1, max(OFFSET, SLOPE · c))))`` with ``m`` the mean of their probabilities, ``c`` the
cosine and ``F(c) = max(0, (c − FLOOR) / (1 − FLOOR))`` (``cores/similarity/pairs.py`` says why).
``--check`` prints the cross-fitted estimate: fitted on one half of a seeded split, scored on the other,
both ways, four seeds. ``--check --folds K`` cross-fits in K folds instead (each fold scored by a model
fitted on the other K − 1, so on a share (K − 1)/K of the pairs, nearer to the shipped model's whole file),
and prints the AUCs of every seed's pooled out-of-fold scores and the learning curve: the same folds
scored by models fitted on a half and on all of the other folds' pairs.

Trees compare ``x > threshold``; each threshold is moved to the midpoint between the training values on
either side of it, so a feature computed in another summation order (the index's) never falls on a
threshold that a training value sat on.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import numpy as np  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))

import learners  # noqa: E402
from accuracy import DEFAULT_FILE, read_pairs, roc_auc  # noqa: E402

from cores.similarity.pairs import FEATURE_NAMES, MODEL_FILE, Model, corpus_features  # noqa: E402

#: The score is ``max((c - FLOOR) / (1 - FLOOR), min(m, min(1, max(OFFSET, SLOPE · c))))`` (docs/overlaps.md).
FLOOR = 0.6
OFFSET = 0.1
SLOPE = 1.2
#: Weight of the unrelated pairs (label 1) in the fit.
UNRELATED = 5.0
ROUNDS = 300
HIDDEN = 16
SEEDS = (2026, 1, 2, 3)


def _standardise(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return x.mean(axis=0), x.std(axis=0) + 1e-12


def fit_logistic(z: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float = 0.01) -> tuple[np.ndarray, float]:
    v = learners.logistic_params(z, y, w, l2=l2)
    return v[:-1], float(v[-1])


def fit_network(
    z: np.ndarray, y: np.ndarray, w: np.ndarray, *, hidden: int = HIDDEN, l2: float = 1e-3, seed: int = 0
) -> dict[str, Any]:
    w1, b1, w2, b2 = learners.two_layer_params(z, y, w, hidden=hidden, l2=l2, iterations=300, seed=seed)
    return {"w1": w1.tolist(), "b1": b1.tolist(), "w2": w2.tolist(), "b2": b2}


def fit_trees(x: np.ndarray, y: np.ndarray, w: np.ndarray, rounds: int = ROUNDS) -> dict[str, Any]:
    trees = learners.fit(x, y, w, rounds=rounds)
    thresholds = []
    for feats, cuts in zip(trees.features, trees.thresholds, strict=True):
        moved = []
        for j, t in zip(feats, cuts, strict=True):
            if not np.isfinite(t):
                moved.append(1e300)
                continue
            column = x[:, j]
            above = column[column > t]
            below = column[column <= t]
            low = float(below.max()) if len(below) else t
            moved.append((low + float(above.min())) / 2 if len(above) else t)
        thresholds.append(moved)
    return {
        "base": trees.base,
        "depth": trees.depth,
        "features": trees.features,
        "thresholds": thresholds,
        "leaves": trees.leaves,
    }


def fit(x: np.ndarray, labels: np.ndarray, *, floor: float = FLOOR) -> dict[str, Any]:
    """The model's parameters (as stored in model.json) fitted on the rows ``x`` with ``labels``."""
    x = np.round(x, 9)
    y = (labels >= 3).astype(np.float64)
    w = np.where(labels == 1, UNRELATED, 1.0)
    mean, spread = _standardise(x)
    z = (x - mean) / spread
    coef, bias = fit_logistic(z, y, w)
    return {
        "features": list(FEATURE_NAMES),
        "floor": floor,
        "offset": OFFSET,
        "slope": SLOPE,
        "low": x.min(axis=0).tolist(),
        "high": x.max(axis=0).tolist(),
        "mean": mean.tolist(),
        "spread": spread.tolist(),
        "logistic": {"coef": coef.tolist(), "bias": bias},
        "trees": fit_trees(x, y, w),
        "network": fit_network(z, y, w),
        "trained_on": {
            "pairs": len(labels),
            "labels": {str(k): int((labels == k).sum()) for k in (1, 2, 3, 4)},
        },
    }


def held_out(
    cosine: np.ndarray,
    x: np.ndarray,
    labels: np.ndarray,
    seeds: tuple[int, ...] = SEEDS,
    *,
    floor: float = FLOOR,
) -> list[tuple[float, float]]:
    """AUCs (3–4 vs 1, 3–4 vs 1–2) of the score on each held-out half: fitted on one half of a seeded split,
    scored on the other, both ways, per seed."""
    out = []
    positive = labels >= 3
    for seed in seeds:
        half = np.random.default_rng(seed).permutation(len(x)) < len(x) // 2
        for train, test in ((half, ~half), (~half, half)):
            model = Model.from_dict(fit(x[train], labels[train], floor=floor))
            scores = model.score(cosine[test], x[test])
            out.append(
                (
                    roc_auc(scores, positive[test], labels[test] == 1),
                    roc_auc(scores, positive[test], labels[test] <= 2),
                )
            )
    return out


def k_fold(
    cosine: np.ndarray, x: np.ndarray, labels: np.ndarray, folds: int, seed: int
) -> dict[float, tuple[float, float]]:
    """AUCs (3–4 vs 1, 3–4 vs 1–2) of the pooled out-of-fold scores of one seeded split into ``folds``
    folds, per share of the pairs the models were fitted on: all of the other folds' pairs, and half of
    them (the learning curve; the same folds scored, the same seed)."""
    fold = np.random.default_rng(seed).permutation(len(x)) % folds
    positive = labels >= 3
    full = (folds - 1) / folds
    out: dict[float, tuple[float, float]] = {}
    for share in (full / 2, full):
        scores = np.zeros(len(x))
        for k in range(folds):
            others = np.flatnonzero(fold != k)
            if share < full:
                others = others[np.random.default_rng(seed + k).permutation(len(others)) < len(others) // 2]
            model = Model.from_dict(fit(x[others], labels[others]))
            test = fold == k
            scores[test] = model.score(cosine[test], x[test])
        out[share] = (roc_auc(scores, positive, labels == 1), roc_auc(scores, positive, labels <= 2))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--check", action="store_true", help="held-out AUCs only; write nothing")
    parser.add_argument("--folds", type=int, default=2, help="with --check: cross-fit in this many folds")
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    args = parser.parse_args()
    if not args.file.exists():
        print(f"skipped: {args.file} is not there (the labelled pairs are not in the repository)")
        return 0
    labels, left, right = read_pairs(args.file)
    cosine, x = corpus_features(left, right)
    if args.check and args.folds > 2:
        print(f"{args.folds} folds, each scored by a model fitted on the others' pairs (share fitted on):")
        print("| seed | share | 3-4 vs 1 | 3-4 vs 1-2 |")
        print("|---|---:|---:|---:|")
        pooled: dict[float, list[tuple[float, float]]] = {}
        for seed in SEEDS:
            for share, aucs in k_fold(cosine, x, labels, args.folds, seed).items():
                pooled.setdefault(share, []).append(aucs)
                print(f"| {seed} | {share:.2f} | {aucs[0]:.4f} | {aucs[1]:.4f} |")
        for share, rows in pooled.items():
            mean = np.array(rows).mean(axis=0)
            print(f"| mean | {share:.2f} | {mean[0]:.4f} | {mean[1]:.4f} |")
        return 0
    if args.check:
        results = np.array(held_out(cosine, x, labels))
        print(
            f"held out, {len(results)} halves: 3-4 vs 1 {results[:, 0].mean():.4f} (lowest {results[:, 0].min():.4f}), "
            f"3-4 vs 1-2 {results[:, 1].mean():.4f} (lowest {results[:, 1].min():.4f})"
        )
        return 0
    params = fit(x, labels)
    args.out.write_text(json.dumps(params, indent=None, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes) from {len(labels)} pairs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
