"""The EU common indicators (Regulation (EU) 2021/1058, Annex I) in programme/data/common.yaml."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from audit.services import Actor
from programme.models import Indicator, IndicatorKind
from programme.services import DATA_DIR, FixtureError, common_load
from tests.factories import AgreementFactory

ACTOR = Actor(label="test")
CODE = re.compile(r"^RC[OR]\d{2,3}$")
# The indicators the agreements need at least (policy objective 1 and integrated territorial development).
REQUIRED = {
    *(f"RCO0{n}" for n in range(1, 9)), "RCO10", "RCO13", "RCO14", "RCO15", "RCO74", "RCO75", "RCO76",
    "RCR01", "RCR02", "RCR03", "RCR05", "RCR06", "RCR08", "RCR11", "RCR12", "RCR13", "RCR102",
}  # fmt: skip


def items() -> list[dict[str, str]]:
    return yaml.safe_load((DATA_DIR / "common.yaml").read_text(encoding="utf-8"))["indicators"]["items"]


def test_indicator_codes__every_code_in_the_file__matches_the_eu_pattern() -> None:
    codes = [item["code"] for item in items()]
    assert codes and all(CODE.match(code) for code in codes), [c for c in codes if not CODE.match(c)]
    assert len(codes) == len(set(codes))


def test_indicator_codes__the_needed_ones__are_all_there() -> None:
    assert {item["code"] for item in items()} >= REQUIRED


def test_indicators__kind__follows_the_code_prefix_and_unit_and_name_are_given() -> None:
    for item in items():
        expected = "output" if item["code"].startswith("RCO") else "result"
        assert item["kind"] == expected, item["code"]
        assert item["unit"].strip() and item["name_en"].strip(), item["code"]


@pytest.mark.django_db
def test_common_load__indicators__stored_as_common_indicators_with_their_source() -> None:
    # given the repository's common file; when it is loaded
    common_load(actor=ACTOR)
    # then each indicator is a common one (no agreement), with kind, unit and the regulation as source
    stored = Indicator.objects.filter(agreement__isnull=True)
    assert stored.count() == len(items())
    rco01 = stored.get(code="RCO01")
    assert rco01.kind == IndicatorKind.OUTPUT and rco01.unit == "enterprises"
    assert rco01.name_en == "Enterprises supported (of which: micro, small, medium, large)"
    assert stored.get(code="RCR102").name_en == "Research jobs created in supported entities"
    assert stored.get(code="RCR01").unit == "annual FTEs"
    assert all("2021/1058" in i.source and "Annex I" in i.source for i in stored)
    # every indicator has its Finnish and Swedish name (issue 16), shown in the reader's language
    assert not stored.filter(name_fi="").exists() and not stored.filter(name_sv="").exists()
    from django.utils import translation

    with translation.override("fi"):
        assert str(rco01).startswith("Tuetut yritykset")
    with translation.override("en"):
        assert str(rco01) == rco01.name_en


@pytest.mark.django_db
def test_common_load__indicators__second_run_changes_nothing() -> None:
    common_load(actor=ACTOR)
    assert not common_load(actor=ACTOR).changed


@pytest.mark.django_db
def test_common_load__agreement_own_indicator_with_the_same_code__is_left_alone() -> None:
    # given an agreement's own indicator that reuses a code
    own = Indicator.objects.create(
        code="RCO01", agreement=AgreementFactory(), kind="output", name_en="Own", unit="pcs"
    )
    # when the common indicators are loaded; then the own one is untouched and a common one exists
    common_load(actor=ACTOR)
    own.refresh_from_db()
    assert own.name_en == "Own"
    assert Indicator.objects.filter(code="RCO01", agreement__isnull=True).count() == 1


@pytest.mark.django_db
def test_common_load__finnish_name_added_later__is_kept_by_a_reload() -> None:
    # given a Finnish name filled in the app (the file leaves name_fi out)
    common_load(actor=ACTOR)
    Indicator.objects.filter(code="RCO02").update(name_fi="Avustuksin tuetut yritykset")
    # when the file is loaded again; then the name stays
    common_load(actor=ACTOR)
    assert (
        Indicator.objects.get(code="RCO02", agreement__isnull=True).name_fi == "Avustuksin tuetut yritykset"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"code": "RCO 01"}, "indicators.items[0].code: 'RCO 01' is not an EU common indicator code"),
        ({"code": "RCX01"}, "indicators.items[0].code: 'RCX01' is not an EU common indicator code"),
        ({"kind": "result"}, "indicators.items[0].kind: RCO01 is an output indicator"),
        ({"kind": "impact"}, "indicators.items[0].kind: unknown kind 'impact'"),
        ({"code": "RCO02"}, "indicators.items[1].code: indicator 'RCO02' is listed twice"),
        ({"unit": ""}, "indicators.items[0].unit: must not be empty"),
    ],
)
def test_common_load__bad_indicator__named_error_and_nothing_written(
    tmp_path: Path, change: dict[str, str], message: str
) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(DATA_DIR, data_dir)
    path = data_dir / "common.yaml"
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    content["indicators"]["items"][0].update(change)
    path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    with pytest.raises(FixtureError) as caught:
        common_load(actor=ACTOR, data_dir=data_dir)
    assert f"common.yaml: {message}" in str(caught.value)
    assert Indicator.objects.count() == 0
