"""The reader of published multi-objective knapsack instances (``robust_dp.py --instance``).

The published files (github.com/gaplopes/mobkp-instances) are not in the project; a small file in their
format, with its front found by enumeration, stands in for them.
"""

from __future__ import annotations

import importlib.util
import itertools
from pathlib import Path
from types import ModuleType

import pytest

from cores.portfolio.general import analyse
from cores.portfolio.general_format import parse_general

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "portfolio" / "robust_dp.py"

# weight, profit 1, profit 2, profit 3
ITEMS = [(4, 5, 1, 3), (3, 2, 6, 1), (5, 4, 4, 4), (2, 1, 2, 6), (6, 7, 3, 2), (1, 1, 1, 1)]
CAP = 10


def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("robust_dp_bench", BENCH)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _front() -> set[tuple[int, ...]]:
    points = set()
    for r in range(len(ITEMS) + 1):
        for combo in itertools.combinations(ITEMS, r):
            if sum(it[0] for it in combo) <= CAP:
                points.add(tuple(sum(it[c] for it in combo) for c in (1, 2, 3)))
    return {
        p
        for p in points
        if not any(q != p and all(a >= b for a, b in zip(q, p, strict=True)) for q in points)
    }


def _write(path: Path, front: set[tuple[int, ...]]) -> None:
    lines = [f"{len(ITEMS)} 3", str(CAP), *(" ".join(map(str, it)) for it in ITEMS), str(len(front))]
    lines += [" ".join(map(str, p)) for p in sorted(front)]
    path.write_text("\n".join(lines) + "\n")


def test_reader_gives_the_problem_and_the_dp_the_same_front(tmp_path: Path) -> None:
    # given a file in the published format with its complete front
    front = _front()
    path = tmp_path / "6_1.in"
    _write(path, front)
    # when it is read and the DP is run on it
    doc, known = _module().read_mobkp(str(path))
    res = analyse(parse_general(doc), time_limit=None)
    vec = {it["id"]: tuple(it["scores"][c] for c in doc["criteria"]) for it in doc["items"]}
    found = {tuple(sum(vec[i][c] for i in p) for c in range(3)) for p in res.portfolios()}
    # then the known front is the file's, the capacity a money limit, and the DP finds that front
    assert known == front
    assert doc["limits"] == {"cost": {"max": CAP}}
    assert res.complete and found == front


def test_a_truncated_file_is_refused_with_its_path(tmp_path: Path) -> None:
    # given a file whose front lists fewer points than it announces
    front = _front()
    path = tmp_path / "bad.in"
    _write(path, front)
    path.write_text(path.read_text().rsplit("\n", 2)[0] + "\n")
    # when it is read, then the error names the file
    with pytest.raises(ValueError, match=r"bad\.in"):
        _module().read_mobkp(str(path))
