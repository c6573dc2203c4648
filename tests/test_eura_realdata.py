"""The real EURA 2014 public list (shared data): damaged rows reported, the rest imported, 6Aika present."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from audit.models import AuditEntry
from cores.eura import read_eura
from partners.models import OrganisationKind
from projects.models import Project

pytestmark = [pytest.mark.realdata, pytest.mark.django_db]

LIST_2014 = "fi_eura2014_erdf_esf_2014-2020_projektilista.csv"

# What inspecting the file found, line by line (the rules in cores.eura catch each one; none is listed
# there): an empty beneficiary; empty or shifted amounts; missing dates (the columns of a row whose name
# held a comma shifted); a stray word in Viranomainen; a negative realised public total.
DAMAGED_LINES = {
    6: {"Toteuttajan nimi"},
    56: {"Toteutunut EU- ja valtion rahoitus"},
    57: {"Toteutunut julkinen rahoitus yhteensä"},
    60: {"Aloituspvm"},
    79: {"Aloituspvm"},
    109: {"Viranomainen", "Päättymispvm"},
    124: {"Viranomainen", "Päättymispvm"},
    148: {"Aloituspvm", "Myönnetty EU- ja valtion rahoitus"},
    153: {"Viranomainen", "Päättymispvm"},
    171: {"Aloituspvm"},
    192: {"Aloituspvm"},
    209: {"Toteutunut julkinen rahoitus yhteensä"},
    213: {"Toteutunut julkinen rahoitus yhteensä"},
    228: {"Toteutunut julkinen rahoitus yhteensä"},
    947: {"Aloituspvm"},
    955: {"Aloituspvm"},
    990: {"Aloituspvm"},
    991: {"Aloituspvm"},
    1033: {"Päättymispvm"},
    1048: {"Aloituspvm"},
}


@pytest.fixture
def list_2014(shared_data_dir: Path) -> Path:
    path = shared_data_dir / LIST_2014
    if not path.is_file():
        pytest.skip(f"{LIST_2014} is absent from the shared data folder")
    return path


def _import(path: Path, *options: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    with translation.override("en"):
        call_command("import", "eura", str(path), "--quiet", *options, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_read_eura__real_2014_list__exactly_the_damaged_rows_reported(list_2014: Path) -> None:
    # when
    result = read_eura(list_2014)
    # then
    assert result.rows_read == 2881
    found: dict[int, set[str]] = {}
    for problem in result.problems:
        found.setdefault(problem.line, set()).add(problem.column)
    assert found == DAMAGED_LINES
    assert len(result.rows) == 2881 - len(DAMAGED_LINES)
    # rows with only a stray space before the authority are intact and kept, the space cleaned
    assert all(row.authority == row.authority.strip() for row in result.rows)


def test_import__real_2014_list__all_or_nothing_by_default(list_2014: Path) -> None:
    # when / then
    with pytest.raises(CommandError, match="20 invalid row"):
        _import(list_2014)
    assert Project.objects.count() == 0


def test_import__real_2014_list_skip_invalid__imported_6aika_searchable_second_run_unchanged(
    list_2014: Path,
) -> None:
    # when
    out, err = _import(list_2014, "--skip-invalid")
    # then
    assert "rows read: 2881" in out
    assert "projects created: 2861, updated: 0, unchanged: 0, invalid: 20" in out
    assert len(err.splitlines()) == sum(len(columns) for columns in DAMAGED_LINES.values())
    assert Project.objects.historical().filter(source="eura2014").count() == 2861
    assert AuditEntry.objects.filter(action="project.imported").count() == 2861

    six_aika = Project.objects.search("6Aika")
    assert six_aika.count() == 13
    erdf = six_aika.filter(fund_code="ERDF")
    assert erdf.count() == 11
    assert set(erdf.values_list("funding_authority__name", flat=True)) == {"Uudenmaan liitto"}
    ilmastokatu = Project.objects.get(code="A70965")
    assert ilmastokatu.name == "6Aika: Ilmastokatu"
    assert ilmastokatu.lead.name == "Helsingin kaupunki"
    assert ilmastokatu.lead.kind == OrganisationKind.CITY
    assert ilmastokatu.funding_authority.kind == OrganisationKind.AUTHORITY

    # when: the same file again
    audit_count = AuditEntry.objects.count()
    out, _err = _import(list_2014, "--skip-invalid")
    # then
    assert "projects created: 0, updated: 0, unchanged: 2861, invalid: 20" in out
    assert "organisations created: 0" in out
    assert Project.objects.count() == 2861
    assert AuditEntry.objects.count() == audit_count
