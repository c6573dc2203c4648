"""E-mail notifications: one message per recipient, in their language, with a link, sent on commit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings
from django.utils import translation

from accounts.notifications import Event, NotificationError, notify, notify_report_due
from partners.models import Organisation
from tests.factories import OrganisationFactory, UserFactory
from web.templatetags.salkku import sdate

pytestmark = pytest.mark.django_db


class Thing:
    """An object to notify about, with a title and a page."""

    def __init__(self, title: str, path: str = "/proposals/7/") -> None:
        self.title = self.name = title
        self._path = path

    def get_absolute_url(self) -> str:
        from django.utils.translation import get_language

        prefix = "" if get_language() == "fi" else f"/{get_language()}"
        return prefix + self._path

    def __str__(self) -> str:
        return self.title


@override_settings(SALKKU_BASE_URL="https://salkku.example.fi")
def test_review_assigned__each_recipient__gets_own_language_and_link(
    django_capture_on_commit_callbacks,
) -> None:
    # given reviewers who read Finnish, Swedish and English
    fi = UserFactory(username="fi", first_name="Arttu", preferred_language="fi")
    sv = UserFactory(username="sv", first_name="Anna", preferred_language="sv")
    en = UserFactory(username="en", first_name="Alex", preferred_language="en")
    # when a review is assigned to all of them
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            event=Event.REVIEW_ASSIGNED,
            to=[fi, sv, en],
            obj=Thing("Kiertotalous"),
            context={"due_on": dt.date(2026, 12, 15)},
        )
    # then each gets one message in their language, with a link and a date in that language
    by_address = {m.to[0]: m for m in mail.outbox}
    assert len(mail.outbox) == 3
    english = by_address["en@example.test"]
    assert english.subject == "[Salkku] Review assigned: Kiertotalous"
    assert "Hello Alex," in english.body
    assert "https://salkku.example.fi/en/proposals/7/" in english.body
    with translation.override("en"):
        assert sdate(dt.date(2026, 12, 15)) in english.body
    finnish = by_address["fi@example.test"]
    assert finnish.subject.startswith("[Salkku] ") and "Review assigned" not in finnish.subject
    assert "Kiertotalous" in finnish.subject
    assert "https://salkku.example.fi/proposals/7/" in finnish.body and "Arttu" in finnish.body
    assert "15.12.2026" in finnish.body
    swedish = by_address["sv@example.test"]
    assert "https://salkku.example.fi/sv/proposals/7/" in swedish.body
    assert swedish.subject != finnish.subject and swedish.subject != english.subject


@pytest.mark.parametrize("event", list(Event))
def test_every_event__has_subject_and_body_in_every_language(
    event: Event, django_capture_on_commit_callbacks
) -> None:
    users = [UserFactory(username=f"u-{lang}", preferred_language=lang) for lang in ("fi", "sv", "en")]
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            event=event,
            to=users,
            obj=Thing("Hanke X"),
            url="/x/",
            context={"due_on": dt.date(2027, 1, 31), "outcome": "Esitetään", "rationale": "Hyvä"},
        )
    assert len(mail.outbox) == 3
    subjects = {m.subject for m in mail.outbox}
    assert len(subjects) == 3, "each language has its own subject"
    for message in mail.outbox:
        assert "\n" not in message.subject and "Hanke X" in message.subject
        assert "/x/" in message.body and "&quot;" not in message.body and "&#x27;" not in message.body


def test_notify__rolled_back_transaction__sends_nothing(django_capture_on_commit_callbacks) -> None:
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        notify(event=Event.DECISION_MADE, to=[user], obj=Thing("X"), context={"outcome": "Hylätään"})
        raise RuntimeError("the decision failed")
    assert mail.outbox == []


def test_notify__users_without_address_or_twice__one_message_each(django_capture_on_commit_callbacks) -> None:
    user, no_mail = UserFactory(), UserFactory(email="")
    with django_capture_on_commit_callbacks(execute=True):
        notify(event=Event.DECISION_MADE, to=[user, user, no_mail], obj=Thing("X"))
    assert [m.to for m in mail.outbox] == [[user.email]]


def test_notify__other_event_with_own_text__is_sent_with_link(django_capture_on_commit_callbacks) -> None:
    user = UserFactory(preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            event="call.opened", to=[user], subject="A call is open", body="Send your ideas.", url="/calls/3/"
        )
    message = mail.outbox[0]
    assert message.subject == "[Salkku] A call is open"
    assert "Send your ideas." in message.body and "/calls/3/" in message.body


def test_notify__unknown_event_without_text__is_refused() -> None:
    with pytest.raises(NotificationError, match=r"call\.opened"):
        notify(event="call.opened", to=[UserFactory()])


def test_invitation__names_the_idea_and_the_note(django_capture_on_commit_callbacks) -> None:
    user = UserFactory(preferred_language="en", first_name="Hanna")
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            event=Event.INVITATION_TO_PROPOSE,
            to=[user],
            obj=Thing('Smart "mobility"'),
            url="/ideas/4/",
            context={"note": "Join forces with the Espoo idea."},
        )
    body = mail.outbox[0].body
    assert 'Smart "mobility"' in mail.outbox[0].subject
    assert "Join forces with the Espoo idea." in body and "/ideas/4/" in body and "Hello Hanna," in body


def test_report_due_hook__tells_implementers_the_date(django_capture_on_commit_callbacks) -> None:
    org: Organisation = OrganisationFactory()
    user = UserFactory.applicant(org, preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        notify_report_due(
            project=Thing("Hanke Y"), due_on=dt.date(2027, 3, 31), to=[user], url="/projects/9/"
        )
    message = mail.outbox[0]
    assert message.subject == "[Salkku] Progress report due: Hanke Y"
    with translation.override("en"):
        english_date = sdate(dt.date(2027, 3, 31))
    assert english_date in message.body and "/projects/9/" in message.body


def test_unknown_preferred_language__falls_back_to_finnish(django_capture_on_commit_callbacks) -> None:
    fi, xx = UserFactory(preferred_language="fi"), UserFactory(preferred_language="de")
    with django_capture_on_commit_callbacks(execute=True):
        notify(event=Event.DECISION_MADE, to=[fi, xx], obj=Thing("X"))
    assert mail.outbox[0].subject == mail.outbox[1].subject
