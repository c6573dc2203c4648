"""The search box in the header: one service, two full-text backends (SQLite FTS5, PostgreSQL).

Every idea, proposal, project, organisation, contact person, test environment and historical EURA project
has one ``SearchEntry``: its kind, id, title and the words it is found by (``cores.search.document``). The
entry is written when the object is saved (``connect``: post_save/post_delete signals, and the EURA import's
``projects_imported``) and all of them again by ``salkku search rebuild`` (after a restore, or a bulk load
such as the demo data).

The index over the words is the database's own full-text index, so it stays in the same transaction as the
data and needs no server of its own:

- **SQLite** (the embedded default): an FTS5 table over the entries' words and kinds, kept in step by triggers, asked once per kind;
- **PostgreSQL** (production): a generated ``tsvector`` column (the ``simple`` configuration: no
  language's stemming, the words as ``cores.search`` wrote them) with a GIN index.

Both are asked the same thing, built by ``cores.search.query``: every query word as one or more prefixes
(``energiatehok*``), all words required; both backends use an inverted index for prefixes, so a query
reads the matching entries only (see benchmarks/search). Stemming is done in Python, once, for both: the
same query finds the same entries on either database.

Who may see a hit is decided from the object itself, with the same querysets the pages use
(``visible_to``, ``ecosystem.access``): the index gives the best-ranked candidates of each kind, and only
those the user may open are shown. A draft proposal is never shown to a user who may not open it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.db.models import Model, QuerySet
from django.urls import reverse

from cores import search as core
from ecosystem.access import persons_for, test_environments_for
from ecosystem.models import SearchEntry, SearchKind
from partners.models import Organisation, Person, TestEnvironment
from pipeline.models import Idea, Proposal
from projects.models import Project

if TYPE_CHECKING:
    from accounts.models import User

#: The best-ranked candidates of each kind that are checked for visibility; the page shows ``SHOWN``.
CANDIDATES = 500
SHOWN = 20
#: The shortest query that is searched for (characters, spaces ignored).
MIN_QUERY = 2


# --- what is indexed -------------------------------------------------------------------------------


def _join(*parts: Any) -> str:
    return " ".join(str(p) for p in parts if p)


def entry_of(obj: Model) -> tuple[str, str, str] | None:
    """The kind, title and indexed words of an object, or None for a model that is not searched."""
    if isinstance(obj, Project):
        kind = SearchKind.HISTORY if obj.is_historical else SearchKind.PROJECT
        lead = obj.lead.name if obj.lead_id else ""
        title = _join(obj.code, obj.name) if obj.code else obj.name
        return kind, title, core.document(obj.code or "", obj.name, obj.summary, lead)
    if isinstance(obj, Proposal):
        title = _join(obj.acronym + ":" if obj.acronym else "", obj.title)
        return SearchKind.PROPOSAL, title, core.document(obj.acronym, obj.title, obj.summary, obj.objectives)
    if isinstance(obj, Idea):
        org = obj.organisation.name if obj.organisation_id else ""
        return SearchKind.IDEA, obj.title, core.document(obj.title, obj.summary, org)
    if isinstance(obj, Organisation):
        names = (obj.name, obj.name_sv, obj.name_en)
        return (
            SearchKind.ORGANISATION,
            obj.name,
            core.document(*names, obj.business_id, obj.municipality),
        )
    if isinstance(obj, Person):
        org = obj.organisation.name if obj.organisation_id else ""
        title = _join(obj.first_name, obj.last_name)
        return SearchKind.PERSON, title, core.document(obj.first_name, obj.last_name, obj.title, org)
    if isinstance(obj, TestEnvironment):
        owner = obj.owner.name if obj.owner_id else ""
        city = obj.city.name if obj.city_id and obj.city else ""
        return (
            SearchKind.TEST_ENVIRONMENT,
            obj.name,
            core.document(obj.name, obj.description, obj.capacity, owner, city),
        )
    return None


SEARCHED: tuple[type[Model], ...] = (Project, Proposal, Idea, Organisation, Person, TestEnvironment)


def index(obj: Model) -> None:
    """Write (or rewrite) the object's entry; a project that became historical changes kind."""
    made = entry_of(obj)
    if made is None:
        return
    kind, title, words = made
    with transaction.atomic():
        if isinstance(obj, Project):
            other = SearchKind.PROJECT if kind == SearchKind.HISTORY else SearchKind.HISTORY
            SearchEntry.objects.filter(kind=other, object_id=obj.pk).delete()
        SearchEntry.objects.update_or_create(
            kind=kind, object_id=obj.pk, defaults={"title": title[:500], "document": words}
        )


def remove(obj: Model) -> None:
    kinds: list[str] | None = [SearchKind.PROJECT, SearchKind.HISTORY] if isinstance(obj, Project) else None
    made = entry_of(obj)
    if kinds is None and made is not None:
        kinds = [made[0]]
    if kinds:
        SearchEntry.objects.filter(kind__in=kinds, object_id=obj.pk).delete()


