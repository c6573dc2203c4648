"""``salkku optimise``: the core's CLI and the Django command that wraps it."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from cores.portfolio.cli import EXIT_INVALID, EXIT_NO_PORTFOLIO, EXIT_OK, build_parser, main, run
from cores.portfolio.generator import generate
from cores.portfolio.io import dumps

SAMPLE = Path(__file__).resolve().parent.parent / "docs" / "examples" / "portfolio-problem.yaml"


def run_cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(build_parser().parse_args(list(args)), out, err)
    return code, out.getvalue(), err.getvalue()


def test_cli__sample_problem__prints_the_proven_optimum_with_money_tables() -> None:
    code, out, _ = run_cli(str(SAMPLE), "--lang", "en")
    assert code == EXIT_OK
    assert "Status: proven optimal" in out
    assert "Money by fund and year against the frame" in out and "Money by theme" in out
    assert "€700,000.00" in out  # the ERDF 2024 frame


def test_cli__json_with_explanations_next_best_and_robustness__is_complete() -> None:
    code, out, _ = run_cli(
        str(SAMPLE), "--json", "--explain", "--next-best", "2", "--robust", "--time-limit", "10"
    )
    doc = json.loads(out)
    assert code == EXIT_OK and doc["status"] == "optimal" and doc["proven_optimal"] is True
    assert doc["score_exact"] and {p["id"] for p in doc["selected"]} >= {"P01", "P02"}  # funded and must-in
    assert "P12" not in {p["id"] for p in doc["selected"]}  # must-out
    assert len(doc["next_best"]) == 2 and doc["rejected"] and doc["rules"]
    assert doc["robust"]["method"] == "exact"
    assert doc["robust"]["core_index"]["P01"] == {"value": "1.000000", "class": "core"}


def test_cli__invalid_file__exits_2_naming_path_and_reason(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        SAMPLE.read_text(encoding="utf-8").replace(
            '"150000.00", STATE: "60000.00"', '1500.5, STATE: "60000.00"'
        ),
        encoding="utf-8",
    )
    code, _, err = run_cli(str(bad))
    assert code == EXIT_INVALID
    assert "candidates[0].costs.2024.ERDF: write money as a string" in err


def test_cli__infeasible_rules__exit_1_and_say_so(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace("must_in: [P02]", "must_in: [P02, P03, P04]")
    path = tmp_path / "clash.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, _ = run_cli(str(path))
    assert code == EXIT_NO_PORTFOLIO and "infeasible" in out


def test_cli__time_limit_on_a_large_problem__reports_not_proven(tmp_path: Path) -> None:
    path = tmp_path / "large.json"
    path.write_text(dumps(generate(1000, 1), fmt="json"), encoding="utf-8")
    _, out, _ = run_cli(str(path), "--time-limit", "0.5", "--json")
    doc = json.loads(out)
    assert doc["proven_optimal"] is False and doc["status"] in ("time_limit", "no_solution")


def test_main__module_entry_point__returns_the_exit_status(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(SAMPLE), "--json"]) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["status"] == "optimal"


def _with_portfolio_app():
    apps = list(settings.INSTALLED_APPS)
    return override_settings(INSTALLED_APPS=apps if "portfolio" in apps else [*apps, "portfolio"])


def test_optimise_command__wraps_the_core_cli() -> None:
    out = io.StringIO()
    with _with_portfolio_app():
        call_command("optimise", str(SAMPLE), "--json", stdout=out)
    assert json.loads(out.getvalue())["proven_optimal"] is True


def test_optimise_command__invalid_file__raises_command_error_with_status_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    err = io.StringIO()
    with _with_portfolio_app(), pytest.raises(CommandError) as info:
        call_command("optimise", str(bad), stderr=err)
    assert info.value.returncode == EXIT_INVALID and "not valid JSON" in err.getvalue()
