"""Index refreshes are single-flight: two workers refreshing at once run one after the other, so no two
write the index at the same time and an older refresh never overwrites a newer one."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from django.db import connection

from overlaps import engine, services
from overlaps.models import IndexedText, SimilarItem
from overlaps.texts import Item, key_of
from pipeline.models import Proposal
from tests.overlaps_world import TEXT_A, build_overlap_world

# Threads use their own database connections: they must see each other's commits.
pytestmark = pytest.mark.django_db(transaction=True)

WAIT = 120  # seconds; only so that a broken lock fails the test instead of hanging it


@pytest.fixture(autouse=True)
def _fresh_index() -> Iterator[None]:
    engine.forget()
    yield
    engine.forget()


def test_two_refreshes_at_once__the_second_waits__and_the_newer_text_wins(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given an indexed world, and a first refresh that pauses after reading the texts from the database
    w = build_overlap_world()
    services.rebuild()
    unrelated, source = key_of(w.u), key_of(w.a)
    assert not SimilarItem.objects.filter(source_key=unrelated, target_key=source).exists()
    read, resume = threading.Event(), threading.Event()
    original = engine.all_items
    paused: list[bool] = []

    def all_items() -> Iterator[Item]:
        items = list(original())
        if not paused:
            paused.append(True)
            read.set()
            resume.wait(WAIT)
        return iter(items)

    monkeypatch.setattr(engine, "all_items", all_items)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            services.refresh()
        except BaseException as error:  # reported by the test below
            errors.append(error)
        finally:
            connection.close()

    first = threading.Thread(target=worker)
    first.start()
    assert read.wait(WAIT)
    # when the unrelated proposal is rewritten as a near-duplicate and a second worker refreshes
    Proposal.objects.filter(pk=w.u.pk).update(title=TEXT_A[0], summary=TEXT_A[1])
    second = threading.Thread(target=worker)
    second.start()
    second.join(0.5)
    # then the second waits for the first (which holds the older texts)
    assert second.is_alive()
    resume.set()
    first.join(WAIT)
    second.join(WAIT)
    assert not errors and not first.is_alive() and not second.is_alive()
    # and what is stored is the newer text's: the rewritten proposal is indexed with its new text
    # and has the proposal it now repeats among its similar items
    new_text = engine.all_items  # the patched one: no pause any more
    current = {i.key: i for i in new_text()}[unrelated]
    assert IndexedText.objects.get(key=unrelated).digest == current.digest
    assert SimilarItem.objects.filter(source_key=unrelated, target_key=source).exists()


def test_single_flight__threads_never_hold_it_together() -> None:
    inside: list[int] = []
    most: list[int] = []
    lock = threading.Lock()
    entered = threading.Barrier(4)

    def worker() -> None:
        entered.wait(WAIT)
        for _ in range(5):
            with engine.single_flight():
                with lock:
                    inside.append(1)
                    most.append(len(inside))
                threading.Event().wait(0.01)
                with lock:
                    inside.pop()
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(WAIT)
    assert len(most) == 20 and max(most) == 1
