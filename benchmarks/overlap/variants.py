"""Candidate changes to the similarity score, measured against the shipped score in the same run.

    .venv/bin/python benchmarks/overlap/variants.py [FILE]     # default ../shared/data/fi_turku_paraphrase_sample_dev.tsv

Each variant is a general idea with no knob fitted to the file (the weights are fixed simple rules: a mean
of components). For each it prints ROC AUC for 3–4 vs 1 and 3–4 vs 1–2 on the whole file and on each half of
the seeded random split that ``accuracy.py`` uses, so a gain that shows in one half only is visible:

- containment: the idf-weighted share of the shorter text's features found in the other (paraphrases
  often differ in length), on character 4-grams and on stems, with idf and idf²;
- word order: the cosine of consecutive stem pairs (stem bigrams), alone and in the mean;
- soft stems: the first four letters of each word as a feature (a crude compound/inflection matcher);
- Finnish lemmas and compound parts from Voikko, when its Python binding and Finnish dictionary are
  installed (system packages; skipped otherwise);
- a ceiling: a logistic regression over all the components above, fitted on one half and scored on the
  other. It is not a candidate (its weights are fitted to this file and change sign between the halves);
  it shows how far *any* combination of these lexical components could go.

Without the file it says so and exits 0.
"""

from __future__ import annotations

import argparse
import itertools
import math
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.optimize import minimize

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))

from accuracy import DEFAULT_FILE, read_pairs, roc_auc  # noqa: E402

from cores.similarity import score_pairs  # noqa: E402
from cores.similarity.text import features, stem, tokens  # noqa: E402

Bag = dict[str, float]


def sublinear(items: Iterable[str]) -> Bag:
    return {key: 1.0 + math.log(count) for key, count in Counter(items).items()}


def stem_bigrams(text: str) -> Bag:
    stems = [stem(token.word) for token in tokens(text)]
    return sublinear(f"{a} {b}" for a, b in itertools.pairwise(stems))


def prefixes(text: str) -> Bag:
    return sublinear(token.word[:4] for token in tokens(text))


def voikko_analyser() -> Callable[[str], Bag] | None:
    """Lemmas plus compound parts from Voikko, or None when it is not installed."""
    system = "/usr/lib/python3/dist-packages"  # where Debian's python3-libvoikko puts its module
    if system not in sys.path:
        sys.path.append(system)
    try:
        import libvoikko

        voikko = libvoikko.Voikko("fi")
    except Exception:  # any failure (no module, no dictionary) means "not available"
        return None
    cache: dict[str, list[str]] = {}

    def analyse(word: str) -> list[str]:
        if word not in cache:
            found = voikko.analyze(word)
            if not found:
                cache[word] = [stem(word)]
            else:
                base = str(found[0].get("BASEFORM", word)).lower()
                parts = [p.lower() for p in re.findall(r"\(([^)]+)\)", found[0].get("WORDBASES", ""))]
                cache[word] = [base] + (parts if len(parts) > 1 else [])
        return cache[word]

    return lambda text: sublinear(x for token in tokens(text) for x in analyse(token.word))


class Corpus:
    """The distinct texts of the pairs, and per-pair component scores over them."""

    def __init__(self, left: list[str], right: list[str]) -> None:
        self.texts = list(dict.fromkeys(left + right))
        row = {text: i for i, text in enumerate(self.texts)}
        self.rows_a = np.array([row[t] for t in left])
        self.rows_b = np.array([row[t] for t in right])

    def matrix(self, bags: list[Bag]) -> tuple[Any, np.ndarray]:
        vocab: dict[str, int] = {}
        indices: list[int] = []
        data: list[float] = []
        indptr = [0]
        for bag in bags:
            for key, value in bag.items():
                indices.append(vocab.setdefault(key, len(vocab)))
                data.append(value)
            indptr.append(len(indices))
        matrix = sp.csr_matrix((data, indices, indptr), shape=(len(bags), len(vocab)))
        df = np.bincount(matrix.indices, minlength=len(vocab))
        return matrix, np.log((1 + len(bags)) / (1 + df)) + 1

    def cosine(self, bags: list[Bag]) -> np.ndarray:
        matrix, idf = self.matrix(bags)
        weighted = matrix @ sp.diags(idf)
        norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
        unit = sp.diags(np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)) @ weighted
        return np.asarray(unit[self.rows_a].multiply(unit[self.rows_b]).sum(axis=1)).ravel()

    def containment(self, bags: list[Bag], power: float = 1.0) -> np.ndarray:
        """Σ idf^power of the shared features / the same sum over the text with less of it."""
        matrix, idf = self.matrix(bags)
        present = (matrix > 0).astype(np.float64) @ sp.diags(idf**power)
        a, b = present[self.rows_a], present[self.rows_b]
        shared = np.asarray(a.minimum(b).sum(axis=1)).ravel()
        smaller = np.minimum(np.asarray(a.sum(axis=1)).ravel(), np.asarray(b.sum(axis=1)).ravel())
        return np.divide(shared, smaller, out=np.zeros_like(shared), where=smaller > 0)


