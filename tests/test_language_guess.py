"""Which language a typed text is in (cores.language), and pages marking typed text with its own ``lang``
where it differs from the page's (WCAG 2.1, 3.1.2)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from cores.language import guess_language
from pipeline.models import Proposal
from tests.pages_data import build_portfolio


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Älykkään liikenteen kokeiluympäristö pääkaupunkiseudun kaupungeille", "fi"),
        ("Hankkeessa kehitetään energiatehokkaita ratkaisuja asuinalueiden korjausrakentamiseen.", "fi"),
        ("Projektet utvecklar nya lösningar för cirkulär ekonomi i huvudstadsregionen.", "sv"),
        ("Utvecklandet av företagets marknadsföringsstrategi och koncept", "sv"),
        ("Removal of heavy metals from industrial and urban sludge by bioleaching", "en"),
        ("The project develops a testbed for smart street lighting with the cities.", "en"),
    ],
)
def test_guess_language__sentences_and_titles_of_each_language(text: str, language: str) -> None:
    assert guess_language(text) == language


@pytest.mark.parametrize(
    "text", ["", "   ", "2026", "A90000 12,5 %", "INKA", "COMBI UAV-MEMO", "Helsinki Espoo"]
)
def test_guess_language__no_evidence__no_answer(text: str) -> None:
    # names, codes and numbers alone say nothing of a language: the page's own lang stands
    assert guess_language(text) is None


@given(st.text(max_size=3000))
def test_guess_language__any_text__an_answer_of_three_or_none(text: str) -> None:
    assert guess_language(text) in {"fi", "sv", "en", None}


def _proposal_typed_in_finnish(**fields: str) -> tuple[Client, Proposal]:
    """A proposal with ``fields`` typed in Finnish, and the coordinator's client."""
    p = build_portfolio(proposals=1, funded=0, historical=0)
    proposal = p.proposals[0]
    for name, value in fields.items():
        setattr(proposal, name, value)
    proposal.save(update_fields=list(fields))
    client = Client()
    client.force_login(p.coordinator)
    return client, proposal


def _page(client: Client, lang: str, name: str, *args: object) -> str:
    with translation.override(lang):
        return client.get(reverse(name, args=args)).content.decode()


@pytest.mark.django_db
def test_proposal_page__finnish_summary_on_a_swedish_page__marked_finnish() -> None:
    # given a proposal typed in Finnish
    summary = "Hankkeessa kehitetään kaupunkien yhteinen kokeiluympäristö älykkäälle liikenteelle."
    client, proposal = _proposal_typed_in_finnish(summary=summary)
    # when its page is read in Swedish, then the summary's paragraph says it is Finnish
    page = _page(client, "sv", "pipeline:proposal_detail", proposal.pk)
    assert f'<p class="govuk-body" lang="fi">{summary}</p>' in page
    # and on the Finnish page it needs no mark of its own
    page = _page(client, "fi", "pipeline:proposal_detail", proposal.pk)
    assert f'<p class="govuk-body">{summary}</p>' in page


@pytest.mark.django_db
def test_proposal_list__finnish_title_on_an_english_page__in_a_finnish_span() -> None:
    # given a proposal whose title is Finnish
    title = "Älykkään liikenteen kokeiluympäristö pääkaupunkiseudun kaupungeille"
    client, _ = _proposal_typed_in_finnish(title=title)
    # when the list of proposals is read in English, then the title is marked Finnish where it is listed
    assert f'<span lang="fi">{title}</span>' in _page(client, "en", "pipeline:proposal_list")