def _querysets() -> list[QuerySet[Any]]:
    return [
        Project.objects.select_related("lead"),
        Proposal.objects.all(),
        Idea.objects.select_related("organisation"),
        Organisation.objects.all(),
        Person.objects.select_related("organisation"),
        TestEnvironment.objects.select_related("owner", "city"),
    ]


def rebuild(batch_size: int = 2000) -> dict[str, int]:
    """Every entry again from the data, in one transaction; returns how many of each kind."""
    counts: dict[str, int] = {}
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        for qs in _querysets():
            batch: list[SearchEntry] = []
            for obj in qs.iterator(chunk_size=batch_size):
                made = entry_of(obj)
                if made is None:
                    continue
                kind, title, words = made
                counts[kind] = counts.get(kind, 0) + 1
                batch.append(SearchEntry(kind=kind, object_id=obj.pk, title=title[:500], document=words))
                if len(batch) >= batch_size:
                    SearchEntry.objects.bulk_create(batch)
                    batch = []
            SearchEntry.objects.bulk_create(batch)
    return counts


def reindex_imported() -> None:
    """After an import of EURA projects in bulk (no post_save): the historical projects and the
    organisations (an import creates lead organisations in bulk too) are indexed again."""
    with transaction.atomic():
        SearchEntry.objects.filter(kind__in=[SearchKind.HISTORY, SearchKind.ORGANISATION]).delete()
        batch = []
        querysets: list[QuerySet[Any]] = [
            Project.objects.historical().select_related("lead"),
            Organisation.objects.all(),
        ]
        for qs in querysets:
            for obj in qs.iterator(chunk_size=2000):
                made = entry_of(obj)
                if made is not None:
                    kind, title, words = made
                    batch.append(SearchEntry(kind=kind, object_id=obj.pk, title=title[:500], document=words))
        SearchEntry.objects.bulk_create(batch, batch_size=2000)


# --- the two backends -------------------------------------------------------------------------------


def fts5_expression(wanted: list[tuple[str, ...]]) -> str:
    """The FTS5 MATCH expression: each word's prefixes OR'ed, the words AND'ed (prefixes are alphanumeric)."""
    return " AND ".join("(" + " OR ".join(f'"{p}"*' for p in alts) + ")" for alts in wanted)


def fts5_kind_expression(kind: str, wanted: list[tuple[str, ...]]) -> str:
    """The FTS5 expression for the entries of one kind: the words in the document column only (a query
    word such as "history" never matches the kind column). A kind is one of ``SearchKind``'s values."""
    return f'kind : "{SearchKind(kind).value}" AND document : ({fts5_expression(wanted)})'


def tsquery_expression(wanted: list[tuple[str, ...]]) -> str:
    """The same for PostgreSQL's to_tsquery."""
    return " & ".join("(" + " | ".join(f"{p}:*" for p in alts) + ")" for alts in wanted)


#: On SQLite, a query that matches more entries of one kind than this ranks the newest this many of them
#: (by entry id): BM25 needs every ranked row's positions, and ranking 70,000 matches of a very common
#: word was what made such queries slower than a plain scan (docs/search.md, benchmarks/search).
RANKED = 2000

# One kind: FTS5 walks the matches newest first and stops after ``RANKED`` (no rank is computed for the
# rest), ranks those and keeps the best; the entries are read for the kept rows only.
_SQLITE = """
SELECT e.object_id FROM (
    SELECT rowid AS id, rank AS r FROM ecosystem_search_fts WHERE ecosystem_search_fts MATCH %s
    ORDER BY rowid DESC LIMIT %s
) AS f JOIN ecosystem_searchentry AS e ON e.id = f.id
ORDER BY f.r, f.id LIMIT %s
"""

_POSTGRES = """
SELECT kind, object_id FROM (
    SELECT e.kind AS kind, e.object_id AS object_id,
           row_number() OVER (PARTITION BY e.kind ORDER BY ts_rank(e.search_vector, q) DESC, e.id) AS n
    FROM ecosystem_searchentry AS e, to_tsquery('simple', %s) AS q
    WHERE e.search_vector @@ q
) AS ranked WHERE n <= %s ORDER BY kind, n
"""


def candidates(text: str, limit: int = CANDIDATES) -> dict[str, list[int]]:
    """The best-ranked ids of each kind for a query (no visibility yet): the backend's part."""
    wanted = core.query(text)
    if not wanted:
        return {}
    found: dict[str, list[int]] = {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_POSTGRES, [tsquery_expression(wanted), limit])
            for kind, object_id in cursor.fetchall():
                found.setdefault(kind, []).append(int(object_id))
        elif connection.vendor == "sqlite":
            for kind in SearchKind.values:
                cursor.execute(_SQLITE, [fts5_kind_expression(kind, wanted), max(limit, RANKED), limit])
                ids = [int(object_id) for (object_id,) in cursor.fetchall()]
                if ids:
                    found[kind] = ids
        else:  # pragma: no cover - the settings allow only these two
            raise NotImplementedError(connection.vendor)
    return found


