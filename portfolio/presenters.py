"""A scenario's result arranged for reading, in the reader's language: the status in words, the chosen
and the rejected proposals with the explanation of each, the rules that bind, the next-best portfolios
and the core indices. The numbers come from the result document as the core computed them."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from partners.models import Organisation
from pipeline.models import Proposal
from portfolio.models import Scenario, ScenarioStatus
from portfolio.names import theme_names
from programme.vocabulary import fund_label
from web.templatetags.salkku import eur as fmt_eur
from web.templatetags.salkku import percent as fmt_percent


def _dec(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _score(value: Any) -> str:
    return "–" if value in (None, "") else formats.number_format(Decimal(str(value)), 3)


def _share(value: Any) -> str:
    return "–" if value in (None, "") else str(fmt_percent(Decimal(str(value))))


@dataclass
class Row:
    id: str
    name: str
    theme: str = ""
    money: Decimal | None = None
    score: str = ""
    start: int | None = None
    planned_start: int | None = None
    funded: bool = False
    lock: str = ""  # "in", "out" or ""
    proposal_pk: int | None = None
    text: str = ""
    core_index: Decimal | None = None
    core_class: str = ""


@dataclass
class View:
    headline: str = ""
    proven: bool = False
    score: str = ""
    bound: str = ""
    gap: str = ""
    greedy: str = ""
    greedy_ratio: str = ""
    frame_money: Decimal | None = None
    total_frame: Decimal | None = None
    selected: list[Row] = field(default_factory=list)
    rejected: list[Row] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    slack_rules: list[str] = field(default_factory=list)
    next_best: list[dict[str, Any]] = field(default_factory=list)
    robust: list[Row] = field(default_factory=list)
    robust_note: str = ""
    robust_method: str = ""
    robust_count: int = 0
    shares: list[tuple[str, list[dict[str, Any]]]] = field(default_factory=list)
    left_out: list[tuple[int, str, str]] = field(default_factory=list)


def _frame_key(key: str) -> str:
    """A frame's key "ERDF 2027" as the reader names the fund: "EAKR 2027", "ERUF 2027"."""
    fund, _sep, year = key.partition(" ")
    return f"{fund_label(fund)} {year}".strip()


def group_label(group: str) -> str:
    """Every rule of one kind that only blocks together ("frame ERDF": the fund's annual frames)."""
    kind, _sep, fund = group.partition(" ")
    if kind == "frame":
        return _("the annual frames of %(fund)s") % {"fund": fund_label(fund)}
    names = {
        "theme_min": _("the themes' minimum shares"),
        "theme_max": _("the themes' maximum shares"),
        "city_min": _("the cities' minimum shares"),
        "city_max": _("the cities' maximum shares"),
        "org_max": _("the organisations' maximum shares"),
        "exclusive": _("the groups of which at most one is chosen"),
        "requires": _("the dependencies"),
        "must_in": _("the proposals locked in"),
        "funded": _("the projects already funded"),
    }
    return names.get(kind, group)


def rule_label(kind: str, key: str, names: dict[str, str]) -> str:
    """A rule of the optimiser in the reader's language, with its theme, city or fund by name."""
    if kind == "group":
        return group_label(key)
    name = _frame_key(key) if kind == "frame" else names.get(key, key)
    labels = {
        "frame": _("the frame of %(key)s"),
        "theme_min": _("the minimum share of theme %(key)s"),
        "theme_max": _("the maximum share of theme %(key)s"),
        "city_min": _("the minimum share of %(key)s"),
        "city_max": _("the maximum share of %(key)s"),
        "org_max": _("the maximum share of organisation %(key)s"),
        "must_in": _("%(key)s locked in"),
        "must_out": _("%(key)s locked out"),
        "funded": _("%(key)s already funded"),
        "exclusive": _("at most one of group %(key)s"),
        "requires": _("the dependency %(key)s"),
    }
    return labels.get(kind, "%(key)s") % {"key": name}


