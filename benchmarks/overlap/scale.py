"""Scale of the similarity index, each measurement against a brute-force baseline in the same run.

    .venv/bin/python benchmarks/overlap/scale.py                         # 100,000 texts; pairs among 20,000
    .venv/bin/python benchmarks/overlap/scale.py --n 20000 --pairs-n 5000  # a quicker run
    .venv/bin/python benchmarks/overlap/scale.py --sections build,query --busy 4  # queries on a loaded machine

Texts: the EURA 2014–2020 project list (name and beneficiary), replicated and perturbed (benchmarks/
overlap/corpus.py). Every section runs in a child process of its own, so its peak memory (max RSS) is its
own. Wall-clock and CPU time are both given: the machine is shared.

1. build: ``SimilarityIndex.add_many`` of N texts; baseline: a one-shot tf-idf matrix of the same texts
   (features, vocabulary, CSR, idf, normalised rows: what a non-incremental vectoriser does).
2. query: ``most_similar(key, k=10, min_score=0.2)`` (what the application asks: it lists from half the
   threshold) for 200 texts (with and without explanations), and without the minimum for 20, p50/p95;
   baseline: brute force, the full normalised matrix times the query vector, then every text sharing a
   feature rescored by the model, whose top 10 must be the same.
3. changes: ``add``, ``update`` and ``remove`` of one text, and the first query after a change (200 each),
   against rebuilding the index from scratch.
4. pairs: ``pairs_above(threshold)`` among the first ``--pairs-n`` texts against brute force on a sample of
   50 rows (each against every other text sharing a feature, all rescored, no gate): time, memory, recall
   on the sampled rows, and the brute force's time extrapolated to all rows.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import EURA_FILE, project_texts  # noqa: E402

from cores.similarity import DEFAULT_THRESHOLD, SimilarityIndex  # noqa: E402
from cores.similarity.pairs import Side, analyse, has_digit, model, pair_features, prefix_ids  # noqa: E402
from cores.similarity.text import features  # noqa: E402
from cores.similarity.weights import BLOCK_WEIGHTS, BLOCKS, csr, encode, idf, normalised  # noqa: E402

#: Rows checked against all others by the brute force of the pairs section.
BRUTE_ROWS = 50
#: What the application lists on a page (overlaps.engine.shown_from): half the threshold.
LIST_FROM = DEFAULT_THRESHOLD / 2


class Clock:
    def __enter__(self) -> Clock:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def one_shot_matrix(texts: list[str], raw: list[Any] | None = None) -> Any:
    """The baseline vectoriser: all texts at once, normalised rows of the weighted blocks side by side
    (and, into ``raw`` when given, each block's term frequencies and model weights)."""
    feats = [features(t) for t in texts]
    blocks = []
    for name, weight in zip(BLOCKS, BLOCK_WEIGHTS, strict=True):
        vocab: dict[str, int] = {}
        idx, val = encode((getattr(f, name) for f in feats), vocab, grow=True)
        matrix = csr(idx, val, len(vocab))
        df = np.bincount(matrix.indices, minlength=len(vocab)).astype(np.float64)
        blocks.append((normalised(matrix, idf(df, len(texts)), math.sqrt(weight)), vocab, df))
        if raw is not None:
            numbers = np.array([has_digit(f) for f in vocab], dtype=bool)
            raw.append((matrix, np.where(numbers, 0.0, idf(df, len(texts))), prefix_ids(vocab, {})))
    return blocks


def brute_scores(
    texts: list[str], rows: Any, cosines: list[Any], raw: list[Any], query: str, infos: list[Any]
) -> Any:
    """Brute force: the model's score of ``query`` against the texts ``rows`` (every one, no gate, no early
    stop), from the one-shot matrices; the query is one of the texts (so it is in the corpus)."""
    chars, stems = BLOCKS.index("chars"), BLOCKS.index("stems")
    me = texts.index(query)
    mine = infos[me]
    sides = []
    for r_rows, info in ((np.full(len(rows), me), [mine] * len(rows)), (rows, [infos[r] for r in rows])):
        sides.append(Side(raw[stems][0][r_rows], raw[chars][0][r_rows], info))
    x = pair_features(sides[0], sides[1], raw[stems][1], raw[chars][1], raw[stems][2])
    cosine = np.clip(sum(w * c[rows] for w, c in zip(BLOCK_WEIGHTS, cosines, strict=True)), 0.0, 1.0)
    return model().score(cosine, x)


def query_vector(blocks: Any, text: str, n_docs: int) -> Any:
    f = features(text)
    parts = []
    for (matrix, vocab, df), name, weight in zip(blocks, BLOCKS, BLOCK_WEIGHTS, strict=True):
        row: dict[str, float] = getattr(f, name)
        q = np.zeros(matrix.shape[1])
        unknown = math.log1p(n_docs) + 1
        sq = 0.0
        for feature, tf in row.items():
            col = vocab.get(feature)
            w = idf(np.array([df[col]]), n_docs)[0] if col is not None else unknown
            sq += (tf * w) ** 2
            if col is not None:
                q[col] = tf * w
        parts.append(q * (math.sqrt(weight) / math.sqrt(sq)) if sq else q)
    return parts


def section_build(n: int) -> dict[str, Any]:
    texts = project_texts(n)
    with Clock() as c:
        index = SimilarityIndex()
        index.add_many((f"p:{i}", t) for i, t in enumerate(texts))
    return {"wall": c.wall, "cpu": c.cpu, "peak_mb": peak_mb(), "texts": len(index)}


def section_baseline_build(n: int) -> dict[str, Any]:
    texts = project_texts(n)
    with Clock() as c:
        one_shot_matrix(texts)
    return {"wall": c.wall, "cpu": c.cpu, "peak_mb": peak_mb()}


def section_query(n: int, queries: int) -> dict[str, Any]:
    texts = project_texts(n)
    index = SimilarityIndex()
    index.add_many((f"p:{i}", t) for i, t in enumerate(texts))
    rng = np.random.default_rng(3)
    chosen = rng.choice(n, queries, replace=False)
    picks = [f"p:{i}" for i in chosen]
    out: dict[str, Any] = {}
    for tag, explain, floor, count in (
        ("explained", True, LIST_FROM, queries),
        ("plain", False, LIST_FROM, queries),
        ("unbounded", False, 0.0, min(queries, 20)),
    ):
        walls, cpus = [], []
        for q in picks[:count]:
            with Clock() as c:
                index.most_similar(q, k=10, explain_matches=explain, min_score=floor)
            walls.append(c.wall)
            cpus.append(c.cpu)
        out[tag] = {
            "p50": float(np.percentile(walls, 50)),
            "p95": float(np.percentile(walls, 95)),
            "cpu_p95": float(np.percentile(cpus, 95)),
        }
    raw: list[Any] = []
    blocks = one_shot_matrix(texts, raw)
    infos = [analyse(t)[1] for t in texts]
    walls, cpus = [], []
    agree = 0
    for i, key in zip(chosen[:20].tolist(), picks[:20], strict=True):
        q = texts[i]
        with Clock() as c:
            parts = query_vector(blocks, q, n)
            cosines = [
                (matrix @ vec) / weight
                for (matrix, _, _), vec, weight in zip(blocks, parts, BLOCK_WEIGHTS, strict=True)
            ]
            total = sum(w * np.clip(c_, 0, 1) for w, c_ in zip(BLOCK_WEIGHTS, cosines, strict=True))
            rows = np.flatnonzero(total > 0)
            rows = rows[rows != i]
            scores = brute_scores(texts, rows, cosines, raw, q, infos)
            keep = scores >= LIST_FROM
            top = np.sort(scores[keep])[::-1][:10]
        walls.append(c.wall)
        cpus.append(c.cpu)
        mine = index.most_similar(key, k=10, explain_matches=False, min_score=LIST_FROM)
        agree += len(mine) == len(top) and np.allclose(top, [m.score for m in mine], atol=1e-9)
    out["brute"] = {
        "p50": float(np.percentile(walls, 50)),
        "p95": float(np.percentile(walls, 95)),
        "cpu_p95": float(np.percentile(cpus, 95)),
        "top10_agree": f"{agree}/20",
    }
    out["peak_mb"] = peak_mb()
    return out


def section_changes(n: int, ops: int) -> dict[str, Any]:
    texts = project_texts(n + ops)
    index = SimilarityIndex()
    index.add_many((f"p:{i}", t) for i, t in enumerate(texts[:n]))
    index.most_similar(texts[0], explain_matches=False)
    timings: dict[str, list[float]] = {"add": [], "update": [], "remove": [], "query after change": []}
    cpu: dict[str, list[float]] = {key: [] for key in timings}

    def record(tag: str, clock: Clock) -> None:
        timings[tag].append(clock.wall)
        cpu[tag].append(clock.cpu)

    for i in range(ops):
        with Clock() as c:
            index.add(f"new:{i}", texts[n + i])
        record("add", c)
        with Clock() as c:
            index.most_similar(texts[i], explain_matches=False, min_score=LIST_FROM)
        record("query after change", c)
    for i in range(ops):
        with Clock() as c:
            index.update(f"p:{i}", texts[i] + " päivitetty")
        record("update", c)
    for i in range(ops):
        with Clock() as c:
            index.remove(f"new:{i}")
        record("remove", c)
    with Clock() as rebuild:
        fresh = SimilarityIndex()
        fresh.add_many((f"p:{i}", t) for i, t in enumerate(texts[:n]))
    out: dict[str, Any] = {
        k: {
            "p50": float(np.percentile(v, 50)),
            "p95": float(np.percentile(v, 95)),
            "cpu_p95": float(np.percentile(cpu[k], 95)),
        }
        for k, v in timings.items()
    }
    out["rebuild"] = {"wall": rebuild.wall, "cpu": rebuild.cpu}
    return out


def section_pairs(n: int, threshold: float) -> dict[str, Any]:
    texts = project_texts(n)
    index = SimilarityIndex(threshold=threshold)
    index.add_many((f"p:{i}", t) for i, t in enumerate(texts))
    base_mb = peak_mb()
    with Clock() as c:
        pairs = index.pairs_above(explain_pairs=False)
    mine = {(int(p.key_a[2:]), int(p.key_b[2:])) for p in pairs}
    mine = {(min(a, b), max(a, b)) for a, b in mine}
    out: dict[str, Any] = {
        "wall": c.wall,
        "cpu": c.cpu,
        "pairs": len(pairs),
        "peak_mb": peak_mb(),
        "before_mb": base_mb,
    }
    with Clock() as e:
        index.pairs_above()
    out["explained_wall"] = e.wall
    # brute force on a sample of rows: each against every other text sharing a feature, scored by the model
    # with no gate (the full product of those rows with the whole matrix, every pair rescored)
    raw: list[Any] = []
    blocks = one_shot_matrix(texts, raw)
    z = sp.hstack([m for m, _, _ in blocks], format="csr")
    infos = [analyse(t)[1] for t in texts]
    sample = np.random.default_rng(5).choice(n, min(n, BRUTE_ROWS), replace=False)
    truth: set[tuple[int, int]] = set()
    rescored = 0
    with Clock() as b:
        for i in sample.tolist():
            parts = [m[i] / math.sqrt(w) for (m, _, _), w in zip(blocks, BLOCK_WEIGHTS, strict=True)]
            cosines = [
                np.asarray((m @ part.T).todense()).ravel() / math.sqrt(w)
                for (m, _, _), part, w in zip(blocks, parts, BLOCK_WEIGHTS, strict=True)
            ]
            total = sum(w * np.clip(c, 0, 1) for w, c in zip(BLOCK_WEIGHTS, cosines, strict=True))
            rows = np.flatnonzero(total > 0)
            rows = rows[rows != i]
            rescored += len(rows)
            scores = brute_scores(texts, rows, cosines, raw, texts[i], infos)
            for j in rows[scores >= threshold].tolist():
                truth.add((min(i, j), max(i, j)))
    in_sample = set(sample.tolist())
    mine_sampled = {p for p in mine if p[0] in in_sample or p[1] in in_sample}
    del z
    out.update(
        brute_wall=b.wall,
        brute_cpu=b.cpu,
        brute_rows=len(sample),
        brute_rescored=rescored,
        brute_pairs=len(truth),
        recall=len(mine_sampled & truth) / max(1, len(truth)),
        extra=len(mine_sampled - truth),
        brute_peak_mb=peak_mb(),
    )
    return out


SECTIONS = {
    "build": section_build,
    "baseline_build": section_baseline_build,
    "query": section_query,
    "changes": section_changes,
    "pairs": section_pairs,
}


#: What ``--busy N`` runs N times beside the measured sections: a matrix product in a loop, one thread.
BUSY = "import numpy as np\na = np.random.default_rng(0).random((1500, 1500))\nwhile True:\n    a @ a\n"


def child(name: str, *args: str, busy: int = 0) -> dict[str, Any]:
    """Run one section in a child process (with ``busy`` CPU-bound processes beside it while it runs)."""
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    loads = [subprocess.Popen([sys.executable, "-c", BUSY], env=env) for _ in range(busy)]
    try:
        result = subprocess.run(
            [sys.executable, __file__, "--child", name, *args], capture_output=True, text=True, check=False
        )
    finally:
        for load in loads:
            load.kill()
            load.wait()
    if result.returncode != 0:
        print(result.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"section {name} failed")
    parsed: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return parsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--pairs-n", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--ops", type=int, default=200)
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--sections", default="build,query,changes,pairs")
    parser.add_argument(
        "--busy",
        type=int,
        default=0,
        help="run this many CPU-bound processes beside the query section (a shared machine's load)",
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        name, *rest = args.child
        func = SECTIONS[name]
        values = [float(v) if "." in v else int(v) for v in rest]
        print(json.dumps(func(*values)))
        return 0
    source = "EURA 2014-2020 list" if EURA_FILE.exists() else "a built-in vocabulary (EURA list absent)"
    print(
        f"Python {platform.python_version()}, {platform.machine()}; texts from {source}; threshold {args.threshold}"
    )
    wanted = args.sections.split(",")
    if "build" in wanted:
        mine = child("build", str(args.n))
        base = child("baseline_build", str(args.n))
        print(f"\n| build of {args.n:,} texts | wall | CPU | peak RSS |\n|---|---:|---:|---:|")
        print(
            f"| SimilarityIndex.add_many | {mine['wall']:.1f} s | {mine['cpu']:.1f} s | {mine['peak_mb']:.0f} MB |"
        )
        print(
            f"| one-shot tf-idf matrix (baseline) | {base['wall']:.1f} s | {base['cpu']:.1f} s | {base['peak_mb']:.0f} MB |"
        )
        print(f"ratio index/baseline (CPU): {mine['cpu'] / base['cpu']:.2f}")
    if "query" in wanted:
        q = child("query", str(args.n), str(args.queries), busy=args.busy)
        if args.busy:
            print(f"\n(the query section ran beside {args.busy} CPU-bound processes)")
        print(
            f"\n| most_similar, k=10, {args.n:,} texts, listing from {LIST_FROM} | p50 | p95 | CPU p95 |\n|---|---:|---:|---:|"
        )
        for tag, label in (
            ("explained", "index, with explanations"),
            ("plain", "index, scores only"),
            (
                "unbounded",
                "index, scores only, no minimum (20 queries: every text sharing a feature may rank)",
            ),
            (
                "brute",
                f"brute force: every text sharing a feature rescored (top 10 agree {q['brute']['top10_agree']})",
            ),
        ):
            r = q[tag]
            print(
                f"| {label} | {r['p50'] * 1000:.1f} ms | {r['p95'] * 1000:.1f} ms | {r['cpu_p95'] * 1000:.1f} ms |"
            )
        print(
            f"ratio brute/index (p95, scores only): {q['brute']['p95'] / q['plain']['p95']:.1f}; peak RSS {q['peak_mb']:.0f} MB"
        )
    if "changes" in wanted:
        ch = child("changes", str(args.n), str(args.ops))
        print(f"\n| one change, {args.n:,} texts | p50 | p95 | CPU p95 |\n|---|---:|---:|---:|")
        for tag in ("add", "update", "remove", "query after change"):
            r = ch[tag]
            print(
                f"| {tag} | {r['p50'] * 1000:.1f} ms | {r['p95'] * 1000:.1f} ms | {r['cpu_p95'] * 1000:.1f} ms |"
            )
        print(
            f"| rebuild from scratch (baseline) | {ch['rebuild']['wall']:.1f} s | (CPU {ch['rebuild']['cpu']:.1f} s) |"
        )
        print(f"ratio rebuild/add (p95): {ch['rebuild']['wall'] / ch['add']['p95']:,.0f}")
    if "pairs" in wanted:
        p = child("pairs", str(args.pairs_n), str(float(args.threshold)))
        print(
            f"\n| pairs ≥ {args.threshold} among {args.pairs_n:,} texts | wall | CPU | pairs | peak RSS |\n|---|---:|---:|---:|---:|"
        )
        print(
            f"| pairs_above (no explanations) | {p['wall']:.1f} s | {p['cpu']:.1f} s | {p['pairs']:,} | {p['peak_mb']:.0f} MB |"
        )
        print(f"| pairs_above with explanations | {p['explained_wall']:.1f} s | | | |")
        per_row = p["brute_cpu"] / p["brute_rows"]
        print(
            f"| brute force, {p['brute_rows']} sampled rows against all ({p['brute_rescored']:,} pairs sharing a feature, "
            f"all rescored) | {p['brute_wall']:.1f} s | {p['brute_cpu']:.1f} s | {p['brute_pairs']:,} | {p['brute_peak_mb']:.0f} MB |"
        )
        print(
            f"recall against brute force on the sampled rows: {p['recall']:.4f}; pairs not in brute force: {p['extra']}; "
            f"brute force extrapolated to all {args.pairs_n:,} rows: {per_row * args.pairs_n / 2:,.0f} s CPU "
            f"(half, as each pair is met twice); ratio to the index (CPU): {per_row * args.pairs_n / 2 / max(p['cpu'], 1e-9):.1f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
