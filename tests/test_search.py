"""The search box: cores.search (words and prefixes), the index kept in step, both backends, visibility.

Run on SQLite by default and on PostgreSQL with DATABASE_URL: the same tests pass on both backends."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import Role
from cores import search as core
from ecosystem import search
from ecosystem.models import SearchEntry, SearchKind
from partners.models import Person, TestEnvironment
from pipeline.models import Idea, Proposal, ProposalStatus
from projects.models import Project
from tests.factories import OrganisationFactory, UserFactory
from tests.pages_data import (
    Portfolio,
    add_funded_projects,
    add_historical_projects,
    add_proposals,
    build_agreement,
)

D = dt.date


# --- the core: words and prefixes --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("energiatehokkuus", "Energiatehokkaiden rakennusten korjaus"),
        ("energiatehokkuus", "Asuntojen energiatehokkuuden parantaminen"),
        ("kiertotalous", "Kiertotalouden kokeilualusta"),
        ("kaupunki", "Kokeiluja kaupungeissa"),
        ("rakentaminen", "Puurakentamisen ja rakentamisen ohjelma"),
        ("byggande", "Hållbart byggandet i städer"),
        ("efficiency", "Energy-efficient buildings"),
        ("Energiatehokkuus KIERTOTALOUS", "kiertotaloutta ja energiatehokasta rakentamista"),
    ],
)
def test_query__an_inflected_form__matches_the_text(query: str, text: str) -> None:
    # given a text indexed by its words, when a different form of its word is searched, it is found
    assert core.matches(core.document(text), core.query(query))


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("energiatehokkuus", "Kiertotalouden kokeilualusta"),
        ("kiertotalous energiatehokkuus", "Kiertotalouden kokeilualusta"),  # every word must match
        ("", "Kiertotalouden kokeilualusta"),
    ],
)
def test_query__another_word__does_not_match(query: str, text: str) -> None:
    assert not core.matches(core.document(text), core.query(query))


@given(st.text(max_size=60))
def test_query__any_input__gives_only_letters_and_digits(text: str) -> None:
    # then no query syntax (quotes, operators, stars, colons) can come through to a backend
    for alternatives in core.query(text):
        for prefix in alternatives:
            assert prefix and all(ch.isalnum() for ch in prefix)


@given(
    st.lists(st.sampled_from(["energiatehokkaiden", "kaupungeissa", "Espoo", "5G", "byggandet"]), min_size=1)
)
def test_query__the_words_of_a_text__always_find_it(chosen: list[str]) -> None:
    text = " ".join(chosen)
    assert core.matches(core.document(text), core.query(text))


# --- the index and the backends ---------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def p() -> Portfolio:
    return build_agreement()


def _titles(groups: list[search.Group], kind: str) -> list[str]:
    return [h.title for g in groups if g.kind == kind for h in g.hits]


@pytest.mark.django_db
def test_save__writes_the_entry__and_the_backend_finds_an_inflected_word(p: Portfolio) -> None:
    # given a funded project about energy efficiency (saved: the signal writes its entry)
    project = add_funded_projects(p, 1)[0]
    project.summary = "Energiatehokkaiden koulujen korjaukset"
    project.save()
    # when the coordinator searches with another form of the word
    groups = search.search(p.coordinator, "energiatehokkuus")
    # then the project is the hit, in its group, with its page
    assert _titles(groups, SearchKind.PROJECT) == [f"{project.code} {project.name}"]
    assert groups[0].hits[0].url == reverse("projects:project_detail", args=[project.pk])
    assert connection.vendor in ("sqlite", "postgresql")


@pytest.mark.django_db
def test_index__every_kind__is_found_and_grouped(p: Portfolio) -> None:
    add_proposals(p, 1)
    add_historical_projects(p, 1, prefix="Kiertotalous 6Aika")
    Idea.objects.create(
        agreement=p.agreement,
        organisation=p.company,
        theme=p.themes["T1"],
        title="Kiertotalouden idea",
        summary="x",
        submitted_at=dt.datetime(2024, 10, 1, tzinfo=dt.UTC),
    )
    org = OrganisationFactory(name="Kiertotalousyhdistys ry")
    Person.objects.create(
        organisation=org, first_name="Kaisa", last_name="Kierto", title="kiertotalousasiantuntija"
    )
    TestEnvironment.objects.create(
        name="Kiertotalouskylä", owner=p.cities[0], city=p.cities[0], is_published=True
    )
    # when the coordinator searches for "kiertotalous"
    groups = search.search(p.coordinator, "kiertotalous")
    # then each kind has its group, in the fixed order
    kinds = [g.kind for g in groups]
    assert kinds == [
        SearchKind.PROPOSAL,
        SearchKind.IDEA,
        SearchKind.ORGANISATION,
        SearchKind.PERSON,
        SearchKind.TEST_ENVIRONMENT,
        SearchKind.HISTORY,
    ]


@pytest.mark.django_db
def test_change_and_delete__keep_the_index_in_step(p: Portfolio) -> None:
    project = add_funded_projects(p, 1)[0]
    project.name = "Kaukolämmön kokeilu"
    project.save()
    assert _titles(search.search(p.coordinator, "kaukolämpö"), SearchKind.PROJECT)
    # when the text changes, the old word no longer finds it
    project.name = "Aurinkovoiman kokeilu"
    project.save()
    assert not search.search(p.coordinator, "kaukolämpö")
    assert _titles(search.search(p.coordinator, "aurinkovoima"), SearchKind.PROJECT)
    # when it becomes historical, it moves group; when deleted, it is gone
    project.is_historical = True
    project.save()
    assert [g.kind for g in search.search(p.coordinator, "aurinkovoima")] == [SearchKind.HISTORY]
    env = TestEnvironment.objects.create(name="Aurinkovoimala", owner=p.cities[0], is_published=True)
    env.delete()
    assert not SearchEntry.objects.filter(kind=SearchKind.TEST_ENVIRONMENT).exists()


@pytest.mark.django_db
def test_rebuild__after_a_bulk_load__finds_what_bulk_create_skipped(p: Portfolio) -> None:
    # given organisations created in bulk (no post_save: nothing indexed)
    from partners.models import Organisation

    Organisation.objects.bulk_create([Organisation(name="Vetytalouden Oy", name_key="vetytalouden")])
    assert not search.search(p.coordinator, "vetytalous")
    # when the index is rebuilt by the command
    call_command("search", "rebuild", stdout=open("/dev/null", "w"))  # noqa: SIM115
    # then it is found
    assert _titles(search.search(p.coordinator, "vetytalous"), SearchKind.ORGANISATION) == ["Vetytalouden Oy"]


@pytest.mark.django_db
def test_eura_import_signal__indexes_historical_projects_and_organisations_made_in_bulk(p: Portfolio) -> None:
    from partners.models import Organisation
    from projects.signals import projects_imported

    # given an import that wrote a lead organisation and a historical project in bulk (no post_save)
    lead = Organisation.objects.bulk_create([Organisation(name="Hulevesi Oy", name_key="hulevesi")])[0]
    Project.objects.bulk_create(
        [Project(code="S99999", name="Hulevesiratkaisut kaupungeissa", lead=lead, is_historical=True)]
    )
    assert not search.search(p.coordinator, "hulevesiratkaisu")
    # when the import says it is done
    projects_imported.send(sender=Project, count=1)
    # then both are found
    kinds = {g.kind for g in search.search(p.coordinator, "hulevesi")}
    assert kinds == {SearchKind.HISTORY, SearchKind.ORGANISATION}


@pytest.mark.django_db
def test_query_syntax__in_the_box__is_only_words(p: Portfolio) -> None:
    # characters that mean something to FTS5 or to_tsquery are not passed on: no error, no hit
    for text in ['"', "a* OR b", "kierto:* | (x", "NEAR(a b)", "'; DROP TABLE x; --", "&&&"]:
        search.search(p.coordinator, text)


# --- who sees what ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_visibility__a_draft_proposal__only_for_who_may_open_it(p: Portfolio) -> None:
    draft = add_proposals(p, 1, status=ProposalStatus.DRAFT)[0]
    draft.title = "Salainen vetytalousluonnos"
    draft.save()
    reviewer = UserFactory.with_role(Role.REVIEWER, agreement=p.agreement)
    outsider = UserFactory.applicant(OrganisationFactory(), agreement=p.agreement)
    consortium = UserFactory.applicant(p.university, agreement=p.agreement)
    # the coordinator and the consortium see it; a reviewer and another applicant do not
    assert _titles(search.search(p.coordinator, "vetytalous"), SearchKind.PROPOSAL)
    assert _titles(search.search(consortium, "vetytalous"), SearchKind.PROPOSAL)
    assert not search.search(reviewer, "vetytalous")
    assert not search.search(outsider, "vetytalous")
    # once submitted, the reviewer sees it too
    Proposal.objects.filter(pk=draft.pk).update(status=ProposalStatus.SUBMITTED)
    assert _titles(search.search(reviewer, "vetytalous"), SearchKind.PROPOSAL)


@pytest.mark.django_db
def test_visibility__people_and_unpublished_environments__not_for_others(p: Portfolio) -> None:
    other = OrganisationFactory(name="Muu Oy")
    Person.objects.create(organisation=p.company, first_name="Vilja", last_name="Vetyläinen")
    TestEnvironment.objects.create(name="Vetylaboratorio", owner=p.company, is_published=False)
    applicant = UserFactory.applicant(other, agreement=p.agreement)
    own = UserFactory.applicant(p.company, agreement=p.agreement)
    assert {g.kind for g in search.search(p.coordinator, "vetyl")} == {
        SearchKind.PERSON,
        SearchKind.TEST_ENVIRONMENT,
    }
    assert search.search(applicant, "vetyl") == []
    assert {g.kind for g in search.search(own, "vetyl")} == {SearchKind.PERSON, SearchKind.TEST_ENVIRONMENT}


# --- the page ---------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "prefix", "heading"),
    [("fi", "", "Hankkeet"), ("sv", "/sv", "Projekt"), ("en", "/en", "Projects")],
)
def test_page__grouped_results_in_each_language(p: Portfolio, lang: str, prefix: str, heading: str) -> None:
    project = add_funded_projects(p, 1)[0]
    project.summary = "Energiatehokkaiden koulujen korjaukset"
    project.save()
    client = Client()
    client.force_login(p.coordinator)
    response = client.get(f"{prefix}/search/", {"q": "energiatehokkuus"})
    body = response.content.decode()
    assert response.status_code == 200
    assert f'lang="{lang}"' in body
    assert project.name in body and 'role="search"' in body and heading in body


@pytest.mark.django_db
def test_page__the_header_box__is_on_every_signed_in_page(p: Portfolio) -> None:
    client = Client()
    client.force_login(p.coordinator)
    body = client.get(reverse("projects:project_list")).content.decode()
    assert 'id="header-search"' in body and f'action="{reverse("search")}"' in body


@pytest.mark.django_db
def test_page__anonymous__is_sent_to_sign_in(p: Portfolio) -> None:
    response = Client().get("/en/search/", {"q": "kierto"})
    assert response.status_code == 302


def test_project_model_is_searched() -> None:
    assert Project in search.SEARCHED


@pytest.mark.django_db
def test_candidates__a_word_that_names_a_kind__does_not_match_every_entry_of_that_kind(p: Portfolio) -> None:
    # given historical projects and an organisation, none of whose texts say "history" or "organisation"
    add_historical_projects(p, 3, prefix="Avoin data")
    # when the words that are the kinds' names are searched, then nothing is found by its kind alone
    for word in ("history", "organisation", "test environment", "person"):
        assert search.candidates(word) == {}, word


@pytest.mark.django_db
def test_candidates__more_matches_than_ranked__each_kind_keeps_its_own_best(
    p: Portfolio, monkeypatch: pytest.MonkeyPatch
) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the bound on ranked matches is SQLite's (FTS5); PostgreSQL ranks every match")
    # given an organisation about circular economy, and later six historical projects about it
    org = OrganisationFactory(name="Kiertotalous Oy")
    history = add_historical_projects(p, 6, prefix="Kiertotalouden kokeilu")
    # when at most three matches of a kind are ranked and two candidates are asked for
    monkeypatch.setattr(search, "RANKED", 3)
    found = search.candidates("kiertotalous", limit=2)
    # then the history's two come from its three newest entries, and the older organisation is still found
    assert len(found[SearchKind.HISTORY]) == 2
    assert set(found[SearchKind.HISTORY]) <= {h.pk for h in history[-3:]}
    assert found[SearchKind.ORGANISATION] == [org.pk]
    # and asked for more than the bound, every match is ranked
    assert sorted(search.candidates("kiertotalous", limit=100)[SearchKind.HISTORY]) == sorted(
        h.pk for h in history
    )
