"""The similarity core (cores.similarity): plain Python, no database.

The index is checked against a brute-force reference written with plain dictionaries: the same features,
weights and cosines computed pair by pair, with no sparse matrices, no pruning and no incremental state.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cores.similarity import (
    DEFAULT_THRESHOLD,
    MAX_CHARS,
    Explanation,
    SimilarityError,
    SimilarityIndex,
    explain,
    score_pairs,
)
from cores.similarity.pairs import (
    FEATURE_NAMES,
    PREFIX_LETTERS,
    analyse,
    corpus_features,
    has_digit,
    model,
)
from cores.similarity.text import features, tokens
from cores.similarity.weights import BLOCK_WEIGHTS, BLOCKS

WORDS = [
    "energiatehokkuus",
    "energiatehokkuuden",
    "energiatehokkaiden",
    "yritysten",
    "yrityksissä",
    "pk-yritysten",
    "nuorten",
    "työllisyys",
    "työllistymisen",
    "kehittäminen",
    "hanke",
    "hankkeessa",
    "digitalisaatio",
    "kiertotalous",
    "kiertotalouden",
    "Helsinki",
    "Espoossa",
    "Vantaalla",
    "2021",
    "2027",
    "och",
    "utveckling",
    "företag",
    "energy",
    "efficiency",
    "youth",
    "employment",
    # names (a capital inside a sentence), a negation, a sentence's end and a question
    "Miksei",
    "Oy.",
    "ei",
    "not",
    "kehitys?",
    # stems sharing their first letters with others above (loose counterparts): "ene", "yri", "työ", "kie"
    "energia",
    "yrittäjä",
    "työpaikat",
    "kierrätys",
]

texts = st.lists(st.sampled_from(WORDS), min_size=0, max_size=8).map(" ".join)
corpora = st.lists(texts, min_size=1, max_size=9)


def _reference_features(
    a: str, b: str, df: dict[str, dict[str, int]], n_docs: int
) -> tuple[float, list[float]]:
    """The score's cosine and the pair features of one pair, with plain dictionaries and sets: the
    reference for the vectorised ``pair_features`` (same definitions, computed pair by pair)."""
    (fa, ia), (fb, ib) = analyse(a), analyse(b)

    def weight(name: str, key: str) -> float:
        return math.log((1 + n_docs) / (1 + df[name].get(key, 0))) + 1

    cosine = 0.0
    plain_cos = []
    shares = []
    for name, block_weight in zip(BLOCKS, BLOCK_WEIGHTS, strict=True):
        ra: dict[str, float] = getattr(fa, name)
        rb: dict[str, float] = getattr(fb, name)
        for numbers_out, out in ((False, None), (True, plain_cos)):

            def vec(
                r: dict[str, float], numbers_out: bool = numbers_out, name: str = name
            ) -> dict[str, float]:
                return {k: tf * weight(name, k) for k, tf in r.items() if not (numbers_out and has_digit(k))}

            va, vb = vec(ra), vec(rb)
            na = math.sqrt(sum(v * v for v in va.values()))
            nb = math.sqrt(sum(v * v for v in vb.values()))
            cos = sum(v * vb.get(k, 0.0) for k, v in va.items()) / (na * nb) if na and nb else 0.0
            cos = min(1.0, max(0.0, cos))
            if out is None:
                cosine += block_weight * cos
            else:
                out.append(cos)
        sa = {k for k in ra if not has_digit(k)}
        sb = {k for k in rb if not has_digit(k)}
        mass_a = sum(weight(name, k) for k in sa)
        mass_b = sum(weight(name, k) for k in sb)
        shared = sum(weight(name, k) for k in sa & sb)
        share_a = shared / mass_a if mass_a else 0.0
        share_b = shared / mass_b if mass_b else 0.0
        top_a = max((weight(name, k) for k in sa - sb), default=0.0)
        top_b = max((weight(name, k) for k in sb - sa), default=0.0)
        un_a = len(sa - sb) / len(sa) if sa else 0.0
        un_b = len(sb - sa) / len(sb) if sb else 0.0
        shares.append((share_a, share_b, un_a, un_b, top_a, top_b, sa, sb))
    chars, stems = BLOCKS.index("chars"), BLOCKS.index("stems")
    cos_chars, cos_stems = plain_cos[chars], plain_cos[stems]
    s_a, s_b, un_a, un_b, top_a, top_b, set_a, set_b = shares[stems]
    g_a, g_b, _, _, _, _, grams_a, grams_b = shares[chars]
    wa, wb = ia.words, ib.words

    def loose(mine: set[str], other: set[str]) -> tuple[float, float, float]:
        """The share of ``mine``'s weight, and of its stems, with a stem of the same first letters in
        ``other``, and the highest weight of those without."""
        firsts = {k[:PREFIX_LETTERS] for k in other}
        matched = {k for k in mine if k[:PREFIX_LETTERS] in firsts}
        mass = sum(weight("stems", k) for k in mine)
        share = sum(weight("stems", k) for k in matched) / mass if mass else 0.0
        left = len(mine - matched) / len(mine) if mine else 0.0
        return share, left, max((weight("stems", k) for k in mine - matched), default=0.0)

    pa, pb = loose(set_a, set_b), loose(set_b, set_a)
    plain_a = sum(1 for token in tokens(a) if not has_digit(token.word))
    plain_b = sum(1 for token in tokens(b) if not has_digit(token.word))
    x = [
        (cos_chars + cos_stems) / 2,
        cos_chars,
        cos_stems,
        max(s_a, s_b),
        min(s_a, s_b),
        max(g_a, g_b),
        min(g_a, g_b),
        max(un_a, un_b),
        min(un_a, un_b),
        max(top_a, top_b),
        min(top_a, top_b),
        abs(math.log1p(wa) - math.log1p(wb)),
        min(wa, wb),
        max(wa, wb),
        float(ia.negation != ib.negation),
        float(len(ia.names - ib.stems) + len(ib.names - ia.stems)),
        float(len(ia.names | ib.names)),
        len(set_a & set_b) / len(set_a | set_b) if set_a | set_b else 0.0,
        2 * len(grams_a & grams_b) / (len(grams_a) + len(grams_b)) if grams_a or grams_b else 0.0,
        abs(math.log1p(ia.chars) - math.log1p(ib.chars)),
        float(ia.ending == ib.ending),
        *(f(pa[i], pb[i]) for i in range(3) for f in (max, min)),
        float(min(plain_a, plain_b)),
        float(max(plain_a, plain_b)),
    ]
    return min(1.0, max(0.0, cosine)), x


def reference_scores(corpus: list[str], query: str) -> list[float]:
    """Brute force: idf over ``corpus`` (one document per entry), the cosines and pair features pair by
    pair with dictionaries, then the shipped model; 0 where the two texts share no feature (the index
    lists only texts sharing something with the query)."""
    df: dict[str, dict[str, int]] = {name: {} for name in BLOCKS}
    for text in corpus:
        f = features(text)
        for name in BLOCKS:
            for key in getattr(f, name):
                df[name][key] = df[name].get(key, 0) + 1
    result = []
    for text in corpus:
        cosine, x = _reference_features(query, text, df, len(corpus))
        if cosine <= 0:
            result.append(0.0)
            continue
        result.append(float(model().score(np.array([cosine]), np.array([x]))[0]))
    return result


def build(corpus: list[str]) -> SimilarityIndex:
    index = SimilarityIndex()
    for i, text in enumerate(corpus):
        index.add(f"t:{i}", text)
    return index


# -- score_pairs ----------------------------------------------------------------------------------
def test_inflected_finnish_scores_above_unrelated() -> None:
    # given an inflected paraphrase and an unrelated text
    a = "Energiatehokkuuden parantaminen pk-yrityksissä"
    similar = "Energiatehokkaiden ratkaisujen kehittäminen pk-yrityksille"
    unrelated = "Nuorten työllisyyden edistäminen Helsingissä"
    # when scored
    s_similar, s_unrelated = score_pairs([a, a], [similar, unrelated])
    # then the paraphrase scores clearly higher
    assert s_similar > s_unrelated + 0.15


def test_score_pairs_needs_pairs() -> None:
    assert score_pairs([], []) == []
    with pytest.raises(SimilarityError, match="pair up"):
        score_pairs(["a"], [])


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "!!! ---",
        "1234 5678 2021",
        "这是一个中文句子",
        "Это русский текст",
        "x" * 1_000_000,
        "ab " * 400_000,
    ],
)
def test_bad_input_gets_a_score_not_a_traceback(text: str) -> None:
    scores = score_pairs([text, text], ["Nuorten työllisyys Helsingissä", text])
    assert all(0.0 <= s <= 1.0 for s in scores)
    index = SimilarityIndex()
    index.add("k:1", "Nuorten työllisyys Helsingissä")
    index.add("k:2", text)
    assert all(0.0 <= m.score <= 1.0 for m in index.most_similar(text))
    index.pairs_above(0.0)
    assert all(0.0 <= m.score <= 1.0 for m in index.most_similar(text, min_score=0.3))


def test_empty_text_is_similar_to_nothing() -> None:
    assert score_pairs(["", ""], ["", "hanke"]) == [0.0, 0.0]


def test_numbers_count_whole() -> None:
    # given two texts that differ only in a year: the digits are not partly shared
    same, other = score_pairs(["raportti 2017", "raportti 2017"], ["raportti 2017", "raportti 2011"])
    assert same == pytest.approx(1.0)
    assert other < 0.8


def test_long_text_is_cut() -> None:
    long = "hanke " * (MAX_CHARS // 3)
    assert score_pairs([long], [long[:MAX_CHARS]]) == [pytest.approx(1.0)]


@given(a=texts, b=texts, c=texts)
@settings(max_examples=60, deadline=None)
def test_score_pairs_is_symmetric_and_bounded(a: str, b: str, c: str) -> None:
    forward = score_pairs([a, b, c], [b, c, a])
    backward = score_pairs([b, c, a], [a, b, c])
    assert forward == pytest.approx(backward, abs=1e-9)
    assert all(0.0 <= s <= 1.0 for s in forward)


@given(a=texts, b=texts)
@settings(max_examples=60, deadline=None)
def test_identical_text_scores_highest(a: str, b: str) -> None:
    self_score, other_score = score_pairs([a, a], [a, b])
    if features(a).empty:
        assert self_score == 0.0
    else:
        assert self_score == pytest.approx(1.0)
        assert other_score <= self_score + 1e-9


@given(a=texts, b=texts)
@settings(max_examples=60, deadline=None)
def test_score_lies_between_the_floor_and_the_bound_of_its_cosine(a: str, b: str) -> None:
    # the gate of the index rests on score <= U(cosine); near-copies rest on score >= the floor
    cosine, x = corpus_features([a], [b])
    score = score_pairs([a], [b])[0]
    m = model()
    assert score <= float(m.bound(cosine)[0]) + 1e-12
    assert score >= max(0.0, (float(cosine[0]) - m.floor) / (1 - m.floor)) - 1e-12 or x[0, 12] == 0
    assert len(FEATURE_NAMES) == x.shape[1]


def test_a_copy_with_other_numbers_stays_similar() -> None:
    # the same text with other figures is the near-copy a double-funding check must flag
    a = "Installation of a 928 kW wood pellet boiler at the Kilkenny plant"
    b = "Installation of a 550 kW wood pellet boiler at the Kilkenny plant"
    assert score_pairs([a], [b])[0] >= DEFAULT_THRESHOLD


def test_the_model_file_is_json_in_the_package() -> None:
    from cores.similarity.pairs import MODEL_FILE

    assert MODEL_FILE.parent.name == "similarity" and MODEL_FILE.suffix == ".json"
    assert model().trees.features.ndim == 2


@given(
    seed=st.integers(0, 2**32 - 1),
    depth=st.integers(1, 4),
    n_trees=st.integers(1, 19),
    n_features=st.integers(1, 6),
)
@settings(max_examples=80, deadline=None)
def test_forest_by_bin_tables_equals_walking_each_tree(
    seed: int, depth: int, n_trees: int, n_features: int
) -> None:
    """Given random trees of depth 1–4 (trees of 16 leaves are walked) and rows with values on, just
    below and just above the thresholds, when the margins are read from the bin tables, then each equals
    the margin of walking every tree from its root."""
    from cores.similarity.pairs import Forest

    rng = np.random.default_rng(seed)
    nodes = 2**depth - 1
    features = rng.integers(0, n_features, (n_trees, nodes))
    # few distinct thresholds, so that trees share them as fitted trees do
    thresholds = rng.choice(np.round(rng.normal(size=4), 3), (n_trees, nodes))
    leaves = rng.normal(size=(n_trees, 2**depth))
    forest = Forest(0.25, depth, features, thresholds, leaves)
    x = rng.normal(size=(200, n_features))
    picked = thresholds.ravel()[rng.integers(0, thresholds.size, 200)]
    column = rng.integers(0, n_features, 200)
    nudge = rng.choice([-1e-12, 0.0, 1e-12], 200)
    x[np.arange(200), column] = picked + nudge
    assert np.allclose(forest.margin(x), forest.walk(x), rtol=0, atol=1e-12)
    assert bool(forest.tables) == (depth <= 3)


def test_the_shipped_trees_read_by_bin_tables_equal_walking_them() -> None:
    trees = model().trees
    rng = np.random.default_rng(7)
    low, high = model().low, model().high
    x = low + (high - low) * rng.random((500, len(FEATURE_NAMES)))
    assert trees.tables
    assert np.allclose(trees.margin(x), trees.walk(x), rtol=0, atol=1e-12)


# -- the index against brute force ----------------------------------------------------------------
@given(corpus=corpora, query=texts)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_most_similar_equals_brute_force(corpus: list[str], query: str) -> None:
    index = build(corpus)
    expected = reference_scores(corpus, query)
    found = index.most_similar(query, k=len(corpus), explain_matches=False)
    wanted = sorted(((-s, f"t:{i}") for i, s in enumerate(expected) if s > 1e-12))
    assert [m.key for m in found] == [key for _, key in wanted] or all(
        # rounding may swap near-ties: then the scores must still agree
        abs(m.score - expected[int(m.key[2:])]) < 1e-9
        for m in found
    )
    for match in found:
        assert match.score == pytest.approx(expected[int(match.key[2:])], abs=1e-9)
    assert len(found) == len(wanted)


@given(corpus=corpora, query=texts, min_score=st.sampled_from([0.05, 0.2, 0.4, 0.7]), k=st.integers(1, 4))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_most_similar_with_a_minimum_equals_brute_force(
    corpus: list[str], query: str, min_score: float, k: int
) -> None:
    # the gate (no row whose cosine is below U⁻¹(min_score) is rescored) and the early stop (best cosine
    # first, until no unscored row can beat the k-th) lose nothing
    index = build(corpus)
    expected = reference_scores(corpus, query)
    found = index.most_similar(query, k=k, explain_matches=False, min_score=min_score)
    wanted = sorted((-s, f"t:{i}") for i, s in enumerate(expected) if s >= min_score + 1e-9 and s > 1e-12)
    assert len(found) >= min(k, len(wanted))
    best = [-s for s, _ in wanted[:k]]
    for match, score in zip(found, best, strict=False):
        assert match.score == pytest.approx(score, abs=1e-9)
        assert match.score >= min_score


@given(corpus=corpora, threshold=st.sampled_from([0.0001, 0.2, 0.5, 0.8, 0.99]))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_pairs_above_equals_brute_force(corpus: list[str], threshold: float) -> None:
    index = build(corpus)
    expected = set()
    for i, text in enumerate(corpus):
        for j, score in enumerate(reference_scores(corpus, text)):
            if i < j and score >= threshold + 1e-9:
                expected.add((f"t:{i}", f"t:{j}"))
    found = {(p.key_a, p.key_b): p.score for p in index.pairs_above(threshold, explain_pairs=False)}
    # pairs within rounding of the threshold may fall either way
    assert expected <= set(found)
    for (a, b), score in found.items():
        assert score >= threshold
        assert score == pytest.approx(reference_scores(corpus, corpus[int(a[2:])])[int(b[2:])], abs=1e-9)


@given(corpus=st.lists(texts, min_size=1, max_size=8, unique=True))
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_index_scores_equal_score_pairs_over_the_same_texts(corpus: list[str]) -> None:
    # given an index of distinct texts: score_pairs of a text against all of them has the same corpus
    index = build(corpus)
    found = {m.key: m.score for m in index.most_similar(corpus[0], k=len(corpus), explain_matches=False)}
    expected = score_pairs([corpus[0]] * len(corpus), corpus)
    cosines, _ = corpus_features([corpus[0]] * len(corpus), corpus)
    for i, score in enumerate(expected):
        if cosines[i] > 0:
            assert found.get(f"t:{i}", 0.0) == pytest.approx(score, abs=1e-9)
        else:
            # a text sharing no feature with the query is not listed; its score stays under the offset
            assert f"t:{i}" not in found
            assert score <= model().offset + 1e-12


def test_pairs_above_is_exact_where_common_features_dominate() -> None:
    # given many copies of one text (all its features common) and a near copy: the pruning of common
    # features must not lose the pairs among them
    corpus = ["kiertotalouden kehittäminen Vantaalla"] * 40 + ["kiertotalouden kehittäminen Vantaalla 2021"]
    corpus += [f"hanke numero {i}" for i in range(60)]
    index = build(corpus)
    pairs = index.pairs_above(0.9, explain_pairs=False)
    keys = {(p.key_a, p.key_b) for p in pairs}
    assert len([k for k in keys if int(k[0][2:]) < 40 and int(k[1][2:]) < 40]) == 40 * 39 // 2


@given(corpus=corpora, removed=st.sets(st.integers(0, 8)), changed=st.dictionaries(st.integers(0, 8), texts))
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_add_update_remove_equals_a_rebuild(
    corpus: list[str], removed: set[int], changed: dict[int, str]
) -> None:
    # given an index changed step by step
    index = build(corpus)
    final = {f"t:{i}": text for i, text in enumerate(corpus)}
    for i, text in changed.items():
        if f"t:{i}" in index:
            index.update(f"t:{i}", text)
            final[f"t:{i}"] = text
    for i in removed:
        if f"t:{i}" in index:
            index.remove(f"t:{i}")
            del final[f"t:{i}"]
    # when compared with one built from the final texts
    rebuilt = SimilarityIndex()
    for key, text in final.items():
        rebuilt.add(key, text)
    # then they hold the same keys and answer the same
    assert len(index) == len(rebuilt) == len(final)
    assert set(index.keys()) == set(final)
    for key in final:
        got = {m.key: m.score for m in index.most_similar(key, k=20, explain_matches=False)}
        want = {m.key: m.score for m in rebuilt.most_similar(key, k=20, explain_matches=False)}
        assert got.keys() == want.keys()
        for k in got:
            assert got[k] == pytest.approx(want[k], abs=1e-9)


def test_many_changes_merge_and_compact() -> None:
    # given enough adds and removes to trigger merging of new rows and compaction of removed ones
    index = SimilarityIndex()
    for i in range(1500):
        index.add(f"p:{i}", f"hanke {i} {WORDS[i % len(WORDS)]} {WORDS[(i * 7) % len(WORDS)]}")
    for i in range(0, 1500, 2):
        index.remove(f"p:{i}")
    for i in range(1, 1500, 4):
        index.update(f"p:{i}", f"uusi teksti {i} kiertotalous")
    assert len(index) == 750
    rebuilt = SimilarityIndex()
    for key in index:
        rebuilt.add(key, index.text(key))
    for key in ["p:1", "p:3", "p:1499"]:
        assert [(m.key, round(m.score, 9)) for m in index.most_similar(key, k=5)] == [
            (m.key, round(m.score, 9)) for m in rebuilt.most_similar(key, k=5)
        ]


@given(corpus=corpora)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_save_load_round_trip(tmp_path: Path, corpus: list[str]) -> None:
    index = build(corpus)
    index.remove("t:0")
    index.threshold = 0.42
    path = tmp_path / "index.npz"
    index.save(path)
    loaded = SimilarityIndex.load(path)
    assert loaded.threshold == 0.42
    assert set(loaded.keys()) == set(index.keys())
    for key in index:
        assert loaded.text(key) == index.text(key)
        assert loaded.most_similar(key, k=10) == index.most_similar(key, k=10)
    assert loaded.pairs_above(0.1) == index.pairs_above(0.1)
    loaded.add("t:new", "uusi hanke")
    assert "t:new" in loaded


def test_load_rejects_another_file(tmp_path: Path) -> None:
    path = tmp_path / "not-an-index.npz"
    path.write_bytes(b"hello")
    with pytest.raises(SimilarityError, match="cannot read"):
        SimilarityIndex.load(path)


# -- contract details -----------------------------------------------------------------------------
def test_key_query_leaves_itself_out_and_respects_exclude() -> None:
    index = build(
        ["kiertotalous Vantaalla", "kiertotalouden hanke Vantaalla", "kiertotalous", "nuorten työllisyys"]
    )
    keys = [m.key for m in index.most_similar("t:0")]
    assert "t:0" not in keys
    assert keys[:2] == ["t:1", "t:2"] or keys[:2] == ["t:2", "t:1"]
    assert "t:1" not in [m.key for m in index.most_similar("t:0", exclude=["t:1"])]
    assert "t:3" not in keys  # shares nothing: score 0 is left out


def test_unknown_key_and_bad_arguments_raise_a_named_error() -> None:
    index = build(["hanke"])
    with pytest.raises(SimilarityError, match="t:9"):
        index.remove("t:9")
    with pytest.raises(SimilarityError, match="t:9"):
        index.update("t:9", "x")
    with pytest.raises(SimilarityError, match="key"):
        index.add("", "x")
    with pytest.raises(SimilarityError, match="threshold"):
        index.pairs_above(float("nan"))
    assert index.most_similar("hanke", k=0) == []
    assert SimilarityIndex().most_similar("hanke") == []
    assert SimilarityIndex().pairs_above() == []


def test_add_existing_key_replaces() -> None:
    index = build(["kiertotalous", "hanke"])
    index.add("t:0", "hanke")
    assert len(index) == 2
    assert index.most_similar("t:1")[0].score == pytest.approx(1.0)


def test_default_threshold_is_the_index_threshold() -> None:
    assert SimilarityIndex().threshold == DEFAULT_THRESHOLD
    assert 0.0 < DEFAULT_THRESHOLD < 1.0


# -- explanations ---------------------------------------------------------------------------------
def test_explanation_names_shared_terms_and_spans_on_both_sides() -> None:
    a = "Energiatehokkuuden parantaminen pk-yrityksissä"
    b = "Pk-yritysten energiatehokkuuden parantaminen Vantaalla"
    why = explain(a, b)
    assert isinstance(why, Explanation)
    assert "Energiatehokkuuden" in why.shared_terms
    assert any("energiatehokkuuden parantaminen" in a[s:e].lower() for s, e in why.spans_a)
    assert any("energiatehokkuuden parantaminen" in b[s:e].lower() for s, e in why.spans_b)
    assert any("parantaminen" in pa and "parantaminen" in pb for pa, pb in why.passages)
    assert "Vantaalla" not in " ".join(b[s:e] for s, e in why.spans_b)


def test_explanation_leaves_out_stopwords_and_unrelated_words() -> None:
    why = explain("Nuoret ja työ", "Kiertotalous ja energia")
    assert why.shared_terms == ()
    assert why.spans_a == () and why.spans_b == ()


@given(a=texts, b=texts)
@settings(max_examples=40, deadline=None)
def test_explanation_spans_lie_inside_the_texts(a: str, b: str) -> None:
    why = explain(a, b)
    for start, end in why.spans_a:
        assert 0 <= start < end <= len(a)
    for start, end in why.spans_b:
        assert 0 <= start < end <= len(b)
    for term in why.shared_terms:
        assert term in a
