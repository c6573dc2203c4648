"""Decision support in the app: scenarios from a call, runs as background tasks, what-ifs and locks,
the decision basis, the pages and /api/v1/. The problem's construction from the call is tested in
test_portfolio_problems.py (whose world these tests reuse)."""

from __future__ import annotations

import json
import re
from decimal import Decimal as D
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.models import Role
from audit.models import AuditEntry
from cores.portfolio import ProblemError, load, parse
from portfolio import services
from portfolio.models import Scenario, ScenarioStatus
from portfolio.problems import RunOptions
from portfolio.results import RunSettings, compare
from tests.factories import UserFactory
from tests.test_portfolio_problems import World, w  # noqa: F401

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "examples" / "portfolio-problem.yaml"
FAST = RunSettings(time_limit=10, next_best=1)


@pytest.fixture
def run_now(django_capture_on_commit_callbacks):
    """Tasks run at once in tests (ImmediateBackend); on-commit callbacks are run when the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _scenario(w: World, run_now, **options) -> Scenario:
    with run_now():
        scenario = services.create_from_call(
            w.call,
            user=w.p.coordinator,
            name="Ehdotus",
            options=RunOptions(**options),
            run=RunSettings(time_limit=10, next_best=1, robust=options.get("robustness", "none") != "none"),
        )
    scenario.refresh_from_db()
    return scenario


def test_create_from_call__runs_in_the_background__result_saved_and_audited(w: World, run_now) -> None:
    # Given a call with reviewed proposals
    # When the coordinator starts a run
    scenario = _scenario(w, run_now)
    # Then the task has run it: proven optimal, with the funded project in and progress at 100 %
    assert scenario.status == ScenarioStatus.DONE, scenario.error
    assert scenario.progress == 100 and scenario.task_id
    assert scenario.result["status"] == "optimal"
    selected = {p["id"] for p in scenario.result["selected"]}
    assert any(p["funded"] for p in scenario.result["selected"])
    assert set(scenario.selected_ids()) <= {"ALFA", "BETA", f"P{w.gamma.pk}"}
    assert selected
    # the inputs are frozen with it and the breakdown adds up to the portfolio's frame money
    assert parse(scenario.problem).candidates
    total = sum(D(r["money"]) for r in scenario.result["breakdown"]["theme_year"])
    assert total == D(scenario.result["frame_money"])
    # and the delta proposal, which has no submitted scores, is listed as left out with its reason
    assert [pk for pk, _ in scenario.left_out] == [w.delta.pk]
    assert AuditEntry.objects.filter(action="scenario.created", object_id=str(scenario.pk)).exists()


def test_what_if_frame__every_frame_smaller__rounded_down_and_linked_to_its_parent(w: World, run_now) -> None:
    # Given a finished scenario
    parent = _scenario(w, run_now)
    # When the frame is made 10 % smaller
    with run_now():
        child = services.derive(parent, user=w.p.coordinator, make=lambda p: services.what_if_frame(p, -10))
    child.refresh_from_db()
    # Then the child's frames are 90 % of the parent's, rounded down to the cent, and it has run
    before, after = parse(parent.problem).rules.frames, parse(child.problem).rules.frames
    assert after == {k: v * 9 // 10 for k, v in before.items()}
    assert child.parent == parent and "10" in child.change
    assert child.status == ScenarioStatus.DONE


def test_what_if_lock__a_rejected_proposal_locked_in__is_in_the_new_portfolio(w: World, run_now) -> None:
    # Given a scenario in which a proposal is not chosen (made so by locking it out first)
    base = _scenario(w, run_now, must_out=frozenset({w.alfa.pk}))
    assert "ALFA" not in base.selected_ids()
    # When the steering group locks it in
    with run_now():
        child = services.derive(
            base, user=w.p.coordinator, make=lambda p: services.what_if_lock(p, "ALFA", "in")
        )
    child.refresh_from_db()
    # Then it is in, and the lock-out is gone
    rules = parse(child.problem).rules
    assert "ALFA" in rules.must_in and "ALFA" not in rules.must_out
    assert "ALFA" in child.selected_ids()


def test_what_if__bad_values__refused_with_the_reason(w: World, run_now) -> None:
    base = _scenario(w, run_now)
    translation.activate("en")
    with pytest.raises(ValidationError, match="Unknown proposal"):
        services.derive(base, user=w.p.coordinator, make=lambda p: services.what_if_lock(p, "NOPE", "in"))
    with pytest.raises(ValidationError, match="−90"):
        services.derive(base, user=w.p.coordinator, make=lambda p: services.what_if_frame(p, -95))
    with pytest.raises(ValidationError, match="negative"):
        services.derive(
            base,
            user=w.p.coordinator,
            make=lambda p: services.what_if_weights(p, {c.id: D(-1) for c in p.criteria}),
        )
    translation.deactivate()
    assert Scenario.objects.count() == 1  # nothing half-written


def test_what_if_weights__another_weight_set__used_in_the_problem(w: World, run_now) -> None:
    base = _scenario(w, run_now)
    ids = [c.id for c in parse(base.problem).criteria]
    with run_now():
        child = services.derive(
            base,
            user=w.p.coordinator,
            make=lambda p: services.what_if_weights(p, {ids[0]: D(1), ids[1]: D(0), ids[2]: D(0)}),
        )
    weights = [c.weight for c in parse(child.problem).criteria]
    assert weights == [Fraction(1), Fraction(0), Fraction(0)]


def test_choose__one_basis_per_call__moves_and_is_audited(w: World, run_now) -> None:
    # Given two finished scenarios of the call
    first, second = _scenario(w, run_now), _scenario(w, run_now)
    # When the first, then the second is chosen
    services.choose(first, user=w.p.coordinator)
    services.choose(second, user=w.p.coordinator)
    first.refresh_from_db()
    second.refresh_from_db()
    # Then only the second is the basis, and both changes are in the audit trail
    assert not first.is_decision_basis and second.is_decision_basis
    assert second.chosen_by == w.p.coordinator and second.chosen_at
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"scenario.chosen", "scenario.unchosen"} <= actions


def test_choose__unfinished_scenario__refused(w: World) -> None:
    scenario = services.create_from_call(
        w.call, user=w.p.coordinator, name="Kesken", options=RunOptions(), run=FAST
    )  # on-commit never fires here: it stays queued
    with translation.override("en"), pytest.raises(ValidationError, match="finished"):
        services.choose(scenario, user=w.p.coordinator)


def test_execute__broken_problem__failed_with_the_error_not_left_running(w: World, run_now) -> None:
    scenario = services.create_from_call(
        w.call, user=w.p.coordinator, name="Rikki", options=RunOptions(), run=FAST
    )
    Scenario.objects.filter(pk=scenario.pk).update(problem={"years": "x"})
    services.execute(scenario.pk)
    scenario.refresh_from_db()
    assert scenario.status == ScenarioStatus.FAILED and scenario.error
    # a second delivery of the same task does nothing
    services.execute(scenario.pk)
    scenario.refresh_from_db()
    assert scenario.status == ScenarioStatus.FAILED


def test_rerun__current_data__keeps_the_locks(w: World, run_now) -> None:
    base = _scenario(w, run_now)
    with run_now():
        locked = services.derive(
            base, user=w.p.coordinator, make=lambda p: services.what_if_lock(p, "BETA", "out")
        )
    with run_now():
        again = services.rerun(locked, user=w.p.coordinator)
    again.refresh_from_db()
    assert "BETA" in parse(again.problem).rules.must_out
    assert again.status == ScenarioStatus.DONE and "BETA" not in again.selected_ids()


def test_compare__two_scenarios__money_by_theme_and_which_proposals_differ(w: World, run_now) -> None:
    a = _scenario(w, run_now)
    b = _scenario(w, run_now, must_out=frozenset({w.alfa.pk}))
    cmp = compare([a, b])
    sections = dict(cmp.sections)
    assert set(sections) == {"theme", "city", "fund", "year"}
    differing = {cid for cid, _, _, differs in cmp.membership if differs}
    assert ("ALFA" in a.selected_ids()) == ("ALFA" in differing)


# --- pages -------------------------------------------------------------------------------------------


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_pages__detail__headline_charts_and_explanations(w: World, run_now) -> None:
    scenario = _scenario(w, run_now, robustness="rank")
    response = _client(w.p.coordinator).get(
        reverse("portfolio:scenario_detail", args=[scenario.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "salkku-proven" in html  # the "proven optimal" headline, in whichever language
    assert "data-chart" in html and "salkku-chart" in html  # the interactive chart's placeholder
    assert "/chart/core-index.png" in html
    assert "BETA" in html


def test_pages__detail__robust_view_says_complete(w: World, run_now) -> None:
    scenario = _scenario(w, run_now, robustness="rank")
    assert scenario.result["robust"]["complete"] is (scenario.result["robust"]["method"] == "exact")
    html = (
        _client(w.p.coordinator)
        .get(reverse("portfolio:scenario_detail", args=[scenario.pk]), HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    # (the page is in the user's language: Finnish here)
    if scenario.result["robust"]["complete"]:
        assert "Täydellinen: nämä ovat kaikki ei-dominoidut salkut" in html
    else:
        assert "Keskeneräinen: ei-dominoituja salkkuja voi olla enemmän" in html


def test_scenario__weight_statements_in_words__cut_the_weight_set(w: World, run_now) -> None:
    from portfolio.problems import build_problem

    # given the call's first two criteria and a statement about them in words
    built = build_problem(w.call, RunOptions(robustness="statements"))
    crit = built.problem.criteria
    text = f"{crit[0].name} at least as important as {crit[1].name}"
    built = build_problem(w.call, RunOptions(robustness="statements", weight_statements=(text,)))
    ws = built.problem.weight_set
    # then the weight set holds it at every extreme point
    assert ws is not None and ws.statements
    from cores.portfolio.weights import extreme_points

    for point in extreme_points(built.problem):
        assert point[0] >= point[1]
    # a statement naming no criterion is refused with the reason
    with pytest.raises(ProblemError) as exc:
        build_problem(
            w.call,
            RunOptions(robustness="statements", weight_statements=("Foo at least as important as Bar",)),
        )
    assert "unknown criterion 'foo'" in str(exc.value)


def test_pages__new_run_form__given_scores_stand_in_for_missing_reviews(w: World, run_now) -> None:
    # Given the delta proposal has no submitted reviews
    client = _client(w.p.coordinator)
    url = reverse("portfolio:scenario_create", args=[w.call.pk])
    assert client.get(url).status_code == 200
    data = {
        "name": "Annetut pisteet",
        "frame_percent": "100",
        "theme_shares": "on",
        "include_funded": "on",
        "start_flex": "0",
        "robustness": "none",
        "time_limit": "10",
    }
    for c in w.criteria:
        data[f"score-{w.delta.pk}-{c.pk}"] = "5"
    # When the form gives it scores
    with run_now():
        response = client.post(url, data)
    # Then the run includes it as a candidate
    assert response.status_code == 302, response.content.decode()[:2000]
    scenario = Scenario.objects.get(name="Annetut pisteet")
    assert scenario.left_out == []
    assert "DELTA" in {c.id for c in parse(scenario.problem).candidates}


def test_pages__new_run_form__bad_input__400_with_the_field_named(w: World) -> None:
    client = _client(w.p.coordinator)
    response = client.post(
        reverse("portfolio:scenario_create", args=[w.call.pk]),
        {"name": "x", "frame_percent": "5", "robustness": "intervals", "time_limit": "10", "start_flex": "0"},
    )
    assert response.status_code == 400
    assert Scenario.objects.count() == 0


def test_pages__lock_button__redirects_to_the_new_scenario(w: World, run_now) -> None:
    scenario = _scenario(w, run_now)
    client = _client(w.p.coordinator)
    with run_now():
        response = client.post(
            reverse("portfolio:scenario_detail", args=[scenario.pk]),
            {"action": "lock", "candidate": "BETA", "lock": "out"},
        )
    child = Scenario.objects.get(parent=scenario)
    assert response.status_code == 302 and response["Location"].endswith(f"/portfolio/{child.pk}/")
    assert "BETA" not in child.selected_ids()


def test_pages__status__polls_while_running_and_refreshes_when_done(w: World, run_now) -> None:
    queued = services.create_from_call(
        w.call, user=w.p.coordinator, name="Jonossa", options=RunOptions(), run=FAST
    )
    client = _client(w.p.coordinator)
    url = reverse("portfolio:scenario_status", args=[queued.pk])
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 1s"' in response.content.decode() and "HX-Refresh" not in response
    services.execute(queued.pk)
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert response["HX-Refresh"] == "true"


def test_pages__downloads__problem_yaml_reloads_and_chart_is_an_image(w: World, run_now) -> None:
    scenario = _scenario(w, run_now)
    client = _client(w.p.coordinator)
    body = client.get(reverse("portfolio:scenario_file", args=[scenario.pk, "yaml"])).content.decode()
    assert parse(yaml.safe_load(body)) == parse(scenario.problem)
    result = json.loads(client.get(reverse("portfolio:scenario_file", args=[scenario.pk, "json"])).content)
    assert result["result"]["status"] == "optimal"
    svg = client.get(reverse("portfolio:scenario_chart", args=[scenario.pk, "money", "svg"]))
    assert svg["Content-Type"].startswith("image/svg") and b"<svg" in svg.content
    assert (
        client.get(reverse("portfolio:scenario_chart", args=[scenario.pk, "nope", "svg"])).status_code == 404
    )


def test_pages__compare__side_by_side(w: World, run_now) -> None:
    a = _scenario(w, run_now)
    b = _scenario(w, run_now, must_out=frozenset({w.alfa.pk, w.beta.pk}))
    response = _client(w.p.coordinator).get(reverse("portfolio:compare") + f"?s={a.pk}&s={b.pk}")
    html = response.content.decode()
    assert response.status_code == 200 and "salkku-chart" in html
    for cid in set(a.selected_ids()) ^ set(b.selected_ids()):
        assert cid in html


def test_pages__compare__names_not_codes_and_a_rounded_labelled_score(w: World, run_now) -> None:
    # given two scenarios of the call; when the coordinator compares them (in Finnish)
    a = _scenario(w, run_now)
    with run_now():
        b = services.derive(a, user=w.p.coordinator, make=lambda p: services.what_if_frame(p, -10))
    b.refresh_from_db()
    response = _client(w.p.coordinator).get(reverse("portfolio:compare") + f"?s={a.pk}&s={b.pk}")
    html = response.content.decode()
    cmp = response.context["comparison"]
    rows = {label: rows for label, rows in cmp.sections}
    # then the cities are named by their names, not their ids
    city_names = {c["name"] for c in a.problem["cities"]}
    assert {name for _key, name, _values in rows["city"]} <= city_names
    for key, name, _values in rows["city"]:
        assert f">{name}</th>" in html and f">{key}</th>" not in html
    # the funds by the names people read (EAKR, valtion rahoitus), never the codes
    for key, _name, _values in rows["fund"]:
        assert f">{key}</th>" not in html
    assert "EAKR" in html
    # the score is rounded to two decimals in Finnish format and labelled
    score = a.result["score"]
    assert score not in html
    assert f"{float(score):.2f}".replace(".", ",") in html
    # the columns are told apart: numbered, with the what-if, never the same heading twice
    headings = re.findall(
        r'<th scope="col" class="govuk-table__header salkku-compare__scenario">(.*?)</th>', html
    )
    plain = [re.sub(r"<[^>]+>", "", h) for h in headings]
    assert len(plain) == 4 and len(set(plain[:2])) == 2 and plain[:2] == plain[2:]
    assert plain[1].startswith("2. ") and "−10" in plain[1]
    # the tables scroll in their own labelled region on a narrow screen
    assert html.count('class="salkku-table-scroll" role="region"') >= 2


def test_pages__ministry_reads_but_cannot_change(w: World, run_now) -> None:
    scenario = _scenario(w, run_now)
    ministry = UserFactory.with_role(Role.MINISTRY, username="ministerio-t")
    client = _client(ministry)
    assert client.get(reverse("portfolio:scenario_detail", args=[scenario.pk])).status_code == 200
    response = client.post(reverse("portfolio:scenario_detail", args=[scenario.pk]), {"action": "choose"})
    assert response.status_code == 403
    scenario.refresh_from_db()
    assert not scenario.is_decision_basis


# --- API ----------------------------------------------------------------------------------------------


def test_api__create_poll_what_if_compare_choose(w: World, run_now) -> None:
    client = _client(w.p.coordinator)
    with run_now():
        response = client.post(
            "/api/v1/scenarios/",
            {"call": w.call.pk, "name": "API", "robustness": "rank", "time_limit": 10},
            content_type="application/json",
        )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    detail = client.get(f"/api/v1/scenarios/{pk}/").json()
    assert detail["status"] == "done" and detail["result"]["status"] == "optimal"
    assert detail["result"]["robust"]["core_index"]
    with run_now():
        child = client.post(
            f"/api/v1/scenarios/{pk}/what-if/",
            {"kind": "frame", "percent": -10},
            content_type="application/json",
        )
    assert child.status_code == 201
    # the change as what changed, for a client in any language
    assert child.json()["change_spec"] == {"kind": "frame", "percent": -10}
    cmp = client.get(f"/api/v1/scenarios/compare/?ids={pk},{child.json()['id']}").json()
    assert set(cmp["money"]) == {"theme", "city", "fund", "year"}
    chosen = client.post(f"/api/v1/scenarios/{pk}/choose/", {}, content_type="application/json")
    assert chosen.status_code == 200 and chosen.json()["is_decision_basis"]


def test_api__optimise__problem_document_solved_without_saving(w: World) -> None:
    doc = json.loads(json.dumps(load_example_doc()))
    response = _client(w.p.coordinator).post(
        "/api/v1/optimise/",
        {"problem": doc, "time_limit": 10, "explain": True},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "optimal" and response.json()["rules"] is not None
    assert Scenario.objects.count() == 0
    bad = _client(w.p.coordinator).post(
        "/api/v1/optimise/", {"problem": {"years": []}}, content_type="application/json"
    )
    assert bad.status_code == 400 and "problem" in bad.json()


def test_api__applicant__cannot_start_runs(w: World) -> None:
    applicant = UserFactory.applicant(w.p.university, w.p.agreement, username="hakija-t")
    response = _client(applicant).post(
        "/api/v1/scenarios/", {"call": w.call.pk, "name": "x"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert _client(applicant).get("/api/v1/scenarios/").json()["count"] == 0


def load_example_doc() -> dict:
    from cores.portfolio import dump

    return dump(load(EXAMPLE))


def test_pages__exclusive_group_and_dependency__in_the_problem_and_kept(w: World, run_now) -> None:
    # Given the steering group knows ALFA and BETA overlap, and the third proposal needs ALFA
    client = _client(w.p.coordinator)
    url = reverse("portfolio:scenario_create", args=[w.call.pk])
    data = {
        "name": "Ryhmät",
        "frame_percent": "100",
        "include_funded": "on",
        "start_flex": "0",
        "robustness": "none",
        "time_limit": "10",
        "exclusive": "ALFA, BETA\n",
        "requires": f"P{w.gamma.pk}: ALFA",
    }
    # When the run is started with them
    with run_now():
        response = client.post(url, data)
    # Then the problem carries both rules and the portfolio keeps them
    assert response.status_code == 302, response.content.decode()[:1500]
    scenario = Scenario.objects.get(name="Ryhmät")
    rules = parse(scenario.problem).rules
    assert [g.members for g in rules.exclusive] == [("ALFA", "BETA")]
    assert [(d.project, d.requires) for d in rules.requires] == [(f"P{w.gamma.pk}", ("ALFA",))]
    chosen = set(scenario.selected_ids())
    assert not {"ALFA", "BETA"} <= chosen
    assert f"P{w.gamma.pk}" not in chosen or "ALFA" in chosen
    # and a re-run with the current data keeps them
    with run_now():
        again = services.rerun(scenario, user=w.p.coordinator)
    assert parse(again.problem).rules.exclusive == rules.exclusive


def test_pages__unknown_id_in_a_group__400_naming_it(w: World) -> None:
    client = _client(w.p.coordinator)
    response = client.post(
        reverse("portfolio:scenario_create", args=[w.call.pk]),
        {
            "name": "Virhe",
            "frame_percent": "100",
            "start_flex": "0",
            "robustness": "none",
            "time_limit": "10",
            "exclusive": "ALFA, NOPE",
        },
    )
    assert response.status_code == 400 and "NOPE" in response.content.decode()
    assert not Scenario.objects.exists()


# --- no lost update (audit.locking) -------------------------------------------------------------------


def test_choose__from_a_stale_read__409_on_the_page_and_412_in_the_api(w: World, run_now) -> None:
    # given a finished scenario that two members read, and one of them chooses it
    import re

    from audit.locking import etag

    scenario = _scenario(w, run_now)
    steering = UserFactory.with_role(
        Role.STEERING_GROUP, agreement=w.p.agreement, organisation=w.p.cities[1], username="ohjaus-lukko"
    )
    url = reverse("portfolio:scenario_detail", args=[scenario.pk])
    found = re.search(r'name="version" value="([^"]+)"', _client(w.p.coordinator).get(url).content.decode())
    assert found and found.group(1).replace("&quot;", '"') == etag(scenario)
    tag = etag(scenario)
    api_tag = _client(steering).get(f"/api/v1/scenarios/{scenario.pk}/")["ETag"]
    assert api_tag == tag
    assert _client(w.p.coordinator).post(url, {"action": "choose", "version": tag}).status_code == 302
    # when the other chooses on what they read, on the page and in the API
    page = _client(steering).post(url, {"action": "choose", "version": tag})
    api = _client(steering).post(
        f"/api/v1/scenarios/{scenario.pk}/choose/",
        {},
        content_type="application/json",
        headers={"If-Match": tag},
    )
    # then both are refused naming the change, and the first choice stands
    assert page.status_code == 409 and "scenario.chosen" in page.content.decode()
    assert api.status_code == 412 and api["ETag"] == etag(scenario) != tag
    scenario.refresh_from_db()
    assert scenario.is_decision_basis and scenario.chosen_by == w.p.coordinator


def test_choose__another_scenario_of_the_call_from_a_stale_read__409_and_412(w: World, run_now) -> None:
    # given two finished scenarios A and B of one call, whose pages two members read before anything was chosen
    import re

    from audit.locking import etag

    a, b = _scenario(w, run_now), _scenario(w, run_now)
    assert a.call_id == b.call_id
    steering = UserFactory.with_role(
        Role.STEERING_GROUP, agreement=w.p.agreement, organisation=w.p.cities[1], username="ohjaus-sisar"
    )
    url_b = reverse("portfolio:scenario_detail", args=[b.pk])
    found = re.search(r'name="version" value="([^"]+)"', _client(steering).get(url_b).content.decode())
    assert found
    page_tag = found.group(1).replace("&quot;", '"')
    api_tag = _client(steering).get(f"/api/v1/scenarios/{b.pk}/")["ETag"]
    # when the coordinator chooses A, and then the member chooses B from what they read
    services.choose(a, user=w.p.coordinator)
    page = _client(steering).post(url_b, {"action": "choose", "version": page_tag})
    api = _client(steering).post(
        f"/api/v1/scenarios/{b.pk}/choose/",
        {},
        content_type="application/json",
        headers={"If-Match": api_tag},
    )
    # then both are refused, naming A's choice, and A stays the basis
    assert page.status_code == 409 and "scenario.chosen" in page.content.decode()
    assert api.status_code == 412 and api["ETag"] == etag(b) != api_tag
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.is_decision_basis and not b.is_decision_basis
    # and with the version read again, B can be chosen
    fresh = etag(b)
    assert _client(steering).post(url_b, {"action": "choose", "version": fresh}).status_code == 302


@pytest.mark.parametrize(("overran", "words"), [(False, "time limit stopped"), (True, "left behind")])
def test_present__stopped_run__headline_says_whether_the_solver_overran(overran: bool, words: str) -> None:
    # given a finished scenario whose run stopped at the time limit, the solver on time or left behind
    from portfolio.presenters import present

    result = {"status": "time_limit", "proven_optimal": False, "score": "6.5", "bound": None, "gap": None}
    scenario = Scenario(status=ScenarioStatus.DONE, problem={}, result={**result, "solver_overran": overran})
    # when it is presented in English
    with translation.override("en"):
        view = present(scenario)
    # then the headline says which, and never that the portfolio is proven optimal
    assert words in view.headline and not view.proven
