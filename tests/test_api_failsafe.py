"""The API and pages fail safe: bad paging, unknown fields and unknown ids are a 400 naming them; fields
that can be null are declared so in the schema; lists are paginated as documented; an edit built on a
stale version is refused (412 / the page says who changed what), never silently lost."""

from __future__ import annotations

import pytest
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator

from pipeline import editing
from pipeline.models import Proposal
from tests.pipeline_world import build_world, fill_valid, invited_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    with translation.override("en"):
        yield build_world()


def _as(client, user):
    client.force_login(user)
    return client


def _patch(client, url, data, **headers):
    return client.patch(url, data, content_type="application/json", headers=headers)


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("limit=99999999999999999999", "limit"),
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("limit=abc", "limit"),
        ("offset=-1", "offset"),
        ("offset=99999999999999999999", "offset"),
    ],
)
@pytest.mark.parametrize(
    "endpoint",
    ["projects", "organisations", "reviews", "meetings", "review-criteria", "proposals", "scenarios"],
)
def test_lists__bad_paging__400_naming_the_parameter(client, w, endpoint, query, named) -> None:
    response = _as(client, w.coordinator).get(f"/api/v1/{endpoint}/?{query}")
    assert response.status_code == 400, response.content
    assert named in response.json()


def test_lists__paging_in_range__answers_a_page(client, w) -> None:
    response = _as(client, w.coordinator).get("/api/v1/organisations/?limit=200&offset=0")
    assert response.status_code == 200 and "results" in response.json()


def test_patch__unknown_field__400_naming_it(client, w) -> None:
    proposal = invited_draft(w)
    response = _patch(_as(client, w.applicant), f"/api/v1/proposals/{proposal.pk}/", {"titel": "x"})
    assert response.status_code == 400 and response.json() == {"titel": ["unknown field"]}


def test_patch__unknown_ids__400_naming_them_and_nothing_saved(client, w) -> None:
    proposal = invited_draft(w)
    url = f"/api/v1/proposals/{proposal.pk}/"
    a = _as(client, w.applicant)
    for field in ("test_environments", "adopting_cities"):
        response = _patch(a, url, {"title": "Uusi", field: [987654]})
        assert response.status_code == 400
        assert response.json() == {field: ["no such id: 987654"]}
    assert Proposal.objects.get(pk=proposal.pk).title != "Uusi"


def test_versions__paginated_as_documented(client, w) -> None:
    from pipeline import services

    proposal = fill_valid(w, invited_draft(w))
    services.proposal_submit(proposal=proposal, actor=w.applicant)
    body = _as(client, w.applicant).get(f"/api/v1/proposals/{proposal.pk}/versions/").json()
    assert body["count"] == 1 and [v["number"] for v in body["results"]] == [1]


NULLABLE = {
    "AgreementOut": ["funding_authority"],
    "MeetingOut": ["chair"],
    "ScenarioOut": ["chosen_by"],
    "ScenarioDetailOut": ["chosen_by"],
    "ProjectOut": ["agreement", "theme"],
    "ProposalDetailOut": ["call", "idea"],
}


def test_schema__fields_that_can_be_null__are_declared_nullable() -> None:
    schemas = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]
    wrong = [
        f"{name}.{f}"
        for name, fields in NULLABLE.items()
        for f in fields
        if not schemas[name]["properties"][f].get("nullable")
    ]
    assert not wrong


def test_schema__lists_document_their_page_bounds() -> None:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    params = {p["name"]: p["schema"] for p in schema["paths"]["/api/v1/projects/"]["get"]["parameters"]}
    assert params["limit"]["maximum"] == 200 and params["offset"]["minimum"] == 0


# --- no lost update ------------------------------------------------------------------------------------


def test_patch__two_edits_on_the_same_read__the_second_is_412_and_the_first_is_kept(client, w) -> None:
    proposal = invited_draft(w)
    url = f"/api/v1/proposals/{proposal.pk}/"
    a = _as(client, w.applicant)
    read = a.get(url)
    tag = read["ETag"]
    first = _patch(
        a, url, {"budget_lines": [{"year": 2026, "category": "travel", "amount": "100"}]}, If_Match=tag
    )
    assert first.status_code == 200 and first["ETag"] != tag
    second = _patch(
        a, url, {"budget_lines": [{"year": 2026, "category": "equipment", "amount": "5"}]}, If_Match=tag
    )
    assert second.status_code == 412 and second.json()["etag"] == first["ETag"]
    lines = list(Proposal.objects.get(pk=proposal.pk).budget_lines.values_list("category", "amount"))
    assert [(c, str(a_)) for c, a_ in lines] == [("travel", "100.00")]
    # built on the current version, the edit goes through
    third = _patch(a, url, {"title": "Kolmas"}, If_Match=first["ETag"])
    assert third.status_code == 200