# --- the service the page calls ---------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    title: str
    url: str
    detail: str = ""


@dataclass
class Group:
    kind: str
    label: str
    hits: list[Hit] = field(default_factory=list)
    more: bool = False  # more hits than are shown


# What a hit shows of a related object (fetched for the shown hits only).
_RELATED: dict[str, tuple[str, ...]] = {
    SearchKind.PROJECT: ("lead",),
    SearchKind.HISTORY: ("lead",),
    SearchKind.IDEA: ("organisation",),
    SearchKind.PERSON: ("organisation",),
    SearchKind.TEST_ENVIRONMENT: ("city",),
}


def _visible(kind: str, user: User) -> QuerySet[Any]:
    """What the user may open of a kind: the same querysets as the pages (deny by default)."""
    if kind == SearchKind.PROJECT:
        return Project.objects.visible_to(user).filter(is_historical=False)
    if kind == SearchKind.HISTORY:
        return Project.objects.visible_to(user).filter(is_historical=True)
    if kind == SearchKind.PROPOSAL:
        return Proposal.objects.visible_to(user)
    if kind == SearchKind.IDEA:
        return Idea.objects.visible_to(user)
    if kind == SearchKind.ORGANISATION:
        return Organisation.objects.all() if user.is_authenticated else Organisation.objects.none()
    if kind == SearchKind.PERSON:
        return persons_for(user)
    if kind == SearchKind.TEST_ENVIRONMENT:
        return test_environments_for(user)
    raise ValueError(kind)


def _hit(kind: str, obj: Any) -> Hit:
    if kind in (SearchKind.PROJECT, SearchKind.HISTORY):
        title = f"{obj.code} {obj.name}" if obj.code else obj.name
        years = "–".join(str(d.year) for d in (obj.start_date, obj.end_date) if d)
        lead = obj.lead.name if obj.lead_id else ""
        return Hit(title, reverse("projects:project_detail", args=[obj.pk]), _join(lead, years))
    if kind == SearchKind.PROPOSAL:
        title = f"{obj.acronym}: {obj.title}" if obj.acronym else obj.title
        return Hit(title, reverse("pipeline:proposal_detail", args=[obj.pk]), obj.get_status_display())
    if kind == SearchKind.IDEA:
        return Hit(obj.title, reverse("pipeline:idea_detail", args=[obj.pk]), obj.organisation.name)
    if kind == SearchKind.ORGANISATION:
        return Hit(obj.name, reverse("partners:organisation_detail", args=[obj.pk]), obj.get_kind_display())
    if kind == SearchKind.PERSON:
        url = reverse("partners:organisation_detail", args=[obj.organisation_id])
        return Hit(str(obj), url, _join(obj.title, obj.organisation.name))
    if kind == SearchKind.TEST_ENVIRONMENT:
        city = obj.city.name if obj.city_id and obj.city else ""
        return Hit(obj.name, reverse("ecosystem:environment_detail", args=[obj.pk]), city)
    raise ValueError(kind)


def search(user: User, text: str, shown: int = SHOWN) -> list[Group]:
    """The hits the user may see, grouped by kind (in ``SearchKind`` order), best first in each group."""
    if len("".join(text.split())) < MIN_QUERY or not user.is_authenticated:
        return []
    found = candidates(text)
    groups: list[Group] = []
    for kind, label in SearchKind.choices:
        ids = found.get(kind)
        if not ids:
            continue
        visible = _visible(kind, user)
        allowed = set(visible.filter(pk__in=ids).values_list("pk", flat=True))
        ranked = [i for i in ids if i in allowed]
        if not ranked:
            continue
        objects = visible.model._default_manager.filter(pk__in=ranked[:shown])
        by_pk = {o.pk: o for o in objects.select_related(*_RELATED.get(kind, ()))}
        hits = [_hit(kind, by_pk[i]) for i in ranked[:shown] if i in by_pk]
        groups.append(Group(kind, str(label), hits, more=len(ranked) > shown))
    return groups


# --- keeping the index in step ----------------------------------------------------------------------


def _saved(sender: Any, instance: Model, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    index(instance)


def _deleted(sender: Any, instance: Model, **kwargs: Any) -> None:
    remove(instance)


def _imported(sender: Any, **kwargs: Any) -> None:
    reindex_imported()


def connect(models: Iterable[type[Model]] = SEARCHED) -> None:
    from django.db.models.signals import post_delete, post_save

    from projects.signals import projects_imported

    projects_imported.connect(_imported, dispatch_uid="search-imported")
    for model in models:
        post_save.connect(_saved, sender=model, dispatch_uid=f"search-save-{model._meta.label}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"search-delete-{model._meta.label}")
