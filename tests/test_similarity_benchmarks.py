"""The overlap benchmark scripts run on a small file of their own and skip cleanly without their data."""

from __future__ import annotations

import importlib
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def run(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "overlap" / script), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_accuracy_skips_without_the_file(tmp_path: Path) -> None:
    result = run("accuracy.py", str(tmp_path / "absent.tsv"))
    assert result.returncode == 0
    assert "skipped" in result.stdout


def test_duplicates_skips_without_the_file(tmp_path: Path) -> None:
    result = run("duplicates.py", str(tmp_path / "absent.csv"))
    assert result.returncode == 0
    assert "skipped" in result.stdout


def test_accuracy_reports_both_baselines_and_the_core(tmp_path: Path) -> None:
    # given a small labelled file in the corpus's format (label, source, score, txt1, txt2)
    rows = ["label\tsource\tlex-similarity\ttxt1\ttxt2"]
    for i in range(12):
        rows.append(f"4\tx\t0\tEnergiatehokkuuden parantaminen {i}\tEnergiatehokkuutta parannetaan {i}")
        rows.append(f"3<\tx\t0\tNuorten työllisyys kasvaa {i}\tNuorten työllisyyden kasvu {i}")
        rows.append(f"2\tx\t0\tKiertotalous Vantaalla {i}\tKiertotalouden hanke Espoossa {i + 1}")
        rows.append(f"1\tx\t0\tAamun riisipuuro {i}\tVerkon vikatilanteet {i + 2}")
        rows.append(f"x\tx\t0\tohitettu {i}\tohitettu {i}")
    path = tmp_path / "pairs.tsv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    # when the benchmark runs on it
    result = run("accuracy.py", str(path))
    # then it reads 48 pairs (the skipped ones left out) and prints a row per scorer
    assert result.returncode == 0, result.stderr
    assert "48 labelled pairs" in result.stdout
    for name in ("baseline: TF-IDF words", "baseline: TF-IDF char 3-5 (wb)", "cores.similarity.score_pairs"):
        assert f"| {name} |" in result.stdout


def small_labelled_file(tmp_path: Path) -> Path:
    """48 pairs in the corpus's format: 16 paraphrases (4), 16 related (2) and 16 unrelated (1)."""
    rows = ["label\tsource\tlex-similarity\ttxt1\ttxt2"]
    for i in range(16):
        rows.append(
            f"4\tx\t0\tEnergiatehokkuuden parantaminen kunnissa {i}\tKuntien energiatehokkuutta parannetaan {i}"
        )
        rows.append(f"2\tx\t0\tKiertotalous Vantaalla {i}\tKiertotalouden hanke Espoossa {i + 1}")
        rows.append(f"1\tx\t0\tAamun riisipuuro {i}\tVerkon vikatilanteet {i + 2}")
    path = tmp_path / "pairs.tsv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_variants_skips_without_the_file(tmp_path: Path) -> None:
    result = run("variants.py", str(tmp_path / "absent.tsv"))
    assert result.returncode == 0
    assert "skipped" in result.stdout


def test_variants_compares_each_candidate_with_the_shipped_score(tmp_path: Path) -> None:
    # given a small labelled file in the corpus's format, with paraphrases, related and unrelated pairs
    path = small_labelled_file(tmp_path)
    # when the variants benchmark runs on it
    result = run("variants.py", str(path))
    # then it prints the shipped score's row with a zero difference, and the candidates and the ceiling
    assert result.returncode == 0, result.stderr
    assert "48 labelled pairs" in result.stdout
    shipped = next(line for line in result.stdout.splitlines() if line.startswith("| shipped:"))
    assert shipped.endswith("| +0.0000 / +0.0000 |")
    assert "| containment of char 4-grams |" in result.stdout
    assert "| cos of stem bigrams (word order) |" in result.stdout
    assert "ceiling: logistic regression" in result.stdout


