"""The accessibility statement the Act on the Provision of Digital Services (306/2019) requires: public,
in three languages, linked from every page's footer, with a feedback form whose messages reach the
coordination team (stored and listed for them, e-mailed when they have addresses)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from accessibility.models import AccessibilityFeedback
from tests.factories import AgreementFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("prefix", "heading", "authority", "site"),
    [
        (
            "",
            "Saavutettavuusseloste",
            "Liikenne- ja viestintävirasto Traficom",
            "www.saavutettavuusvaatimukset.fi",
        ),
        (
            "/sv",
            "Tillgänglighetsutlåtande",
            "Transport- och kommunikationsverket Traficom",
            "www.tillganglighetskrav.fi",
        ),
        (
            "/en",
            "Accessibility statement",
            "Finnish Transport and Communications Agency Traficom",
            "www.webaccessibility.fi",
        ),
    ],
)
def test_statement__anyone__states_conformance_gaps_feedback_and_authority(
    prefix: str, heading: str, authority: str, site: str
) -> None:
    # when someone who has not signed in opens the statement in each language
    response = Client().get(f"{prefix}/accessibility/")
    # then it is there, in that language, with what the Act asks for
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<h1 class="govuk-heading-xl">{heading}</h1>' in html
    assert "WCAG" in html and "EN 301 549" in html
    assert authority in html
    assert f'href="https://{site}"' in html  # the authority's site in the page's language
    assert "7.12.2026" in html or "7 Dec 2026" in html  # the date of the statement
    assert 'name="message"' in html  # the feedback form
    assert "14" in html
    assert "WCAG 3.1.2" in html  # the language of text people typed: a known gap, said as one


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/public/projects/", "/sv/accounts/login/"])
def test_footer__every_page__links_the_statement(client: Client, url: str) -> None:
    response = client.get(url, follow=True)
    html = response.content.decode()
    footer = html[html.index('<footer class="salkku-footer">') :]
    assert 'href="/accessibility/"' in footer or 'href="/sv/accessibility/"' in footer


def test_feedback__sent__stored_mailed_and_listed_for_the_coordination_team(settings) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    agreement = AgreementFactory()
    coordinator = UserFactory.coordinator(agreement, username="koord", email="koord@example.org")
    applicant_org = None
    other = UserFactory.with_role("reviewer", agreement=agreement, organisation=applicant_org)
    # when an anonymous visitor sends feedback
    response = Client().post(
        "/accessibility/",
        {"message": "Kaavion taulukkoa ei löydy ruudunlukijalla.", "email": "a@example.org", "page": "/x/"},
    )
    # then it is stored, acknowledged, and e-mailed to the coordinator
    assert response.status_code == 302 and response["Location"].endswith("?sent=1#feedback")
    feedback = AccessibilityFeedback.objects.get()
    assert feedback.message.startswith("Kaavion") and feedback.language == "fi" and feedback.page == "/x/"
    assert (feedback.answer_by - feedback.received_at.date()).days in (13, 14, 15)
    assert [m.to for m in mail.outbox] == [["koord@example.org"]]
    assert "Kaavion taulukkoa" in mail.outbox[0].body
    # and the coordination team sees it in their list, another role does not
    client = Client()
    client.force_login(coordinator)
    listing = client.get("/accessibility/feedback/")
    assert listing.status_code == 200 and "Kaavion taulukkoa" in listing.content.decode()
    client.force_login(other)
    assert client.get("/accessibility/feedback/").status_code == 403
    assert Client().get("/accessibility/feedback/").status_code == 302  # to sign in


def test_feedback__blank__refused_naming_the_field_and_nothing_stored() -> None:
    response = Client().post("/en/accessibility/", {"message": "   ", "email": ""})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert AccessibilityFeedback.objects.count() == 0
