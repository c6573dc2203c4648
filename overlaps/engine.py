"""The similarity index of one deployment: built from the database, kept on disk, brought up to date
incrementally, and the stored "most similar" lists the pages read.

Only the background task (``overlaps.tasks``) and the ``salkku overlaps`` command call ``refresh``; pages
read ``SimilarItem`` rows and never wait on the index. Every refresh compares the digests of all texts in
the database with those the index holds, so an index left behind by another worker process, or a file
from an older run, is healed by the next refresh rather than trusted.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from overlaps.models import IndexedText, ItemKind, SimilarItem
from overlaps.texts import Item, all_items, relatives

if TYPE_CHECKING:
    from cores.similarity import SimilarityIndex

log = logging.getLogger(__name__)

# How many similar items each idea, proposal and project keeps.
TOP_K = 12
_lock = threading.Lock()
_cache: dict[str, Any] = {"index": None, "digests": {}}


def threshold() -> float:
    """The score from which two texts count as overlapping (the core's calibrated default)."""
    from cores.similarity import DEFAULT_THRESHOLD

    return float(DEFAULT_THRESHOLD)


def shown_from() -> float:
    """The lowest score an item's page lists: below the overlap threshold, as "related" reading. Half the
    threshold: the score is the pair model's (docs/overlaps.md), under which a rewritten paraphrase with
    few shared word forms can score a little above 0.2 while the threshold is 0.4."""
    return threshold() * 0.5


def _files() -> tuple[Path, Path] | None:
    folder = getattr(settings, "SALKKU_OVERLAPS_INDEX_DIR", None)
    if not folder:
        return None
    base = Path(folder)
    return base / "index", base / "digests.json"


def _load() -> tuple[SimilarityIndex, dict[str, str]]:
    from cores.similarity import SimilarityIndex

    files = _files()
    if files is not None and files[0].exists() and files[1].exists():
        try:
            index = SimilarityIndex.load(str(files[0]))
            digests = json.loads(files[1].read_text(encoding="utf-8"))
            if isinstance(digests, dict) and len(digests) == len(index):
                return index, {str(k): str(v) for k, v in digests.items()}
        except Exception:  # an unreadable or older file is rebuilt from the database, not trusted
            log.warning("the overlap index on disk could not be read; rebuilding it", exc_info=True)
    return SimilarityIndex(), {}


def _save(index: SimilarityIndex, digests: dict[str, str]) -> None:
    files = _files()
    if files is None:
        return
    files[0].parent.mkdir(parents=True, exist_ok=True)
    tmp_index = files[0].with_name(files[0].name + ".tmp")
    tmp_digests = files[1].with_name(files[1].name + ".tmp")
    index.save(str(tmp_index))
    tmp_digests.write_text(json.dumps(digests), encoding="utf-8")
    os.replace(tmp_index, files[0])
    os.replace(tmp_digests, files[1])


# The PostgreSQL advisory lock of index refreshes: one number for this deployment's database.
ADVISORY_KEY = 0x5A4C_0011  # "SAL", issue 11


def _lock_file() -> Path:
    """Beside the index files; without them (tests) in the temporary folder, one per database."""
    files = _files()
    if files is not None:
        files[0].parent.mkdir(parents=True, exist_ok=True)
        return files[0].parent / "refresh.lock"
    name = hashlib.sha256(str(connection.settings_dict.get("NAME")).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"salkku-overlaps-{name}.lock"


@contextmanager
def single_flight() -> Iterator[None]:
    """One index refresh at a time across every worker thread and process of the deployment: on
    PostgreSQL a session advisory lock (so workers on other hosts too), otherwise an exclusive lock on a
    file beside the index. A second refresh waits for the first and then runs on what the database holds
    then, so no two writers touch the index file at once and no refresh is overwritten by an older one."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [ADVISORY_KEY])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_KEY])
        return
    with open(_lock_file(), "a+b") as handle:  # a lock per open file: threads exclude each other too
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def forget() -> None:
    """Drop the index held in this process (tests; after the files were removed)."""
    with _lock:
        _cache["index"] = None
        _cache["digests"] = {}


@dataclass
class Refreshed:
    items: dict[str, Item]
    changed: set[str] = field(default_factory=set)  # added or with a new text
    removed: set[str] = field(default_factory=set)
    matched: int = 0  # items whose similar items were computed


def _sync(
    index: SimilarityIndex, digests: dict[str, str], items: dict[str, Item]
) -> tuple[set[str], set[str]]:
    changed: set[str] = set()
    for key, item in items.items():
        digest = item.digest
        if digests.get(key) == digest:
            continue
        if key in index:
            index.update(key, item.text)
        else:
            index.add(key, item.text)
        digests[key] = digest
        changed.add(key)
    removed = set(digests) - set(items)
    for key in removed:
        if key in index:
            index.remove(key)
        del digests[key]
    return changed, removed


def refresh(keys: Iterable[str] = (), *, everything: bool = False) -> Refreshed:
    """Bring the index up to date with the database and recompute the similar items of every item whose
    text changed, of ``keys``, or (``everything``) of every idea, proposal and funded project."""
    items = {item.key: item for item in all_items()}
    with _lock:
        if _cache["index"] is None:
            _cache["index"], _cache["digests"] = _load()
        index: SimilarityIndex = _cache["index"]
        digests: dict[str, str] = _cache["digests"]
        changed, removed = _sync(index, digests, items)
        if changed or removed:
            _save(index, digests)
        wanted = set(items) if everything else (changed | set(keys)) & set(items)
        # Historical projects are matched from the other side only: their pages show no overlaps.
        sources = sorted(k for k in wanted if items[k].kind != ItemKind.HISTORICAL)
        same_work = relatives(items)
        # only what a page lists (from ``shown_from``): the index then rescores only the texts that can
        # reach it (docs/overlaps.md, "The index")
        results = {
            key: index.most_similar(
                key, k=TOP_K, exclude=(key, *same_work.get(key, ())), min_score=shown_from()
            )
            for key in sources
        }
    floor = shown_from()
    now = timezone.now()
    with transaction.atomic():
        _store_indexed(items, changed, removed, now)
        if everything:
            SimilarItem.objects.all().delete()
        else:
            gone = sorted(removed | set(sources))
            SimilarItem.objects.filter(source_key__in=gone).delete()
            SimilarItem.objects.filter(target_key__in=gone).delete()
        rows: dict[tuple[str, str], SimilarItem] = {}
        for source, matches in results.items():
            for match in matches:
                if match.score < floor or match.key == source or match.key not in items:
                    continue
                terms, passages = explanation_json(match.explanation)
                rows[(source, match.key)] = SimilarItem(
                    source_key=source,
                    target_key=match.key,
                    score=float(match.score),
                    shared_terms=terms,
                    passages=passages,
                )
                # The other side learns of this item too (its own list is recomputed when it changes).
                if items[match.key].kind != ItemKind.HISTORICAL and (match.key, source) not in rows:
                    rows[(match.key, source)] = SimilarItem(
                        source_key=match.key,
                        target_key=source,
                        score=float(match.score),
                        shared_terms=terms,
                        passages=[[b, a] for a, b in passages],
                    )
        SimilarItem.objects.bulk_create(
            rows.values(),
            update_conflicts=True,
            unique_fields=["source_key", "target_key"],
            update_fields=["score", "shared_terms", "passages", "computed_at"],
            batch_size=1000,
        )
    return Refreshed(items=items, changed=changed, removed=removed, matched=len(sources))


def _store_indexed(items: dict[str, Item], changed: set[str], removed: set[str], now: Any) -> None:
    IndexedText.objects.filter(key__in=removed).delete()
    known = set(IndexedText.objects.values_list("key", flat=True))
    new = [k for k in items if k not in known]
    IndexedText.objects.bulk_create(
        [
            IndexedText(
                key=k,
                kind=items[k].kind,
                object_id=items[k].object_id,
                agreement_id=items[k].agreement_id,
                title=items[k].title[:500],
                digest=items[k].digest,
                indexed_at=now,
            )
            for k in new
        ],
        batch_size=1000,
    )
    for key in changed - set(new):
        item = items[key]
        IndexedText.objects.filter(key=key).update(
            digest=item.digest, title=item.title[:500], agreement_id=item.agreement_id, indexed_at=now
        )


def explanation_json(explanation: Any) -> tuple[list[str], list[list[str]]]:
    """The core's explanation as stored JSON: the shared terms, and pairs of matching passages."""
    if explanation is None:
        return [], []
    terms = [str(t) for t in getattr(explanation, "shared_terms", ())][:12]
    passages: list[list[str]] = []
    for passage in getattr(explanation, "passages", ())[:3]:
        a = getattr(passage, "text_a", None)
        b = getattr(passage, "text_b", None)
        if a is None and isinstance(passage, (tuple, list)) and len(passage) >= 2:
            a, b = passage[0], passage[1]
        if a is not None and b is not None:
            passages.append([str(a)[:600], str(b)[:600]])
    return terms, passages


def pairs_above(limit: float | None = None) -> list[tuple[str, str, float]]:
    """Every pair of indexed texts scoring at least ``limit`` (the threshold by default), best first."""
    refresh()
    with _lock:
        index: SimilarityIndex = _cache["index"]
        found = index.pairs_above(threshold() if limit is None else limit)
    return sorted(((p.key_a, p.key_b, float(p.score)) for p in found), key=lambda p: (-p[2], p[0], p[1]))


def is_pending(key: str, digest: str) -> bool:
    """True while the text on the page is not yet the one whose similar items are stored."""
    return not IndexedText.objects.filter(key=key, digest=digest, indexed_at__isnull=False).exists()
