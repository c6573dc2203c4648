"""The API's review of an overlap cluster and dismissal of a risk flag: the same services as the pages
(permission table, reason, audit trail), optimistically locked (ETag / If-Match, 412)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEntry
from overlaps.models import ClusterStatus, FlagKind, FlagStatus, OverlapCluster, RiskFlag
from tests.overlaps_world import OverlapWorld, build_overlap_world, cluster_of, fresh_index, signed_in, w  # noqa: F401

pytestmark = pytest.mark.django_db


def _flag(w: OverlapWorld) -> RiskFlag:
    return RiskFlag.objects.get(agreement=w.agreement, kind=FlagKind.SAME_COST_ITEM)


def _post(client: Client, url: str, body: object, **headers: str):
    return client.post(url, body, content_type="application/json", headers=headers)


def test_review__coordinator_judges_with_a_reason__audited_with_a_new_etag(w: OverlapWorld) -> None:
    # given the coordinator has read the cluster and its ETag
    client = signed_in(w.coordinator)
    cluster = cluster_of(w)
    read = client.get(reverse("overlap-cluster-detail", args=[cluster.pk]))
    assert read.status_code == 200 and read["ETag"]
    # when they judge it a real overlap on that version
    url = reverse("overlap-cluster-review", args=[cluster.pk])
    answer = _post(client, url, {"status": "overlap", "reason": "Sama työ kahdesti."}, If_Match=read["ETag"])
    # then it is recorded, audited, and answered with the new version
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "overlap" and answer.json()["reviewed_by"] == w.coordinator.username
    assert answer["ETag"] != read["ETag"]
    entry = AuditEntry.objects.get(action="overlap_cluster.reviewed")
    assert entry.after["reason"] == "Sama työ kahdesti."
    # and a second judgement built on the first version is refused with 412 and the current version
    stale = _post(client, url, {"status": "not_overlap", "reason": "Ei sittenkään."}, If_Match=read["ETag"])
    assert stale.status_code == 412 and stale["ETag"] == answer["ETag"]
    assert OverlapCluster.objects.get(pk=cluster.pk).status == ClusterStatus.OVERLAP


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "overlap", "reason": "   "}, "reason"),
        ({"status": "overlap"}, "reason"),
        ({"status": "open", "reason": "x"}, "status"),
        ({"status": "maybe", "reason": "x"}, "status"),
        ({"status": "overlap", "reason": "x", "score": 1}, "score"),
        ({"status": "overlap", "reason": "x" * 2001}, "reason"),
    ],
)
def test_review__bad_input__400_naming_the_field(
    w: OverlapWorld, body: dict[str, object], field: str
) -> None:
    url = reverse("overlap-cluster-review", args=[cluster_of(w).pk])
    answer = _post(signed_in(w.coordinator), url, body)
    assert answer.status_code == 400 and field in answer.json()
    assert not AuditEntry.objects.filter(action="overlap_cluster.reviewed").exists()


def test_review_and_dismiss__other_roles__not_found(w: OverlapWorld) -> None:
    # the steering group, the applicants and the ministry do not review: the objects are not theirs
    for user in (w.steering, w.university_applicant, w.ministry):
        client = signed_in(user)
        review = reverse("overlap-cluster-review", args=[cluster_of(w).pk])
        assert _post(client, review, {"status": "overlap", "reason": "x"}).status_code == 404
        dismiss = reverse("risk-flag-dismiss", args=[_flag(w).pk])
        assert _post(client, dismiss, {"reason": "x"}).status_code == 404
    assert cluster_of(w).status == ClusterStatus.OPEN and _flag(w).status == FlagStatus.OPEN


def test_dismiss__with_a_reason__kept_audited_and_only_once(w: OverlapWorld) -> None:
    client = signed_in(w.coordinator)
    flag = _flag(w)
    read = client.get(reverse("risk-flag-detail", args=[flag.pk]))
    assert read.status_code == 200 and read["ETag"]
    url = reverse("risk-flag-dismiss", args=[flag.pk])
    assert _post(client, url, {"reason": ""}).status_code == 400
    answer = _post(client, url, {"reason": "Eri laitteet, laskut tarkistettu."}, If_Match=read["ETag"])
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "dismissed" and answer["ETag"] != read["ETag"]
    assert AuditEntry.objects.filter(action="risk_flag.dismissed").count() == 1
    # a second dismissal (on the current version) is a 400 naming why
    again = _post(client, url, {"reason": "Uudestaan."}, If_Match=answer["ETag"])
    assert again.status_code == 400 and "reason" in again.json()
    assert AuditEntry.objects.filter(action="risk_flag.dismissed").count() == 1


def test_schema__documents_every_answer_of_the_new_operations(w: OverlapWorld) -> None:
    schema = signed_in(w.coordinator).get(reverse("api-schema"), {"format": "json"})
    paths = schema.json()["paths"]
    review = paths["/api/v1/overlap-clusters/{id}/review/"]["post"]
    dismiss = paths["/api/v1/risk-flags/{id}/dismiss/"]["post"]
    for operation in (review, dismiss):
        assert {"200", "400", "403", "404", "412"} <= set(operation["responses"])
        assert any(p["name"] == "If-Match" for p in operation["parameters"])
