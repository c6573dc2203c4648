"""Which of Finnish, Swedish and English a short text someone typed is written in, or None when that is
not clear. Pages mark such text with its own ``lang`` when it differs from the page's (WCAG 2.1, 3.1.2:
a Finnish summary on a Swedish page is read out and hyphenated by the Finnish rules).

The guess weighs each language's own function words and its own spellings (Finnish double vowels, case
endings and vowel harmony, Swedish å and its endings, English "th", "w" and its endings) and answers only
when one language leads clearly; names, codes and numbers alone give no answer. Measured on real lists in
``benchmarks/language.py``.
"""

from __future__ import annotations

import re
from typing import Literal

Language = Literal["fi", "sv", "en"]

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

_FUNCTION_WORDS: dict[Language, frozenset[str]] = {
    "fi": frozenset(
        """ja tai sekä että on ovat oli ei se ne sen jonka jotka joka kun kuin myös vain jo niin nyt
        tämä tämän nämä olla mutta kuten jos koska kanssa ilman ennen jälkeen mukaan aikana osana
        uusia uusien uuden uusi hanke hankkeen hankkeessa kehittäminen kehittämisen avulla välillä
        alueen alueella kautta""".split()  # noqa: SIM905
    ),
    "sv": frozenset(
        """och att det som en ett är var för på med av till från den de om inte eller men så också har
        hur nya nytt ny inom genom mellan vid under efter utan samt projekt projektet utveckling
        utvecklingen""".split()  # noqa: SIM905
    ),
    "en": frozenset(
        """the a an and or of to in on for with by from at as is are was were be been that this these
        those it its not but also into than their which who new project development through between
        within under after without""".split()  # noqa: SIM905
    ),
}

_ENDINGS: dict[Language, tuple[str, ...]] = {
    "fi": (
        "ssa",
        "ssä",
        "sta",
        "stä",
        "lla",
        "llä",
        "lta",
        "ltä",
        "lle",
        "nen",
        "sen",
        "iden",
        "jen",
        "minen",
        "misen",
        "uus",
        "yys",
        "ksi",
        "tta",
        "ttä",
        "ien",
        "ista",
        "istä",
        "inen",
        "oiden",
        "lö",
        "ssä",
        "een",
        "aan",
        "ään",
        "ita",
        "itä",
        "ja",
        "jä",
        "ia",
        "iä",
    ),
    "sv": (
        "ning",
        "ningen",
        "het",
        "heten",
        "erna",
        "arna",
        "orna",
        "ande",
        "ende",
        "ligt",
        "lig",
        "iska",
        "skt",
    ),
    "en": ("ing", "tion", "tions", "ment", "ments", "ness", "ity", "ies", "ed", "ly", "ship", "ance", "ence"),
}
_FI_DOUBLE = re.compile(r"(aa|ee|ii|oo|uu|yy|ää|öö)")


def _word_scores(word: str) -> dict[Language, float]:
    scores: dict[Language, float] = {"fi": 0.0, "sv": 0.0, "en": 0.0}
    for lang, words in _FUNCTION_WORDS.items():
        if word in words:
            scores[lang] += 2.0
    if "å" in word:
        scores["sv"] += 3.0
    if "ä" in word or "ö" in word:
        # Swedish has ä and ö too, Finnish far more often and with y or a double vowel beside them
        scores["fi"] += 1.0
        scores["sv"] += 0.4
    if len(word) >= 4:
        if _FI_DOUBLE.search(word):
            scores["fi"] += 1.0
        if "y" in word and ("ä" in word or "ö" in word):
            scores["fi"] += 1.0
        if "th" in word or "w" in word:
            scores["en"] += 1.0
        if word.endswith(("ck", "sh", "ght", "ph")) or "ough" in word:
            scores["en"] += 1.0
        for lang, endings in _ENDINGS.items():
            if word.endswith(endings):
                scores[lang] += 1.0
        if re.search(r"[bcfgqxz]", word):
            # rare in Finnish words of its own
            scores["sv"] += 0.3
            scores["en"] += 0.3
    return scores


def guess_language(text: str, *, margin: float = 2.0) -> Language | None:
    """The language of ``text`` when one of the three leads by ``margin`` points and twice the next
    one's evidence; else None (too short, only names or codes, or mixed)."""
    totals: dict[Language, float] = {"fi": 0.0, "sv": 0.0, "en": 0.0}
    for match in _WORD.finditer(text[:2000].lower()):
        word = match.group(0)
        if len(word) < 2:
            continue
        for lang, score in _word_scores(word).items():
            totals[lang] += score
    ranked = sorted(totals.items(), key=lambda item: item[1], reverse=True)
    (best, first), (_, second) = ranked[0], ranked[1]
    if first - second >= margin and first >= 2 * second:
        return best
    return None