def logistic_cross_half(x: np.ndarray, y: np.ndarray, use: np.ndarray, half: np.ndarray) -> np.ndarray:
    """Fit on one half (rows in ``use``), score the other, both ways."""
    design = np.column_stack([x, np.ones(len(x))])
    out = np.zeros(len(x))
    for fit_on, score_on in ((half, ~half), (~half, half)):
        rows = use & fit_on
        xs, ys = design[rows], y[rows].astype(np.float64)

        def loss(w: np.ndarray, xs: np.ndarray = xs, ys: np.ndarray = ys) -> tuple[float, np.ndarray]:
            z = xs @ w
            value = float(np.sum(np.logaddexp(0.0, z) - ys * z) + 0.01 * w @ w)
            return value, xs.T @ (1.0 / (1.0 + np.exp(-z)) - ys) + 0.02 * w

        w = minimize(loss, np.zeros(design.shape[1]), jac=True, method="L-BFGS-B").x
        out[score_on] = design[score_on] @ w
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if not args.file.exists():
        print(f"skipped: {args.file} is not there (the labelled pairs are not in the repository)")
        return 0
    labels, left, right = read_pairs(args.file)
    positive = labels >= 3
    rng = np.random.default_rng(args.seed)
    half = rng.permutation(len(labels)) < len(labels) // 2
    corpus = Corpus(left, right)
    feats = [features(text) for text in corpus.texts]
    chars = [f.chars for f in feats]
    stems = [f.stems for f in feats]
    cos_c, cos_s = corpus.cosine(chars), corpus.cosine(stems)
    con_c, con_s = corpus.containment(chars), corpus.containment(stems)
    con_c2 = corpus.containment(chars, power=2.0)
    cos_bi = corpus.cosine([stem_bigrams(t) for t in corpus.texts])
    cos_pre = corpus.cosine([prefixes(t) for t in corpus.texts])
    shipped = np.asarray(score_pairs(left, right))
    variants: dict[str, np.ndarray] = {
        "shipped: mean cos(char 4-grams), cos(stems)": shipped,
        "containment of char 4-grams": con_c,
        "containment of stems": con_s,
        "mean of shipped and containment of char 4-grams": (shipped + con_c) / 2,
        "mean of shipped and containment of stems": (shipped + con_s) / 2,
        "mean of cos and containment, chars and stems (4 parts)": (cos_c + cos_s + con_c + con_s) / 4,
        "containment of char 4-grams, idf²": con_c2,
        "mean of shipped and containment of char 4-grams, idf²": (shipped + con_c2) / 2,
        "cos of stem bigrams (word order)": cos_bi,
        "mean of cos chars, stems, stem bigrams": (cos_c + cos_s + cos_bi) / 3,
        "cos of 4-letter word prefixes (soft stems)": cos_pre,
        "mean of cos chars, stems, prefixes": (cos_c + cos_s + cos_pre) / 3,
    }
    lemmas = voikko_analyser()
    components = [cos_c, cos_s, cos_bi, con_c, con_s, con_c2, cos_pre]
    if lemmas is None:
        print("Voikko (libvoikko + Finnish dictionary) is not installed: its variants are skipped.")
    else:
        cos_l = corpus.cosine([lemmas(t) for t in corpus.texts])
        variants["cos of Voikko lemmas + compound parts"] = cos_l
        variants["mean of cos chars, Voikko lemmas + parts"] = (cos_c + cos_l) / 2
        variants["mean of cos chars, stems, Voikko lemmas + parts"] = (cos_c + cos_s + cos_l) / 3
        components.append(cos_l)
    x = np.column_stack(components)
    for name, negative in (("3-4 vs 1", labels == 1), ("3-4 vs 1-2", labels <= 2)):
        fitted = logistic_cross_half(x, positive, positive | negative, half)
        variants[f"ceiling: logistic regression on all components, fitted for {name}, other half"] = fitted
    print(f"{args.file.name}: {len(labels)} labelled pairs")
    print()
    print("| variant | AUC 3-4 vs 1 | AUC 3-4 vs 1-2 | halves 3-4 vs 1 | halves 3-4 vs 1-2 | Δ vs shipped |")
    print("|---|---:|---:|---:|---:|---:|")
    base = (roc_auc(shipped, positive, labels == 1), roc_auc(shipped, positive, labels <= 2))
    for name, scores in variants.items():
        a1 = roc_auc(scores, positive, labels == 1)
        a12 = roc_auc(scores, positive, labels <= 2)
        h1 = [roc_auc(scores, positive & p, (labels == 1) & p) for p in (half, ~half)]
        h12 = [roc_auc(scores, positive & p, (labels <= 2) & p) for p in (half, ~half)]
        print(
            f"| {name} | {a1:.4f} | {a12:.4f} | {h1[0]:.4f} / {h1[1]:.4f} | {h12[0]:.4f} / {h12[1]:.4f} "
            f"| {a1 - base[0]:+.4f} / {a12 - base[1]:+.4f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
