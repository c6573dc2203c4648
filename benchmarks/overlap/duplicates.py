"""Recall of natural duplicates: the Irish Southern & Eastern ROP 2007–2013 list of beneficiaries.

    .venv/bin/python benchmarks/overlap/duplicates.py [FILE]
        # default ../shared/data/ie_southern_eastern_rop_2007-2013_list_of_beneficiaries.csv

The list repeats many project summaries word for word, or nearly (another year, a typo, a changed name).
The reference pairs are found without the similarity core, by brute force over blocks:

- *identical*: the same summary once case, punctuation and spacing are set aside;
- *near-identical*: not identical, and ``difflib.SequenceMatcher`` ratio ≥ 0.9 between the two normalised
  summaries, among every pair that shares its first or its last 24 normalised characters or whose lengths
  differ by less than 10 % and which share their first word (the blocks keep brute force affordable;
  a near duplicate outside every block is not in the reference).

It indexes every summary with ``SimilarityIndex`` and asks ``pairs_above`` at the application's threshold,
then reports the recall of each reference set, the number of other pairs found, and a few examples of
those. Without the file it says so and exits 0.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import re
import sys
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from cores.similarity import DEFAULT_THRESHOLD, SimilarityIndex  # noqa: E402

DEFAULT_FILE = ROOT.parent / "shared" / "data" / "ie_southern_eastern_rop_2007-2013_list_of_beneficiaries.csv"
NEAR = 0.9


def normalise(text: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", text.replace("_x000D_", " ").lower()).split())


def reference(summaries: list[str]) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    norm = [normalise(s) for s in summaries]
    identical: set[tuple[int, int]] = set()
    by_text: dict[str, list[int]] = defaultdict(list)
    for i, text in enumerate(norm):
        if text:
            by_text[text].append(i)
    for rows in by_text.values():
        identical.update(combinations(rows, 2))
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, text in enumerate(norm):
        if not text:
            continue
        blocks[("head", text[:24])].append(i)
        blocks[("tail", text[-24:])].append(i)
        blocks[("word", text.split()[0])].append(i)
    near: set[tuple[int, int]] = set()
    seen: set[tuple[int, int]] = set()
    for (kind, _), rows in blocks.items():
        for i, j in combinations(rows, 2):
            pair = (min(i, j), max(i, j))
            if pair in seen or pair in identical:
                continue
            a, b = norm[i], norm[j]
            if kind == "word" and abs(len(a) - len(b)) > 0.1 * max(len(a), len(b)):
                continue
            seen.add(pair)
            if a != b and difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= NEAR:
                near.add(pair)
    return identical, near


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    args = parser.parse_args()
    if not args.file.exists():
        print(f"skipped: {args.file} is not there (the list is not in the repository)")
        return 0
    with args.file.open(newline="", encoding="utf-8", errors="replace") as handle:
        rows = list(csv.DictReader(handle))
    summaries = [row["Project Summary"].replace("_x000D_", " ") for row in rows]
    start = time.perf_counter()
    identical, near = reference(summaries)
    ref_seconds = time.perf_counter() - start
    start = time.perf_counter()
    index = SimilarityIndex(threshold=args.threshold)
    index.add_many((f"ie:{i}", text) for i, text in enumerate(summaries))
    build_seconds = time.perf_counter() - start
    start = time.perf_counter()
    pairs = index.pairs_above(explain_pairs=False)
    pairs_seconds = time.perf_counter() - start
    found = {tuple(sorted((int(p.key_a[3:]), int(p.key_b[3:])))) for p in pairs}
    print(
        f"{args.file.name}: {len(rows)} rows, {len({normalise(s) for s in summaries})} distinct normalised summaries"
    )
    print(
        f"reference (brute force over blocks, difflib ≥ {NEAR}): {ref_seconds:.1f} s; index {build_seconds:.1f} s, pairs_above {pairs_seconds:.1f} s"
    )
    print()
    print(f"| reference pairs | count | found at threshold {args.threshold:.2f} | recall |")
    print("|---|---:|---:|---:|")
    for name, ref in (("identical summaries", identical), ("near-identical summaries", near)):
        hit = len(ref & found)
        print(f"| {name} | {len(ref)} | {hit} | {hit / max(1, len(ref)):.3f} |")
    other = found - identical - near
    print(f"| other pairs above the threshold | | {len(other)} | |")
    missed = sorted(near - found)[:5]
    if missed:
        print("\nnear-identical pairs missed (first 5):")
        for i, j in missed:
            print(f"  {summaries[i][:90]!r}\n  {summaries[j][:90]!r}")
    print("\nother pairs found (5 at random):")
    import random

    for i, j in random.Random(1).sample(sorted(other), min(5, len(other))):
        print(f"  {summaries[i][:90]!r}\n  {summaries[j][:90]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
