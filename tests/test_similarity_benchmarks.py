"""The overlap benchmark scripts run on a small file of their own and skip cleanly without their data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
