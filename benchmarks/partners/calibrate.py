"""Calibrating ``ecosystem.graph.SIMILAR``, the cut-off above which a past project counts as an
organisation's "similar work" for a partner suggestion, on the EURA 2014–2020 project list.

    .venv/bin/python benchmarks/partners/calibrate.py PATH/fi_eura2014_erdf_esf_2014-2020_projektilista.csv

The list has no partners, so the labels are proxies, said plainly:
- **unrelated**: pairs of projects with different lead organisations on different priority axes (Tl),
  drawn at random; a cut-off should let very few of them through, since each one that passes becomes a
  reason ("ran 3 similar projects") that is not true;
- **same lead**: pairs of projects led by the same organisation. An organisation's projects are often
  on its own line of work ("INKA - ..." series, one research group's topics), but not always (a
  university leads projects on everything), so this is a *ceiling* of what a cut-off could find, not
  a target to reach.

The texts are scored with the similarity core exactly as the suggestions do (``cores.similarity
.score_pairs``, idf from the texts compared: here the whole list, as a suggestion compares one idea with
all past work). The table gives, per cut-off, the share of unrelated pairs that pass (false reasons per
past project) and the share of same-lead pairs that pass.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

CUTOFFS = [0.08, 0.10, 0.12, 0.15, 0.18, 0.20, 0.22, 0.25, 0.30, 0.35, 0.40]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("eura_csv", type=Path)
    parser.add_argument("--pairs", type=int, default=20_000, help="pairs of each label (sampled)")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()

    from cores.similarity import score_pairs

    with args.eura_csv.open(encoding="utf-8") as f:
        rows = [
            (r["Hankkeen nimi"].strip(), r["Toteuttajan nimi"].strip().casefold(), r["Tl"].strip())
            for r in csv.DictReader(f)
        ]
    rows = [r for r in rows if r[0] and r[1]]
    rng = random.Random(args.seed)
    by_lead: dict[str, list[int]] = {}
    for i, (_name, lead, _axis) in enumerate(rows):
        by_lead.setdefault(lead, []).append(i)
    same = [(a, b) for ids in by_lead.values() for n, a in enumerate(ids) for b in ids[n + 1 :]]
    same = [p for p in same if rows[p[0]][0] != rows[p[1]][0]]  # a name repeated is no evidence
    rng.shuffle(same)
    same = same[: args.pairs]
    unrelated: list[tuple[int, int]] = []
    while len(unrelated) < args.pairs:
        a, b = rng.randrange(len(rows)), rng.randrange(len(rows))
        if rows[a][1] != rows[b][1] and rows[a][2] != rows[b][2]:
            unrelated.append((a, b))
    pairs = same + unrelated
    scores = score_pairs([rows[a][0] for a, _ in pairs], [rows[b][0] for _, b in pairs])
    same_scores, unrelated_scores = scores[: len(same)], scores[len(same) :]

    print(f"# EURA 2014–2020: {len(rows):,} projects with a lead, {len(by_lead):,} leads")
    print(f"# pairs: {len(same):,} same lead, {len(unrelated):,} unrelated (different lead and axis)")
    print("| cut-off | unrelated pairs passing | same-lead pairs passing | ratio |")
    print("|---:|---:|---:|---:|")
    for c in CUTOFFS:
        u = sum(s >= c for s in unrelated_scores) / len(unrelated_scores)
        p = sum(s >= c for s in same_scores) / len(same_scores)
        ratio = f"{p / u:.0f}x" if u else "–"
        print(f"| {c:.2f} | {u:.2%} | {p:.2%} | {ratio} |")


if __name__ == "__main__":
    main()