def present(scenario: Scenario) -> View:
    view = View()
    problem = scenario.problem or {}
    names = {c["id"]: c.get("name") or c["id"] for c in problem.get("candidates", [])}
    themes = theme_names(scenario.agreement_id, problem)
    labels = {**{t["id"]: themes[t["id"]] for t in problem.get("themes", [])}}
    labels.update({c["id"]: c.get("name") or c["id"] for c in problem.get("cities", [])})
    rules = problem.get("rules", {})
    must_in, must_out = set(rules.get("must_in", [])), set(rules.get("must_out", []))
    proposal_pks = scenario.proposal_ids or {}
    total_frame = sum(
        (Decimal(str(v)) for by_year in (problem.get("frames") or {}).values() for v in by_year.values()),
        Decimal(0),
    )
    view.total_frame = total_frame
    titles = dict(
        Proposal.objects.filter(pk__in=[pk for pk, _reason in scenario.left_out or []]).values_list(
            "pk", "title"
        )
    )
    for pk, reason in scenario.left_out or []:
        view.left_out.append((pk, titles.get(pk, str(pk)), reason))
    result = scenario.result
    if scenario.status != ScenarioStatus.DONE or not result:
        return view
    status = result.get("status")
    view.proven = bool(result.get("proven_optimal"))
    view.score = _score(result.get("score"))
    view.bound = _score(result.get("bound"))
    if status == "optimal":
        view.headline = _("Proven optimal: no portfolio that keeps every rule scores higher.")
    elif status == "time_limit":
        gap = result.get("gap")
        view.gap = "–" if gap is None else formats.number_format(Decimal(str(gap * 100)), 3) + " %"
        view.headline = _(
            "Not proven optimal: the time limit stopped the search. No portfolio can score more than %(bound)s "
            "(the best found scores %(score)s; gap %(gap)s)."
        ) % {"bound": view.bound, "score": view.score, "gap": view.gap}
        if result.get("solver_overran"):
            view.headline = _(
                "Not proven optimal: the solver did not stop at the time limit and was left behind. The best "
                "portfolio it had reported is shown (it scores %(score)s; it keeps every rule)."
            ) % {"score": view.score}
    elif status == "infeasible":
        view.headline = _("No portfolio satisfies every rule together. Loosen a rule or unlock a proposal.")
    else:
        view.headline = _("The time limit stopped the search before any portfolio was found.")
    greedy = _dec(result.get("greedy_score"))
    score = _dec(result.get("score"))
    if greedy is not None:
        view.greedy = _score(greedy)
        if greedy > 0 and score is not None:
            view.greedy_ratio = formats.number_format(score / greedy, 3)
    view.frame_money = _dec(result.get("frame_money"))
    chosen = set()
    for p in result.get("selected", []) or []:
        chosen.add(p["id"])
        view.selected.append(
            Row(
                id=p["id"],
                name=p.get("name") or names.get(p["id"], ""),
                theme=themes.get(p.get("theme", ""), p.get("theme", "")),
                money=_dec(p.get("frame_money")),
                score=_score(p.get("score")),
                start=p.get("start"),
                planned_start=p.get("planned_start"),
                funded=bool(p.get("funded")),
                lock="in" if p["id"] in must_in else "",
                proposal_pk=proposal_pks.get(p["id"]),
            )
        )
    view.selected.sort(key=lambda r: (r.funded, r.theme, r.id))
    explained = {r["id"]: r for r in result.get("rejected", []) or []}
    for cand in problem.get("candidates", []):
        cid = cand["id"]
        if cid in chosen or cand.get("funded"):
            continue
        view.rejected.append(
            Row(
                id=cid,
                name=cand.get("name") or cid,
                theme=themes.get(cand.get("theme", ""), cand.get("theme", "")),
                lock="out" if cid in must_out else "",
                proposal_pk=proposal_pks.get(cid),
                text=bring_in_text(explained.get(cid), labels),
            )
        )
    for effect in result.get("rules", []) or []:
        label = rule_label(effect["rule"], effect["key"], labels)
        gain = _dec(effect.get("gain"))
        if gain is None:
            continue
        if effect.get("binds"):
            how = relaxation_text(effect)
            view.rules.append(
                _("%(rule)s binds: %(how)s would raise the score by %(gain)s")
                % {"rule": label, "how": how, "gain": _score(gain)}
            )
        else:
            view.slack_rules.append(label)
    for alt in result.get("next_best", []) or []:
        view.next_best.append(
            {
                "rank": alt["rank"],
                "score": _score(alt.get("score")),
                "loss": _score(alt.get("loss")),
                "added": alt.get("added", []),
                "removed": alt.get("removed", []),
            }
        )
    rob = result.get("robust")
    if rob:
        view.robust_method = rob.get("method", "")
        view.robust_note = rob.get("note", "")
        view.robust_count = len(rob.get("portfolios", []))
        for cid, entry in (rob.get("core_index") or {}).items():
            if cid in names and not any(
                c["id"] == cid and c.get("funded") for c in problem.get("candidates", [])
            ):
                view.robust.append(
                    Row(
                        id=cid,
                        name=names[cid],
                        core_index=_dec(entry.get("value")),
                        core_class=entry.get("class", ""),
                        proposal_pk=proposal_pks.get(cid),
                    )
                )
        view.robust.sort(key=lambda r: (-(r.core_index or 0), r.id))
    lead_ids = [u["id"] for u in result.get("leads", []) or [] if str(u["id"]).isdigit()]
    labels.update(
        {str(pk): name for pk, name in Organisation.objects.filter(pk__in=lead_ids).values_list("pk", "name")}
    )
    for part, title in (("themes", _("Themes")), ("cities", _("Cities")), ("leads", _("Lead organisations"))):
        rows = []
        for use in result.get(part, []) or []:
            rows.append(
                {
                    "name": labels.get(use["id"], use["id"]),
                    "money": _dec(use.get("money")),
                    "share": _share(use.get("share")),
                    "min": _share(use.get("min_share")) if use.get("min_share") else "",
                    "max": _share(use.get("max_share")) if use.get("max_share") else "",
                }
            )
        if part == "leads":
            rows = sorted(rows, key=lambda r: -(r["money"] or 0))[:10]
        view.shares.append((title, rows))
    return view


