"""Why two texts are similar, in terms a person reads: the key terms they share and the matching passages,
as character spans on both sides for highlighting."""

from __future__ import annotations

from dataclasses import dataclass

from .text import Token, is_number, stem, tokens, word_ngrams

# Words that carry no topic in Finnish, Swedish and English: never shown as a shared term.
STOPWORDS = frozenset(
    """
    ja tai sekä että on ovat oli olivat ei eikä se ne sen niiden jonka jotka joka mikä mitä kun kuin
    myös vain jo niin sitten nyt sillä siitä tämä tämän nämä näiden hän he me te minä sinä olla ollut
    mutta kuten jos koska vaan yli alle kanssa ilman ennen jälkeen mukaan aikana osana sekä
    och att det som en ett är var för på med av till från den de om inte eller men så också har
    the a an and or of to in on for with by from at as is are was were be been that this these those
    it its not but also into than then their there which who what
    """.split()  # noqa: SIM905
)

#: Two different words match when their character n-gram sets overlap this much (Dice coefficient).
WORD_MATCH = 0.6
#: A word of at least this many letters found inside a compound of the other side also matches.
COMPOUND_PART = 5


@dataclass(frozen=True)
class Explanation:
    """Shared key terms (as written in the first text, longest first), the matched words' character spans
    in each text (start, end; merged where adjacent), and the matching passages as (text_a, text_b)."""

    shared_terms: tuple[str, ...]
    spans_a: tuple[tuple[int, int], ...]
    spans_b: tuple[tuple[int, int], ...]
    passages: tuple[tuple[str, str], ...]


def _content(token: Token) -> bool:
    return token.word not in STOPWORDS and (len(token.word) > 2 or is_number(token.word))


def _trigrams(word: str) -> set[str]:
    return {word[i : i + 3] for i in range(len(word) - 2)}


def _dice(a: str, b: str) -> float:
    grams_a, grams_b = set(word_ngrams(a)), set(word_ngrams(b))
    if not grams_a or not grams_b:
        return 0.0
    return 2 * len(grams_a & grams_b) / (len(grams_a) + len(grams_b))


def _words_match(a: str, b: str) -> bool:
    if a == b or stem(a) == stem(b):
        return True
    if is_number(a) or is_number(b):
        return False
    if _dice(a, b) >= WORD_MATCH:
        return True
    stem_a, stem_b = stem(a), stem(b)
    prefix = next(
        (i for i, (x, y) in enumerate(zip(stem_a, stem_b, strict=False)) if x != y),
        min(len(stem_a), len(stem_b)),
    )
    if prefix >= COMPOUND_PART and prefix >= 0.7 * min(len(stem_a), len(stem_b)):
        return True  # the same word inflected beyond what the stemmer strips
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    part = stem(shorter)
    return len(part) >= COMPOUND_PART and part in longer


def _merge(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Merge spans separated only by spaces or punctuation."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and not any(ch.isalnum() for ch in text[merged[-1][1] : start]):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def explain(text_a: str, text_b: str, *, max_terms: int = 12, max_words: int = 400) -> Explanation:
    """The explanation of the similarity of two texts (only their first ``max_words`` words are read)."""
    words_a = [t for t in tokens(text_a)[:max_words] if _content(t)]
    words_b = [t for t in tokens(text_b)[:max_words] if _content(t)]
    by_word_b: dict[str, list[Token]] = {}
    for token in words_b:
        by_word_b.setdefault(token.word, []).append(token)
    matched_a: list[Token] = []
    matched_b: dict[tuple[int, int], Token] = {}
    verdict: dict[str, list[str]] = {}
    # every rule below implies a shared inner trigram, so only words sharing one are compared
    by_trigram: dict[str, set[str]] = {}
    for word in by_word_b:
        for gram in _trigrams(word):
            by_trigram.setdefault(gram, set()).add(word)
    for token in words_a:
        if token.word not in verdict:
            near = {w for gram in _trigrams(token.word) for w in by_trigram.get(gram, ())}
            if token.word in by_word_b:
                near.add(token.word)
            near.update(w for w in by_word_b if stem(w) == stem(token.word))
            verdict[token.word] = sorted(w for w in near if _words_match(token.word, w))
        partners = verdict[token.word]
        if partners:
            matched_a.append(token)
            for word in partners:
                for other in by_word_b[word]:
                    matched_b[(other.start, other.end)] = other
    terms: list[str] = []
    seen: set[str] = set()
    for token in sorted(matched_a, key=lambda t: (-len(t.word), t.start)):
        key = stem(token.word)
        if key not in seen:
            seen.add(key)
            terms.append(text_a[token.start : token.end])
    spans_a = _merge([(t.start, t.end) for t in matched_a], text_a)
    spans_b = _merge(list(matched_b), text_b)
    passages = _passages(text_a, text_b, spans_a, spans_b, matched_a, verdict, list(matched_b.values()))
    return Explanation(tuple(terms[:max_terms]), tuple(spans_a), tuple(spans_b), passages)


def _passages(
    text_a: str,
    text_b: str,
    spans_a: list[tuple[int, int]],
    spans_b: list[tuple[int, int]],
    matched_a: list[Token],
    verdict: dict[str, list[str]],
    matched_b: list[Token],
) -> tuple[tuple[str, str], ...]:
    """Each run of at least two matched words in text A with the run in text B that holds most of their
    partners; the longest runs first."""
    out: list[tuple[int, str, str]] = []
    for start, end in spans_a:
        inside = [t for t in matched_a if start <= t.start and t.end <= end]
        if len(inside) < 2:
            continue
        partner_words = {w for t in inside for w in verdict[t.word]}
        best: tuple[int, int] | None = None
        best_count = 0
        for b_start, b_end in spans_b:
            count = sum(
                1 for t in matched_b if b_start <= t.start and t.end <= b_end and t.word in partner_words
            )
            if count > best_count:
                best, best_count = (b_start, b_end), count
        if best is not None:
            out.append((end - start, text_a[start:end], text_b[best[0] : best[1]]))
    out.sort(key=lambda item: -item[0])
    return tuple((a, b) for _, a, b in out[:5])
