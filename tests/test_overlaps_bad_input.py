"""Bad input to the overlaps everywhere it enters: a text that is empty, 1 MB long, in another language or
only numbers (on the item's page, its API list, the report and the command), and reasons, ids, keys and
thresholds that are wrong. Each gets a sensible answer naming what is wrong, never a traceback. The core's
own answers to such texts are in tests/test_similarity_core.py."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from overlaps import services
from overlaps.models import ClusterStatus, FlagKind, FlagStatus, RiskFlag
from overlaps.texts import key_of
from tests.overlaps_world import OverlapWorld, build_overlap_world, cluster_of, fresh_index, signed_in, w  # noqa: F401

pytestmark = pytest.mark.django_db

ODD_TEXTS = {
    "empty": "",
    "1 MB": "energiatehokkuus " * 62_000,
    "Chinese": "这是一个关于城市能源效率的项目",
    "Russian": "Проект по энергоэффективности многоквартирных домов",
    "numbers only": "2021 2022 2023 1234567 48500,00",
}
ONE_MB = "x" * 1_000_000


@pytest.mark.parametrize("text", ODD_TEXTS.values(), ids=ODD_TEXTS.keys())
def test_odd_text__api_list_report_and_command_answer_without_error(w: OverlapWorld, text: str) -> None:
    # given a proposal whose title and summary are an odd text, refreshed
    w.u.title, w.u.summary = text[:300], text
    w.u.save()
    services.refresh()
    coordinator = signed_in(w.coordinator)
    # then its similar items through the API are a list (possibly empty), each score within 0..1
    answer = coordinator.get(reverse("overlap-similar"), {"item": key_of(w.u)})
    assert answer.status_code == 200
    assert all(0.0 <= r["score"] <= 1.0 for r in answer.json()["results"])
    # and the report's pages and the annual report's data are made
    assert coordinator.get(reverse("overlaps:report")).status_code == 200
    assert coordinator.get(reverse("overlaps:flags")).status_code == 200
    # and the command lists the pairs as CSV with a score in every row
    out = io.StringIO()
    call_command("overlaps", "pairs", "--threshold", "0", stdout=out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0][-1] == "score" and all(0.0 <= float(r[-1]) <= 1.0 for r in rows[1:])


@pytest.mark.parametrize(
    "item", ["", "proposal", "proposal:", "proposal:abc", "proposal:-1", "idea:1:2", "project:1", "x" * 5000]
)
def test_api_similar__malformed_item__400_naming_it(w: OverlapWorld, item: str) -> None:
    answer = signed_in(w.coordinator).get(reverse("overlap-similar"), {"item": item})
    assert answer.status_code == 400 and "item" in answer.json()


def test_api_similar__unknown_item__404(w: OverlapWorld) -> None:
    answer = signed_in(w.coordinator).get(reverse("overlap-similar"), {"item": "proposal:999999"})
    assert answer.status_code == 404


def test_api__one_megabyte_reason__400_naming_it_and_nothing_recorded(w: OverlapWorld) -> None:
    client = signed_in(w.coordinator)
    review = reverse("overlap-cluster-review", args=[cluster_of(w).pk])
    answer = client.post(review, {"status": "overlap", "reason": ONE_MB}, content_type="application/json")
    assert answer.status_code == 400 and "reason" in answer.json()
    flag = RiskFlag.objects.get(agreement=w.agreement, kind=FlagKind.SAME_COST_ITEM)
    dismiss = reverse("risk-flag-dismiss", args=[flag.pk])
    answer = client.post(dismiss, {"reason": ONE_MB}, content_type="application/json")
    assert answer.status_code == 400 and "reason" in answer.json()
    assert cluster_of(w).status == ClusterStatus.OPEN
    assert RiskFlag.objects.get(pk=flag.pk).status == FlagStatus.OPEN


@pytest.mark.parametrize(
    "body",
    [
        {"cluster": "abc", "status": "overlap", "reason": "x"},
        {"cluster": "999999", "status": "overlap", "reason": "x"},
        {"status": "overlap", "reason": "x"},
        {"cluster": "{pk}", "status": "overlap", "reason": ONE_MB},
        {"cluster": "{pk}", "status": "maybe", "reason": "x"},
    ],
)
def test_report_page__bad_review__refused_not_an_error(w: OverlapWorld, body: dict[str, str]) -> None:
    cluster = cluster_of(w)
    data = {k: v.replace("{pk}", str(cluster.pk)) for k, v in body.items()}
    answer = signed_in(w.coordinator).post(reverse("overlaps:report"), data)
    assert answer.status_code in (400, 404)
    assert cluster_of(w).status == ClusterStatus.OPEN


@pytest.mark.parametrize("flag", ["abc", "999999", "", None])
def test_flags_page__bad_flag_id__refused_not_an_error(w: OverlapWorld, flag: str | None) -> None:
    data = {"reason": "Tarkistettu."} | ({} if flag is None else {"flag": flag})
    answer = signed_in(w.coordinator).post(reverse("overlaps:flags"), data)
    assert answer.status_code in (400, 404)
    assert not RiskFlag.objects.filter(status=FlagStatus.DISMISSED).exists()


@pytest.mark.parametrize("threshold", ["abc", "nan", "inf", "-0.5", "1.5", ""])
def test_command__bad_threshold__names_it(w: OverlapWorld, threshold: str) -> None:
    with pytest.raises(CommandError, match="threshold"):
        call_command("overlaps", "pairs", "--threshold", threshold, stdout=io.StringIO())


@pytest.mark.parametrize("slug", ["no-such-agreement", ""])
def test_command__unknown_agreement__names_it(w: OverlapWorld, slug: str) -> None:
    if slug == "":
        # an empty slug is the same as none: every agreement's report
        out = io.StringIO()
        call_command("overlaps", "report", "--agreement", slug, stdout=out)
        assert out.getvalue().startswith("record,")
        return
    with pytest.raises(CommandError, match=slug):
        call_command("overlaps", "report", "--agreement", slug, stdout=io.StringIO())
