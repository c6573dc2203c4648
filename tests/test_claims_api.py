"""/api/v1/payment-claims/ (api/claims.py): the claims page's rules through the API. The implementer files a
claim, the funding authority approves it (a cut needs its reason) and records the payment; who sees the
project's claims reads them; every refused input is a 400 in the problems shape naming the field; a
decision built on an old version is refused with 412."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from audit.models import AuditEntry
from progress.models import ClaimStatus, PaymentClaim
from tests.test_progress import World

pytestmark = pytest.mark.django_db
D = Decimal
URL = "/api/v1/payment-claims/"


@pytest.fixture
def w() -> World:
    return World()


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]  # a User from the factories
    return client


def _file(w: World, **overrides: object):
    body = {
        "project": w.project.pk,
        "fund": "ERDF",
        "period_start": "2025-01-01",
        "period_end": "2025-06-30",
        "claimed": "20000.00",
    } | overrides
    return _client(w.implementer).post(URL, body, content_type="application/json")


def _fields(response) -> dict[str, str]:
    body = response.json()
    assert set(body) == {"problems"}, body
    return {p["field"]: p["message"] for p in body["problems"]}


def test_file__implementer__201_with_etag_and_audited(w: World) -> None:
    # when the implementer files a claim
    response = _file(w)
    # then it is created awaiting the decision, with its version, and audited
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["fund"], body["status"], body["claimed"]) == ("ERDF", "claimed", "20000.00")
    assert (body["period_start"], body["period_end"], body["filed_by"]) == (
        "2025-01-01",
        "2025-06-30",
        "toteuttaja",
    )
    assert response["ETag"].startswith('"paymentclaim-')
    assert AuditEntry.objects.filter(action="payment_claim.filed").count() == 1


def test_file__refused__400_problems_name_each_field_and_nothing_written(w: World) -> None:
    # a fund without budget, a period not of the schedule and no amount: every field named
    response = _file(w, fund="ESF+", period_start="2025-02-01", claimed="0.00")
    assert response.status_code == 400
    fields = _fields(response)
    assert set(fields) == {"fund", "period", "claimed"}
    assert "ESF+" in fields["fund"]
    # over what remains of the fund, in the user's language with the amounts
    response = _file(w, claimed="90000.00")
    assert response.status_code == 400 and "77\u202f000,00\u00a0€" in _fields(response)["claimed"]
    # input the serializer refuses is in the same shape
    response = _file(w, claimed="abc", extra="x")
    assert response.status_code == 400 and set(_fields(response)) == {"extra"}
    response = _client(w.implementer).post(URL, "{not json", content_type="application/json")
    assert response.status_code == 400 and set(_fields(response)) == {"body"}
    assert PaymentClaim.objects.count() == 0


def test_file__only_the_implementer__others_refused(w: World) -> None:
    # staff and the ministry see the project's claims but do not file (403); another organisation's
    # applicant does not see them at all (404), as on the claims page
    for user, refused in ((w.coordinator, 403), (w.authority, 403), (w.ministry, 403), (w.stranger, 404)):
        response = _client(user).post(
            URL,
            {"project": w.project.pk, "fund": "ERDF", "period_start": "2025-01-01", "period_end": "2025-06-30",
             "claimed": "10.00"},
            content_type="application/json",
        )  # fmt: skip
        assert response.status_code == refused, user
    assert _client(w.implementer).post(URL, {"project": 10**9, "fund": "ERDF", "period_start": "2025-01-01",
                                             "period_end": "2025-06-30", "claimed": "1.00"},
                                       content_type="application/json").status_code == 404  # fmt: skip
    assert PaymentClaim.objects.count() == 0


def test_read__who_sees_the_project_claims__list_and_detail(w: World) -> None:
    claim_id = _file(w).json()["id"]
    for user in (w.implementer, w.coordinator, w.steering, w.authority, w.ministry):
        listed = _client(user).get(URL).json()
        assert [c["id"] for c in listed["results"]] == [claim_id], user
        assert _client(user).get(f"{URL}{claim_id}/").status_code == 200
    # an applicant of another organisation sees none and may not open it
    assert _client(w.stranger).get(URL).json()["results"] == []
    assert _client(w.stranger).get(f"{URL}{claim_id}/").status_code == 404
    assert _client(w.implementer).get(f"{URL}?project={w.project.pk + 1}").json()["results"] == []


def test_approve__cut_needs_its_reason__then_kept_and_audited(w: World) -> None:
    claim_id = _file(w).json()["id"]
    authority = _client(w.authority)
    # when the funding authority approves less than claimed without a reason, then it is refused
    response = authority.post(
        f"{URL}{claim_id}/approve/", {"approved": "15000.00"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "20\u202f000,00\u00a0€" in _fields(response)["approval_reason"]
    assert PaymentClaim.objects.get().status == ClaimStatus.CLAIMED
    # with the reason the cut is recorded, kept on the claim and audited
    response = authority.post(
        f"{URL}{claim_id}/approve/",
        {"approved": "15000.00", "reason": "Matkakulut eivät ole tukikelpoisia."},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["approved"], body["approved_by"]) == ("approved", "15000.00", "viranomainen")
    assert body["approval_reason"] == "Matkakulut eivät ole tukikelpoisia."
    entry = AuditEntry.objects.get(action="payment_claim.approved")
    assert entry.after["approval_reason"] == "Matkakulut eivät ole tukikelpoisia."
    # a second decision is refused in the same shape
    again = authority.post(
        f"{URL}{claim_id}/approve/", {"approved": "15000.00"}, content_type="application/json"
    )
    assert again.status_code == 400 and _fields(again)


def test_approve_and_pay__only_the_funding_authority(w: World) -> None:
    claim_id = _file(w).json()["id"]
    for user in (w.implementer, w.coordinator, w.steering, w.ministry):
        response = _client(user).post(f"{URL}{claim_id}/approve/", {"approved": "1.00", "reason": "x"},
                                      content_type="application/json")  # fmt: skip
        assert response.status_code == 403, user
    assert PaymentClaim.objects.get().status == ClaimStatus.CLAIMED


def test_decisions__if_match__stale_version_412_current_one_accepted_then_paid(w: World) -> None:
    claim_id = _file(w).json()["id"]
    authority = _client(w.authority)
    read = authority.get(f"{URL}{claim_id}/")
    tag = read["ETag"]
    # the approval is made on the version read; it changes the version, so the tag read is now old
    response = authority.post(
        f"{URL}{claim_id}/approve/",
        {"approved": "20000.00"},
        content_type="application/json",
        HTTP_IF_MATCH=tag,
    )
    assert response.status_code == 200
    fresh = response["ETag"]
    assert fresh != tag
    stale = authority.post(
        f"{URL}{claim_id}/pay/",
        {"paid": "20000.00", "paid_on": dt.date.today().isoformat()},
        content_type="application/json",
        HTTP_IF_MATCH=tag,
    )
    assert stale.status_code == 412 and stale["ETag"] == fresh
    assert PaymentClaim.objects.get().status == ClaimStatus.APPROVED
    # with the current version the payment is recorded
    paid = authority.post(
        f"{URL}{claim_id}/pay/",
        {"paid": "20000.00", "paid_on": dt.date.today().isoformat()},
        content_type="application/json",
        HTTP_IF_MATCH=fresh,
    )
    assert paid.status_code == 200, paid.content
    assert (paid.json()["status"], paid.json()["paid"]) == ("paid", "20000.00")
    assert PaymentClaim.objects.get().paid == D("20000.00")
