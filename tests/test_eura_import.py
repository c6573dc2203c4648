"""``salkku import eura FILE``: matching, all-or-nothing, --skip-invalid, --dry-run, idempotence, audit."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from audit.models import AuditEntry
from partners.models import Organisation, OrganisationKind
from projects.importers import project_import_eura
from projects.models import Project
from tests.factories import OrganisationFactory
from tests.fixtures.eura_files import EURA2021_SMALL, row_2014, write_2014
from tests.fixtures.make_eura2021_fixture import ROWS, write_eura2021

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


def _import(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    with translation.override("en"):
        call_command("import", "eura", *args, "--quiet", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _three_rows(tmp_path: Path, **bad: str) -> Path:
    rows = [
        row_2014("A70965", name="6Aika: Ilmastokatu", lead="Esimerkkilän kaupunki"),
        row_2014("A70966", name="Avoimet innovaatioalustat", lead="Testiammattikorkeakoulu Oy"),
        row_2014("S20501", **{"name": "Nuorten urapolut", "lead": "Esimerkkilän kaupunki", **bad}),
    ]
    return write_2014(tmp_path / "list.csv", rows)


# --- writing --------------------------------------------------------------------------------------------


def test_import__2014_list__historical_projects_with_organisations_and_audit(tmp_path: Path) -> None:
    # given
    path = _three_rows(tmp_path, authority="Hämeen elinkeino-  liikenne- ja ympäristökeskus")
    # when
    out, err = _import(str(path))
    # then
    assert err == ""
    assert "rows read: 3" in out
    assert "projects created: 3, updated: 0, unchanged: 0, invalid: 0" in out
    assert "organisations created: 4, matched: 0" in out
    project = Project.objects.get(code="A70965")
    assert project.is_historical
    assert (project.source, project.fund_code, project.status, project.eura_status) == (
        "eura2014",
        "ERDF",
        "active",
        "Toiminnassa",
    )
    assert project.eura_granted_eu_state == Decimal("443909.00")
    assert project.eura_paid_eu_state == Decimal("71641.50")
    assert project.lead.name == "Esimerkkilän kaupunki"
    assert project.lead.kind == OrganisationKind.CITY
    assert project.lead.name_key == "esimerkkilän kaupunki"
    assert project.funding_authority is not None
    assert (project.funding_authority.name, project.funding_authority.kind) == (
        "Uudenmaan liitto",
        "authority",
    )
    esf = Project.objects.get(code="S20501")
    assert esf.fund_code == "ESF+"
    assert esf.funding_authority.name == "Hämeen elinkeino-, liikenne- ja ympäristökeskus"
    assert esf.lead_id == project.lead_id
    assert list(Project.objects.search("6Aika").values_list("code", flat=True)) == ["A70965"]
    entries = AuditEntry.objects.for_object(project)
    assert [(e.action, e.actor_label) for e in entries] == [("project.imported", "salkku import eura")]
    assert entries[0].after["eura_granted_eu_state"] == "443909.00"
    assert AuditEntry.objects.count() == 3


def test_import__2021_export__fields_summary_and_extra_stored(tmp_path: Path) -> None:
    # when
    out, _err = _import(str(EURA2021_SMALL))
    # then
    assert "projects created: 5" in out
    assert "footer rows skipped: 2" in out
    project = Project.objects.get(code="A80001")
    assert (project.source, project.fund_code, project.status) == ("eura2021", "ERDF", "active")
    assert project.summary.startswith("Hankkeessa kokeillaan")
    assert project.eura_planned_total == Decimal("1000000.00")
    assert project.eura_paid_public == Decimal("250000.84")
    assert project.eura_priority_axis == "1"
    assert project.eura_extra["Alueellinen täytäntöönpanomekanismi ja alueellinen painopiste"] == (
        "Kestävä kaupunkikehittäminen"
    )
    assert project.lead.business_id == ROWS[0]["Toteuttajan Y-tunnus"]
    assert Project.objects.get(code="S30001").fund_code == "ESF+"
    assert Project.objects.get(code="J10001").fund_code == "JTF"
    authority = Organisation.objects.get(name="Uudenmaan liitto")
    assert authority.kind == OrganisationKind.AUTHORITY
    assert Project.objects.filter(funding_authority=authority).count() == 3


def test_import__organisations__matched_by_business_id_then_by_normalised_name(tmp_path: Path) -> None:
    # given: the first implementer under another name with its business ID; the second with another
    # spelling of its name and no business ID; the third with the same name but a different business ID
    by_id = OrganisationFactory(
        name="Kaupunki, jonka nimi muuttui", business_id=ROWS[0]["Toteuttajan Y-tunnus"]
    )
    by_name = OrganisationFactory(name="TESTIYLIOPISTO", business_id="", kind=OrganisationKind.UNIVERSITY)
    other = OrganisationFactory(name="Esimerkkitekniikka Oy")  # its own, different business ID
    authority = OrganisationFactory(name="Uudenmaan  liitto", business_id="", kind=OrganisationKind.AUTHORITY)
    before = Organisation.objects.count()
    # when
    out, _err = _import(str(EURA2021_SMALL))
    # then
    assert Project.objects.get(code="A80001").lead == by_id
    assert Project.objects.get(code="A80002").lead == by_name
    jtf_lead = Project.objects.get(code="J10001").lead
    assert jtf_lead != other
    assert jtf_lead.business_id == ROWS[3]["Toteuttajan Y-tunnus"]
    assert Project.objects.get(code="A80001").funding_authority == authority
    # created: the JTF company, Mallilan kaupunki, Testiammattikorkeakoulu Oy, two ELY centres
    assert Organisation.objects.count() == before + 5
    assert "organisations created: 5, matched: 3" in out


# --- all or nothing, --skip-invalid, --dry-run ----------------------------------------------------------


def test_import__invalid_row__nothing_written_every_problem_listed_exit_nonzero(tmp_path: Path) -> None:
    # given: one row with two problems
    path = _three_rows(tmp_path, start="", paid_public="-744")
    out, err = io.StringIO(), io.StringIO()
    # when
    with translation.override("en"), pytest.raises(CommandError) as caught:
        call_command("import", "eura", str(path), "--quiet", stdout=out, stderr=err)
    # then
    assert "1 invalid row(s), 2 problem(s) listed above: nothing was written" in str(caught.value)
    assert "--skip-invalid" in str(caught.value)
    assert err.getvalue().splitlines() == [
        "line 4, column 'Aloituspvm', value '': the date is missing",
        "line 4, column 'Toteutunut julkinen rahoitus yhteensä', value '-744': "
        "negative: these figures are cumulative euros and cannot be below zero",
    ]
    assert (Project.objects.count(), Organisation.objects.count(), AuditEntry.objects.count()) == (0, 0, 0)


def test_import__skip_invalid__valid_rows_written_invalid_reported(tmp_path: Path) -> None:
    # given
    path = _three_rows(tmp_path, lead="")
    # when
    out, err = _import(str(path), "--skip-invalid")
    # then
    assert "line 4, column 'Toteuttajan nimi', value '': the implementer's name is missing" in err
    assert "projects created: 2, updated: 0, unchanged: 0, invalid: 1" in out
    assert sorted(Project.objects.values_list("code", flat=True)) == ["A70965", "A70966"]


def test_import__dry_run__nothing_written_plan_reported(tmp_path: Path) -> None:
    # given
    path = _three_rows(tmp_path)
    # when
    out, _err = _import(str(path), "--dry-run")
    # then
    assert out.startswith("Dry run (nothing was written)")
    assert "projects created: 3, updated: 0, unchanged: 0, invalid: 0" in out
    assert "organisations created: 3" in out
    assert (Project.objects.count(), Organisation.objects.count(), AuditEntry.objects.count()) == (0, 0, 0)


def test_import__dry_run_after_import__reports_updates_writes_nothing(tmp_path: Path) -> None:
    # given: an imported list, then the same list with one amount changed
    _import(str(_three_rows(tmp_path)))
    changed = write_2014(
        tmp_path / "changed.csv",
        [row_2014("A70965", name="6Aika: Ilmastokatu", lead="Esimerkkilän kaupunki", paid="80000")],
    )
    audit_before = AuditEntry.objects.count()
    # when
    out, _err = _import(str(changed), "--dry-run")
    # then
    assert "projects created: 0, updated: 1, unchanged: 0" in out
    assert Project.objects.get(code="A70965").eura_paid_eu_state == Decimal("71641.50")
    assert AuditEntry.objects.count() == audit_before


# --- idempotence and updates ----------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["eura2014", "eura2021"])
def test_import__same_file_twice__second_run_changes_nothing(tmp_path: Path, which: str) -> None:
    # given
    path = str(_three_rows(tmp_path)) if which == "eura2014" else str(EURA2021_SMALL)
    _import(path)
    counts = (Project.objects.count(), Organisation.objects.count(), AuditEntry.objects.count())
    # when
    out, _err = _import(path)
    # then
    assert "projects created: 0, updated: 0" in out
    assert "organisations created: 0" in out
    assert (Project.objects.count(), Organisation.objects.count(), AuditEntry.objects.count()) == counts


def test_import__changed_amount__project_updated_with_before_and_after(tmp_path: Path) -> None:
    # given
    _import(str(_three_rows(tmp_path)))
    changed = write_2014(
        tmp_path / "changed.csv",
        [
            row_2014("A70965", name="6Aika: Ilmastokatu", lead="Esimerkkilän kaupunki", paid="80000"),
            row_2014("A70966", name="Avoimet innovaatioalustat", lead="Testiammattikorkeakoulu Oy"),
        ],
    )
    # when
    out, _err = _import(str(changed))
    # then
    assert "projects created: 0, updated: 1, unchanged: 1" in out
    project = Project.objects.get(code="A70965")
    assert project.eura_paid_eu_state == Decimal("80000.00")
    entry = AuditEntry.objects.for_object(project).get(action="project.updated")
    assert entry.actor_label == "salkku import eura"
    assert entry.before["eura_paid_eu_state"] == "71641.50"
    assert entry.after["eura_paid_eu_state"] == "80000.00"
    assert entry.before["eura_granted_eu_state"] == entry.after["eura_granted_eu_state"] == "443909.00"


def test_import__code_of_a_project_funded_in_salkku__reported_not_overwritten(tmp_path: Path) -> None:
    # given: a live project with the code the list carries
    live = Project.objects.create(
        code="A70966", name="Oma hanke", lead=OrganisationFactory(), is_historical=False
    )
    path = _three_rows(tmp_path)
    # when
    out, err = _import(str(path), "--skip-invalid")
    # then
    assert "line 3, column 'Koodi', value 'A70966': this code belongs to a project funded in Salkku" in err
    assert "projects created: 2, updated: 0, unchanged: 0, invalid: 1" in out
    live.refresh_from_db()
    assert (live.name, live.is_historical) == ("Oma hanke", False)


# --- speed, progress, wrong files -----------------------------------------------------------------------


def test_import__twelve_times_the_rows__about_the_same_number_of_queries(tmp_path: Path) -> None:
    # given: two lists of 5 and 60 rows, each with its own organisations
    def rows(n: int, prefix: str) -> list[dict[str, str]]:
        return [row_2014(f"A7{prefix}{i:03d}", lead=f"Yritys {prefix}{i} Oy") for i in range(n)]

    small = write_2014(tmp_path / "small.csv", rows(5, "1"))
    large = write_2014(tmp_path / "large.csv", rows(60, "2"))
    # when
    with CaptureQueriesContext(connection) as first:
        project_import_eura(path=small)
    with CaptureQueriesContext(connection) as second:
        project_import_eura(path=large)
    # then: bulk writes, no query per row (SQLite may split a bulk insert by its parameter limit; the
    # search index of the new projects and organisations is refreshed in a few statements more)
    assert len(second.captured_queries) <= len(first.captured_queries) + 3
    assert len(second.captured_queries) < 20
    assert Project.objects.count() == 65


def test_import__progress__on_a_terminal_unless_quiet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: stderr is a terminal
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    path = _three_rows(tmp_path)
    # when
    project_import_eura(path=path, dry_run=True, progress=True)
    shown = terminal.getvalue()
    terminal.seek(0)
    terminal.truncate()
    project_import_eura(path=path, dry_run=True, progress=False)
    # then
    assert "Reading" in shown
    assert terminal.getvalue() == ""


def test_import__wrong_file__command_error_with_one_message(tmp_path: Path) -> None:
    # given
    path = write_2014(
        tmp_path / "list.csv", [row_2014("A70001", lead="Hämeen ammattikorkeakoulu Oy")], encoding="latin-1"
    )
    # when / then
    with pytest.raises(CommandError, match=r"list\.csv is not UTF-8 text"):
        _import(str(path))
    assert Project.objects.count() == 0


def test_salkku_import__wrong_file__exit_status_1_and_no_traceback(tmp_path: Path) -> None:
    # given: a UTF-16 file; a throwaway database (the command stops before touching it)
    path = write_2014(tmp_path / "list.csv", [row_2014("A70001")], encoding="utf-16")
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", SALKKU_MODE="test")
    # when
    done = subprocess.run(
        [sys.executable, "-c", "from config.cli import main; main()", "import", "eura", str(path), "--quiet"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    # then
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    # (in Finnish, the command's language as the site's)
    assert done.stderr.strip().splitlines() == [
        "CommandError: list.csv on UTF-16-tekstiä: tallenna se UTF-8-muodossa (CSV UTF-8) ja yritä uudelleen"
    ]


def test_import__bad_2021_rows__all_reported_nothing_written(tmp_path: Path) -> None:
    # given: two damaged rows in a 2021 export
    rows = [dict(r) for r in ROWS]
    rows[0]["Toteuttajan Y-tunnus"] = "0201256-7"
    rows[4]["Päättymispvm"] = "1.1.2000"
    path = write_eura2021(tmp_path / "export.xlsx", rows)
    err = io.StringIO()
    # when
    with translation.override("en"), pytest.raises(CommandError):
        call_command("import", "eura", str(path), "--quiet", stdout=io.StringIO(), stderr=err)
    # then
    lines = err.getvalue().splitlines()
    assert lines[0].startswith("line 2, column 'Toteuttajan Y-tunnus', value '0201256-7': ")
    assert lines[1].startswith(
        "line 6, column 'Päättymispvm', value '1.1.2000': the project ends before it starts"
    )
    assert Project.objects.count() == 0


def test_import__eura_row_problems__in_finnish_and_swedish(tmp_path: Path) -> None:
    # given a EURA 2014 list whose rows break the list's own rules: a code of another fund, an unknown
    # status and an end before the start, a missing implementer, a priority axis that is no number
    path = write_2014(
        tmp_path / "eura.csv",
        [
            row_2014("S20501", fund="EAKR"),
            row_2014("A70966", status="Outo", start="1.3.2016", end="28.2.2015"),
            row_2014("A70967", lead="", axis="kaksi"),
        ],
    )
    expected = {
        "fi": [
            "koodi S20501 ei kuulu tähän rahastoon: sen koodit alkavat A (EAKR)",
            "tuntematon EURA-tila (tunnetut:",
            "hanke päättyy ennen kuin se alkaa (1.3.2016)",
            "toteuttajan nimi puuttuu",
            "toimintalinja ei ole numero",
        ],
        "sv": [
            "koden S20501 hör inte till den här fonden: dess koder börjar med A (EAKR)",
            "okänd EURA-status (kända:",
            "projektet slutar innan det börjar (1.3.2016)",
            "genomförarens namn saknas",
            "insatsområdet är inte ett nummer",
        ],
    }
    for language, reasons in expected.items():
        # when the command runs in that language (Finnish is the site's and the command's default)
        err = io.StringIO()
        with translation.override(language), pytest.raises(CommandError):
            call_command("import", "eura", str(path), "--quiet", stdout=io.StringIO(), stderr=err)
        # then each reason is in that language, none left in English
        for reason in reasons:
            assert reason in err.getvalue(), (language, reason, err.getvalue())
        assert "is missing" not in err.getvalue() and "does not belong" not in err.getvalue()
    assert Project.objects.count() == 0


def test_import__unreadable_file__refused_in_finnish_and_swedish(tmp_path: Path) -> None:
    # given a UTF-16 file and an old .xls workbook
    utf16 = write_2014(tmp_path / "lista.csv", [row_2014("A70001")], encoding="utf-16")
    old = tmp_path / "vanha.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0 an old workbook")
    expected = {
        "fi": (
            "lista.csv on UTF-16-tekstiä: tallenna se UTF-8-muodossa (CSV UTF-8) ja yritä uudelleen",
            "vanha.xls on vanha Excel 97–2003 -työkirja (.xls)",
        ),
        "sv": (
            "lista.csv är UTF-16-text: spara den som UTF-8 (CSV UTF-8) och försök igen",
            "vanha.xls är en gammal Excel 97–2003-arbetsbok (.xls)",
        ),
        "en": (
            "lista.csv is UTF-16 text: save it as UTF-8",
            "vanha.xls is an old Excel 97–2003 (.xls) workbook",
        ),
    }
    for language, (for_utf16, for_xls) in expected.items():
        for path, sentence in ((utf16, for_utf16), (old, for_xls)):
            # when the command reads it in that language
            with translation.override(language), pytest.raises(CommandError) as refused:
                call_command(
                    "import", "eura", str(path), "--quiet", stdout=io.StringIO(), stderr=io.StringIO()
                )
            # then the one sentence that says what to do is in that language
            assert sentence in str(refused.value), (language, str(refused.value))
    assert Project.objects.count() == 0