def test_edit_service__stale_tag__refused_and_changes_named(w) -> None:
    proposal = invited_draft(w)
    tag = editing.etag(proposal)
    editing.proposal_edit(
        proposal=proposal,
        actor=w.applicant,
        edit=editing.ProposalEdit(changes={"title": "Eka"}),
        expected=tag,
    )
    with pytest.raises(editing.StaleEdit) as stale:
        editing.proposal_edit(
            proposal=proposal,
            actor=w.applicant,
            edit=editing.ProposalEdit(changes={"title": "Toka"}),
            expected=tag,
        )
    assert Proposal.objects.get(pk=proposal.pk).title == "Eka"
    changed = editing.changes_since(stale.value.current, tag)
    assert changed and changed[-1].actor == w.applicant


# --- the schema is the contract (api.schema, api.locking) ----------------------------------------------


def _schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def test_schema__every_operation_documents_its_errors() -> None:
    missing = []
    for path, item in _schema()["paths"].items():
        for method, op in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            needed = {"400", "403"} | ({"404"} if "{" in path else set())
            missing += [f"{method} {path} {code}" for code in sorted(needed - set(op["responses"]))]
    assert not missing


def test_schema__inputs_take_no_field_they_do_not_name() -> None:
    schemas = _schema()["components"]["schemas"]
    assert schemas["PatchedProposalUpdateIn"]["additionalProperties"] is False
    assert schemas["ScoresIn"]["additionalProperties"] is False


@pytest.mark.parametrize(
    ("path", "method"),
    [
        ("/api/v1/proposals/{id}/", "patch"),
        ("/api/v1/reviews/{id}/scores/", "post"),
        ("/api/v1/scenarios/{id}/choose/", "post"),
        ("/api/v1/review-criteria/{id}/", "put"),
        ("/api/v1/calls/{id}/", "patch"),
    ],
)
def test_schema__edits_of_shared_objects_document_if_match_and_412(path, method) -> None:
    op = _schema()["paths"][path][method]
    assert "412" in op["responses"]
    assert any(p["name"] == "If-Match" and p["in"] == "header" for p in op["parameters"])


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("/api/v1/organisations/?colour=red", "colour"),
        ("/api/v1/review-criteria/?call=abc", "call"),
        ("/api/v1/scenarios/compare/?ids=1,2&x=1", "x"),
    ],
)
def test_query__unknown_or_malformed_parameter__400_naming_it(client, w, url, named) -> None:
    response = _as(client, w.coordinator).get(url)
    assert response.status_code == 400 and list(response.json()) == [named]


def test_query__documented_parameters__pass(client, w) -> None:
    response = _as(client, w.coordinator).get("/api/v1/review-criteria/?call=1&limit=5")
    assert response.status_code == 200


def test_address_that_names_no_operation__json_404(client, w) -> None:
    response = _as(client, w.coordinator).get("/api/v1/proposals/0.5/validate/")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")


def test_api_takes_json_only(client, w) -> None:
    proposal = invited_draft(w)
    response = _as(client, w.applicant).patch(
        f"/api/v1/proposals/{proposal.pk}/", "title=Uusi", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415


def test_text_field_given_a_number__400_naming_it(client, w) -> None:
    proposal = invited_draft(w)
    response = _patch(_as(client, w.applicant), f"/api/v1/proposals/{proposal.pk}/", {"title": 0})
    assert response.status_code == 400 and response.json() == {"title": ["must be a string"]}


def test_call_patch__two_edits_on_the_same_read__the_second_is_412(client, w) -> None:
    call = w.call
    c = _as(client, w.coordinator)
    url = f"/api/v1/calls/{call.pk}/"
    tag = c.get(url)["ETag"]
    assert _patch(c, url, {"instructions": "Ensimmäinen"}, If_Match=tag).status_code == 200
    assert _patch(c, url, {"instructions": "Toinen"}, If_Match=tag).status_code == 412
    call.refresh_from_db()
    assert call.instructions == "Ensimmäinen"
