"""The Finnish texts of the demo portfolio: titles, acronyms, idea and proposal summaries, objectives,
composed from the catalogue's phrases (demo/data). Mixed into the plan builder (demo.generator), whose
random draws they use, so that a seed gives the same texts."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Mapping, Sequence

from demo.catalogue import (
    CITY_BY_KEY,
    CLOSERS,
    IDEA_AIM_FRAMES,
    PROPOSAL_AIM_FRAMES,
    RESULT_FRAMES,
    TARGET_FRAMES,
    TITLE_SUFFIXES,
    TOPICS,
    Topic,
)
from demo.plan import (
    THEME_WEIGHT,
    DemoPlanError,
    OrgPlan,
    PartnerPlan,
    _capitalise,
    _join,
)


class PlanTexts:
    """The builder's texts; the builder holds the random source and what is taken already."""

    rng: random.Random
    orgs: dict[str, OrgPlan]
    topic_uses: Counter[str]
    titles: set[str]
    acronyms: set[str]

    # -- texts -------------------------------------------------------------------------------------------
    def places(self, cities: Sequence[str]) -> dict[str, str]:
        first = CITY_BY_KEY[cities[0]]
        return {
            "paikka": f"{first.genitive} {self.rng.choice(first.districts)}",
            "kaupungeissa": _join([CITY_BY_KEY[c].locative for c in cities]),
            "kaupunkien": _join([CITY_BY_KEY[c].genitive for c in cities]),
            "kaupungissa": first.locative,
        }

    def theme_weight(self, theme: str) -> float:
        """The theme's share of ideas, damped as its topics run out of text variants (three each)."""
        topics = [t for t in TOPICS if t.theme == theme]
        left = sum(max(3 - self.topic_uses[t.key], 0) for t in topics)
        return THEME_WEIGHT[theme] * max(left, 0.5) / (3 * len(topics))

    def pick_topic(self, theme: str) -> Topic:
        topics = [t for t in TOPICS if t.theme == theme]
        least = min(self.topic_uses[t.key] for t in topics)
        topic = self.rng.choice([t for t in topics if self.topic_uses[t.key] == least])
        return topic

    def unique_title(self, base: str, places: Mapping[str, str], *, first_suffix: str = "") -> str:
        suffixes = [first_suffix, *self.rng.sample(TITLE_SUFFIXES, len(TITLE_SUFFIXES))]
        for suffix in suffixes:
            title = base + suffix.format(**places)
            if title not in self.titles:
                self.titles.add(title)
                return title
        for numeral in ("II", "III", "IV", "V", "VI"):
            title = f"{base} {numeral}"
            if title not in self.titles:
                self.titles.add(title)
                return title
        raise DemoPlanError(f"no unique title left for {base!r}")

    def unique_acronym(self, base: str) -> str:
        acronym, n = base, 1
        while acronym in self.acronyms:
            n += 1
            acronym = f"{base}{n}"
        self.acronyms.add(acronym)
        return acronym

    def topic_texts(self, topic: Topic, variant: int, places: Mapping[str, str]) -> dict[str, str]:
        suffix = "" if variant < 2 else self.rng.choice(TITLE_SUFFIXES[3:])
        # Uses 0-2 take the variants in turn; later uses pair them differently (aim i with action i + 1).
        shift = variant // 3
        return {
            "title": self.unique_title(
                topic.titles[variant % len(topic.titles)], places, first_suffix=suffix
            ),
            "aim": topic.aims[variant % 3],
            "action": topic.actions[(variant + shift) % 3].format(**places),
            "result": topic.results[(variant + shift) % 2],
            "target": topic.target,
            "other_aims": " ".join(a for i, a in enumerate(topic.aims) if i != variant % 3),
        }

    def idea_summary(self, texts: Mapping[str, str]) -> str:
        frames = [f for f in IDEA_AIM_FRAMES if "kanssa" not in texts["aim"] or "kanssa" not in f]
        sentences = [self.rng.choice(frames).format(aim=texts["aim"]), texts["action"]]
        ending = self.rng.random()
        if ending < 0.4:
            sentences.append(self.rng.choice(TARGET_FRAMES).format(target=texts["target"]))
        elif ending < 0.8:
            result = texts["result"]
            # an idea promises its result, so not the bare statement frame ("{Result}.")
            frame = self.rng.choice(RESULT_FRAMES[:3])
            sentences.append(frame.format(result=result, Result=_capitalise(result)))
        return " ".join(sentences)

    def partners_sentence(self, partners: Sequence[PartnerPlan]) -> str:
        name = {p.org: self.orgs[p.org].spec.name for p in partners}
        lead = partners[0].org
        others = [name[p.org] for p in partners[1:] if p.role == "partner"]
        associated = [name[p.org] for p in partners[1:] if p.role == "associated"]
        if not others:
            sentence = f"Hankkeen toteuttaa {name[lead]}."
        else:
            form = self.rng.randrange(3)
            if form == 0:
                sentence = f"Hanketta toteuttavat {_join([name[lead], *others])}."
            elif form == 1:
                verb = "osatoteuttajana on" if len(others) == 1 else "osatoteuttajina ovat"
                sentence = f"Päätoteuttajana on {name[lead]}, ja {verb} {_join(others)}."
            else:
                verb = "on" if len(others) == 1 else "ovat"
                sentence = (
                    f"{name[lead]} vastaa hankkeen koordinoinnista, ja mukana {verb} myös {_join(others)}."
                )
        if associated:
            if len(associated) == 1:
                sentence += f" Lisäksi {associated[0]} osallistuu hankkeeseen liitännäiskumppanina."
            else:
                sentence += f" Lisäksi {_join(associated)} osallistuvat hankkeeseen liitännäiskumppaneina."
        return sentence

    def proposal_summary(self, texts: Mapping[str, str], theme: str, partners: Sequence[PartnerPlan]) -> str:
        sentences = [
            self.rng.choice(PROPOSAL_AIM_FRAMES).format(aim=texts["aim"]),
            texts["action"],
            self.partners_sentence(partners),
        ]
        if self.rng.random() < 0.7:
            result = texts["result"]
            sentences.append(self.rng.choice(RESULT_FRAMES).format(result=result, Result=_capitalise(result)))
        else:
            sentences.append(self.rng.choice(CLOSERS[theme]))
        return " ".join(sentences)

    def objectives(self, topic: Topic, variant: int) -> str:
        aims = [a for i, a in enumerate(topic.aims) if i != variant % 3]
        lines = [f"– {_capitalise(aim)}." for aim in aims]
        lines.append(f"– Varmistaa, että {topic.results[(variant + 1) % 2]}.")
        return "\n".join(lines)
