"""Overlaps in the demo portfolio: the catalogue's planted near-duplicates are found, and the planted
double-funding case raises its flags (the "Done when" of issue 11, without a browser)."""

from __future__ import annotations

import pytest
from django.db import transaction

from audit.services import Actor
from demo.catalogue import NEAR_DUPLICATES
from demo.generator import DEFAULT_SEED
from demo.overlaps import EURA_CODE
from demo.services import demo_data_create, demo_data_reset
from overlaps import engine, services
from overlaps.models import FlagKind, RiskFlag, SimilarItem, StaffAllocation
from overlaps.texts import key_of
from pipeline.models import Idea, Proposal
from programme.models import Agreement
from programme.services import agreement_load
from projects.models import Project

ACTOR = Actor(label="test")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        agreement_load(slug="capital-region", actor=ACTOR)
        agreement = Agreement.objects.get(slug="capital-region")
        demo_data_create(agreement=agreement, seed=DEFAULT_SEED, actor=ACTOR)
        engine.forget()
        services.rebuild()
        yield agreement
        transaction.set_rollback(True)


def _best(key: str) -> list[str]:
    return list(
        SimilarItem.objects.filter(source_key=key).order_by("-score").values_list("target_key", flat=True)[:5]
    )


@pytest.mark.django_db
def test_demo__every_planted_near_duplicate__is_among_the_others_most_similar(demo: Agreement) -> None:
    missed = []
    for dup in NEAR_DUPLICATES:
        model = Idea if dup.kind == "idea" else Proposal
        first = model.objects.get(agreement=demo, title=dup.first.title)
        second = model.objects.get(agreement=demo, title=dup.second.title)
        if key_of(second) not in _best(key_of(first)):
            missed.append(dup.first.title)
    assert missed == []


@pytest.mark.django_db
def test_demo__double_funding_case__raises_the_flags(demo: Agreement) -> None:
    eura = Project.objects.get(code=EURA_CODE)
    flags = RiskFlag.objects.filter(agreement=demo, kind=FlagKind.SIMILAR_SAME_ORGANISATION)
    assert any(key_of(eura) in {i["key"] for i in f.evidence["items"]} for f in flags)
    assert StaffAllocation.objects.count() == 2
    assert RiskFlag.objects.filter(agreement=demo, kind=FlagKind.PERSON_OVER_FULL_TIME).count() == 1


@pytest.mark.django_db
def test_demo__reset__removes_the_planted_case(demo: Agreement) -> None:
    demo_data_reset(agreement=demo, actor=ACTOR)
    assert not Project.objects.filter(code=EURA_CODE).exists()
    assert StaffAllocation.objects.count() == 0