def _benchmark_module(name: str) -> Any:
    """A module of benchmarks/overlap (not a package: the scripts put their folder on the path)."""
    folder = str(ROOT / "benchmarks" / "overlap")
    if folder not in sys.path:
        sys.path.insert(0, folder)
    return importlib.import_module(name)


def test_pair_models_skips_without_the_file(tmp_path: Path) -> None:
    result = run("pair_models.py", str(tmp_path / "absent.tsv"))
    assert result.returncode == 0
    assert "skipped" in result.stdout


def test_pair_models_reports_every_model_on_held_out_halves(tmp_path: Path) -> None:
    # given a small labelled file with paraphrases, related and unrelated pairs
    path = small_labelled_file(tmp_path)
    # when the pair-model benchmark runs on it with two seeds
    result = run("pair_models.py", str(path), "--seeds", "1,2")
    # then it prints the unfitted score and one row per model, each with a verdict on the margin
    assert result.returncode == 0, result.stderr
    assert "48 labelled pairs, 33 features per pair" in result.stdout
    assert "| shipped score, no fit |" in result.stdout
    table = [line for line in result.stdout.splitlines() if line.startswith("| ") and "model |" not in line]
    assert len(table) == 1 + len(_benchmark_module("pair_models").MODELS)
    assert all(line.endswith(("| yes |", "| no |", "| – |")) for line in table)


def test_boosted_trees_find_the_split_and_are_deterministic() -> None:
    # given one informative feature (y = 1 above 0.3) and one of noise
    learners = _benchmark_module("learners")
    rng = np.random.default_rng(7)
    x = rng.random((400, 2))
    y = (x[:, 0] > 0.3).astype(np.float64)
    # when trees are fitted twice on the same rows
    first = learners.fit(x, y, rounds=20)
    second = learners.fit(x, y, rounds=20)
    # then the root splits the informative feature near 0.3, and the fits are identical
    assert first.features[0][0] == 0
    assert abs(first.thresholds[0][0] - 0.3) < 0.05
    assert first == second
    margins = learners.predict_margin(first, np.array([[0.1, 0.5], [0.9, 0.5]]))
    assert margins[0] < 0 < margins[1]


def test_logistic_and_two_layer_rank_a_separable_feature() -> None:
    # given rows whose label follows the first feature
    learners = _benchmark_module("learners")
    rng = np.random.default_rng(3)
    x = rng.normal(size=(300, 3))
    y = (x[:, 0] + 0.1 * rng.normal(size=300) > 0).astype(np.float64)
    weight = np.ones(300)
    test = np.array([[-2.0, 0.0, 0.0], [2.0, 0.0, 0.0]])
    # when both are fitted, then the held-out row with the larger feature scores higher
    for margins in (learners.logistic(x, y, weight, test), learners.two_layer(x, y, weight, test)):
        assert margins[0] < margins[1]


def test_pair_features_are_symmetric_and_see_a_changed_number() -> None:
    # given a text and its copy with another age, and a paraphrase-like pair
    pair_features = _benchmark_module("pair_features")

    def features(a: str, b: str) -> list[float]:
        return pair_features.pair_features(a, b, 0.5, 0.5, lambda stem: 2.0)

    a = "Kaksi alle 12-vuotiasta lasta majoittuu ilmaiseksi."
    b = "Kaksi alle 18-vuotiasta lasta majoittuu ilmaiseksi."
    names = pair_features.FEATURE_NAMES
    # when their features are computed both ways
    forward, backward = features(a, b), features(b, a)
    # then they are the same both ways, name the two numbers in one text only, and count one swap
    assert forward == backward
    assert len(forward) == len(names)
    assert forward[names.index("numbers_one_side")] == 2.0
    assert forward[names.index("one_word_swaps")] == 1.0
    # and empty texts or text without words give finite features, not an exception
    assert all(math.isfinite(v) for v in features("", "") + features("12 34", "!!!"))
