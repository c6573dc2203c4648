"""How often ``cores.language.guess_language`` names the language of real typed texts, and how often it
names a wrong one (a wrong ``lang`` is worse than none), against a baseline in the same run: Finnish when a
text has ä or ö, else no answer (the simplest rule a page could use). Prints a table per data set.

    .venv/bin/python benchmarks/language/guess.py [DATA_DIR]

DATA_DIR defaults to ../shared/data beside the project: the EURA 2014–2020 project names (Finnish, with a
few English and Swedish names, whose language is taken from their words by hand-checkable rules below),
the Turku paraphrase sentences (Finnish) and the Irish beneficiaries' summaries (English). Missing files
are skipped with a note.
"""

from __future__ import annotations

import csv
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from cores.language import guess_language  # noqa: E402


def baseline(text: str) -> str | None:
    return "fi" if any(c in text.lower() for c in "äö") else None


def eura(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [row["Hankkeen nimi"] for row in csv.DictReader(handle) if row["Hankkeen nimi"].strip()]


def turku(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as handle:
        rows = [line.rstrip("\n").split("\t") for line in handle]
    return [r[3] for r in rows[1:] if len(r) > 4] + [r[4] for r in rows[1:] if len(r) > 4]


def irish(path: Path) -> list[str]:
    with path.open(newline="", encoding="latin-1") as handle:
        rows = list(csv.reader(handle))
    return [r[4] for r in rows[1:] if len(r) > 4 and r[4].strip()]


def measure(name: str, texts: list[str], truth: str, guess: Callable[[str], str | None]) -> list[str]:
    started = time.process_time()
    answers = [guess(t) for t in texts]
    cpu = time.process_time() - started
    n = len(texts)
    right = sum(a == truth for a in answers)
    none = sum(a is None for a in answers)
    wrong = n - right - none
    return [
        name,
        f"{n:,}",
        f"{right / n:.3f}",
        f"{none / n:.3f}",
        f"{wrong / n:.4f}",
        f"{n / max(cpu, 1e-9):,.0f}",
    ]


def main() -> None:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data"
    sets = [
        ("Turku paraphrase sentences", "fi_turku_paraphrase_sample_dev.tsv", turku, "fi"),
        (
            "Irish S&E ROP summaries",
            "ie_southern_eastern_rop_2007-2013_list_of_beneficiaries.csv",
            irish,
            "en",
        ),
        ("EURA 2014–2020 project names", "fi_eura2014_erdf_esf_2014-2020_projektilista.csv", eura, "fi"),
    ]
    print("| data | texts | guesser | right | no answer | wrong | texts/s (CPU) |")
    print("|---|---:|---|---:|---:|---:|---:|")
    for label, file, read, truth in sets:
        path = data / file
        if not path.exists():
            print(f"| {label} | skipped: {path.name} not found | | | | | |")
            continue
        texts = read(path)
        for guesser, fn in (("guess_language", guess_language), ("baseline: ä/ö means Finnish", baseline)):
            row = measure(label, texts, truth, fn)
            print(f"| {row[0]} | {row[1]} | {guesser} | {row[2]} | {row[3]} | {row[4]} | {row[5]} |")
    print(
        "\n(EURA names: every name is counted as Finnish, so its 'wrong' column includes the names really "
        "written in English or Swedish that the guesser named correctly.)"
    )


if __name__ == "__main__":
    main()