def relaxation_text(effect: dict[str, Any]) -> str:
    """What relaxing a binding rule means: removing it, or a frame's extra money in the reader's format
    (a result stored before the money came as a number keeps the core's Finnish-formatted text)."""
    if effect.get("relaxation") == "removed":
        return _("removing it")
    money = _dec(effect.get("relaxation_money"))
    what = "+" + fmt_eur(money) if money is not None else effect.get("relaxation")
    return _("%(what)s more money") % {"what": what}


def bring_in_text(entry: dict[str, Any] | None, labels: dict[str, str]) -> str:
    """How the rejected proposal could come in, in words (or why it cannot)."""
    if entry is None:
        return _("Not examined (only the highest-scoring rejected proposals are).")
    status = entry.get("status")
    if status == "impossible":
        # A result of this version names the rules structurally; an older stored one only in English.
        blocking = [rule_label(r["rule"], r["key"], labels) for r in entry.get("blocking_rules", [])]
        if blocking or entry.get("blocking"):
            return _("Cannot be in under these rules; it would be possible without: %(rules)s") % {
                "rules": "; ".join(blocking or entry["blocking"])
            }
        return _("Cannot be in under these rules.")
    if status == "not_evaluated":
        return _("Not examined within the time given.")
    if status == "tie":
        return _("In an equally good portfolio (no score lost).")
    text = _("Could be in at a score loss of %(loss)s") % {"loss": _score(entry.get("loss"))}
    if entry.get("displaces"):
        text += _(", in instead of %(ids)s") % {"ids": ", ".join(entry["displaces"])}
    if entry.get("brings"):
        text += _(" (bringing in %(ids)s)") % {"ids": ", ".join(entry["brings"])}
    for cap in entry.get("caps", []):
        text += _("; it would be in if %(rule)s were %(needed)s (now %(current)s)") % {
            "rule": rule_label(cap["rule"], cap["key"], labels),
            "needed": _share(cap.get("needed")),
            "current": _share(cap.get("current")),
        }
    return text + "."
