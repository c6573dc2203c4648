"""What the review by eye found (every role's pages in fi and en at 1366 and 390 px, the annual report's
PDF in fi and en): each defect as a test that fails without its fix."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from audit.templatetags.audit_tags import audit_repr, audit_value
from cores.availability import Period
from ecosystem.timeline import gap_text
from overlaps.models import FlagKind, RiskFlag
from overlaps.templatetags.overlaps_tags import flag_evidence, flag_summary


def _concentration() -> RiskFlag:
    return RiskFlag(
        kind=FlagKind.CONCENTRATION,
        summary="Helsingin kaupunki: 26.2 % (3754199.25 / 14306759.80 €)",
        evidence={
            "organisation": "Helsingin kaupunki",
            "amount": "3754199.25",
            "total": "14306759.80",
            "percent": "26.2",
            "limit_percent": "25.0",
            "items": [],
        },
    )


def _same_organisation() -> RiskFlag:
    items = [
        {"key": "project:1", "title": "A", "start": "2026-05-05", "end": "2027-10-02"},
        {"key": "project:2", "title": "B", "start": "2026-11-01", "end": "2027-12-31"},
    ]
    return RiskFlag(
        kind=FlagKind.SIMILAR_SAME_ORGANISATION,
        summary="Teräsaalto Oyj: A ~ B (0.81)",
        evidence={
            "organisations": [{"business_id": "9843992-6", "name": "Teräsaalto Oyj"}],
            "items": items,
            "score": 0.8123,
            "shared_terms": ["kyberturvallisuus"],
        },
    )


def test_a_flags_amounts_and_shares_read_in_the_readers_number_format() -> None:
    # given a concentration flag whose evidence keeps amounts as 3754199.25
    flag = _concentration()
    # when the flags page shows it in Finnish and in English
    with translation.override("fi"):
        fi_summary = flag_summary(flag)
        fi_facts = dict(flag_evidence(flag)["facts"])
    with translation.override("en"):
        en_summary = flag_summary(flag)
        en_facts = dict(flag_evidence(flag)["facts"])
    # then amounts are grouped with the language's separators, never as recorded
    assert "3\u202f754\u202f199,25\u00a0€" in fi_summary and "26,2\u00a0%" in fi_summary
    assert "€3,754,199.25" in en_summary and "€14,306,759.80" in en_summary
    assert "3754199.25" not in fi_summary + en_summary
    assert "3754199.25" not in " ".join(str(v) for v in fi_facts.values())
    assert "26,2" in " ".join(str(v) for v in fi_facts.values())
    assert "26.2%" in en_summary and "14,306,759.80" in en_facts.values()  # an amount keeps its cents


def test_a_flags_periods_and_similarity_read_in_the_readers_format() -> None:
    # given a flag on two similar projects of one organisation, periods recorded as ISO dates
    flag = _same_organisation()
    # when it is shown in English and in Finnish
    with translation.override("en"):
        en_links = flag_evidence(flag)["links"]
        en_summary = flag_summary(flag)
    with translation.override("fi"):
        fi_links = flag_evidence(flag)["links"]
    # then the periods are dates as the language writes them and the similarity a percentage
    assert en_links[0][2] == "5 May 2026 – 2 Oct 2027"
    assert fi_links[1][2] == "1.11.2026 – 31.12.2027"
    assert en_summary == "Teräsaalto Oyj: A ~ B (81%)"


def test_the_audit_log_shows_recorded_decimals_and_dates_in_the_readers_format() -> None:
    # given values recorded as text: an amount, a whole number, an annual report's name with its date
    # when the audit log shows them
    with translation.override("fi"):
        fi_amount, fi_year = audit_value("300000.00"), audit_value("2026")
        fi_repr = audit_repr("1 2026-11-30 fi pdf v1")
    with translation.override("en"):
        en_amount, en_repr = audit_value("1466238.00"), audit_repr("1 2026-11-30 en pdf v1")
    # then the amount is grouped, a whole number stays as recorded, the date reads as the language writes it
    assert fi_amount == "300\u00a0000,00" or fi_amount.replace("\u202f", "\u00a0") == "300\u00a0000,00"
    assert fi_year == "2026"
    assert en_amount == "1,466,238.00"
    assert fi_repr == "1 30.11.2026 fi pdf v1"
    assert en_repr == "1 30 Nov 2026 en pdf v1"


def test_the_test_environment_gaps_follow_the_readers_date_format() -> None:
    # given a period without any test environment
    gaps = [Period(dt.date(2021, 1, 1), dt.date(2027, 12, 31))]
    # when the timeline's table (page and annual report) names it
    with translation.override("en"):
        english = gap_text(gaps)
    with translation.override("fi"):
        finnish = gap_text(gaps)
    # then English reads 1 Jan 2021, not the Finnish 1.1.2021
    assert english == "1 Jan 2021–31 Dec 2027"
    assert finnish == "1.1.2021–31.12.2027"


def test_the_targets_table_has_no_two_columns_of_one_name() -> None:
    # given the steering group's targets table (monitoring page, dashboard, annual report): a column for
    # the target and one for the level it sets
    for lang in ("fi", "sv", "en"):
        # when it is headed in each language
        with translation.override(lang):
            target, goal = translation.gettext("Target"), translation.gettext("Goal")
        # then the two headers differ (Finnish and Swedish read "Tavoite" / "Mål" twice)
        assert target != goal, lang


def test_a_decimal_with_many_places_keeps_them() -> None:
    # given a recorded share with two places, when shown in English, then both places stay
    with translation.override("en"):
        assert audit_value(str(Decimal("12.50"))) == "12.50"


def test_the_spending_charts_legend_names_fit_its_label_limit() -> None:
    # given the monitoring dashboard's spending chart (its legend cuts a name at 170 px, for phones)
    from types import SimpleNamespace

    from charts.specs import LEGEND_LABEL_LIMIT
    from monitoring.charts import spending_chart

    year = SimpleNamespace(
        year=2026, frame=1, committed=1, spent=1, paid=1, forecast=1, forecast_low=1, forecast_high=1
    )
    for lang in ("fi", "sv", "en"):
        # when it is drawn in each language
        with translation.override(lang):
            spec = spending_chart(SimpleNamespace(years=[year]))  # type: ignore[arg-type]
        names = {row["series"] for row in spec["data"]["values"] if "series" in row}
        # then every series name fits whole (about 6.5 px a letter at 12 px): the Finnish legend read
        # "Raportoiduista kustannuk…"
        assert names and all(len(name) * 6.5 <= LEGEND_LABEL_LIMIT for name in names), (lang, names)


@pytest.mark.django_db
def test_the_national_indicators_table_has_an_indicator_a_row() -> None:
    # given fifteen indicators reported by one agreement of two (the national view at 1366 px ran past the
    # page's edge with an indicator a column: "RC…", "51,029 / 102,…")
    from types import SimpleNamespace

    from monitoring.views import indicator_table

    codes = tuple(f"RCO{n:02}" for n in range(1, 16))
    reporting = SimpleNamespace(
        name="Capital region", indicators={c: (Decimal(1), Decimal(2)) for c in codes}
    )
    silent = SimpleNamespace(name="Oulu", indicators={})
    # when the table is laid out
    table = indicator_table(SimpleNamespace(agreements=(reporting, silent), indicator_codes=codes))  # type: ignore[arg-type]
    # then each indicator is a row and only the reporting agreement a column
    assert [a.name for a in table["agreements"]] == ["Capital region"]
    assert [row[0] for row in table["rows"]] == list(codes)
    assert all(len(row[2]) == 1 for row in table["rows"])


def test_date_hints_show_the_date_as_the_language_writes_it() -> None:
    # given the date fields' hints (audit filter, annual report form)
    from audit.views import AuditLogFilterForm
    from reports.forms import ReportForm

    def hints() -> tuple[str, str, str]:
        return (
            str(AuditLogFilterForm.base_fields["since"].help_text),
            str(AuditLogFilterForm.base_fields["until"].help_text),
            str(ReportForm.base_fields["as_of"].help_text),
        )

    # when they are read in English and in Finnish
    with translation.override("en"):
        english = hints()
    with translation.override("fi"):
        finnish = hints()
    # then English writes 1 Jan 2026 (it read "e.g. 1.1.2026") and Finnish 1.1.2026
    assert english == (
        "e.g. 1 Jan 2026",
        "e.g. 31 Dec 2026",
        "The report shows what was known at the end of this day, e.g. 31 Dec 2025.",
    )
    assert finnish[0] == "esim. 1.1.2026" and "31.12.2025" in finnish[2]


def test_a_static_charts_long_names_are_wrapped_not_cut() -> None:
    # given a horizontal bar chart of themes, cut at 150 px for a phone
    from charts.render import STATIC_LABEL_LIMIT, static_spec
    from charts.specs import grouped_bars, horizontal

    long = "Uudet oppimisympäristöt ja osaamisen digitaaliset ratkaisut"
    rows = [
        {"theme": long, "money": Decimal("845178.20")},
        {"theme": "Koordinaatiohanke", "money": Decimal(1)},
    ]
    spec = horizontal(grouped_bars(rows, x="theme", y="money", title="Sidottu rahoitus", labels={}))
    # when it is drawn for the annual report's PDF or a PNG download (640 px wide)
    axis = static_spec(spec)["encoding"]["y"]["axis"]
    # then the names get room and a long one reads on two lines ("Uudet oppimisympäristöt ja osaamisen
    # digitaaliset ratkaisut", not "Uudet oppimisympäristöt …")
    assert axis["labelLimit"] == STATIC_LABEL_LIMIT > spec["encoding"]["y"]["axis"]["labelLimit"]
    assert '"Uudet oppimisympäristöt ja osaamisen", "digitaaliset ratkaisut"' in axis["labelExpr"]
    assert "Koordinaatiohanke" not in axis["labelExpr"]


def test_the_theme_choice_starts_with_choose_not_dashes() -> None:
    # given the idea and proposal forms' theme field (it read "---------" on every language's page)
    from pipeline.forms import IdeaChoiceForm, IdeaForm, ThemeField
    from programme.models import Theme

    field = ThemeField(queryset=Theme.objects.none())
    other = IdeaChoiceForm.base_fields["other"]  # linking or merging ideas, on an idea's page
    organisation = IdeaForm.base_fields["organisation"]
    # when it is shown in Finnish and English, then its empty choice asks to choose
    with translation.override("fi"):
        assert str(field.empty_label) == "– valitse –"
        assert str(other.empty_label) == "– valitse –"  # type: ignore[attr-defined]
        assert str(organisation.empty_label) == "– valitse –"  # type: ignore[attr-defined]
    with translation.override("en"):
        assert str(field.empty_label) == "– choose –"


def test_the_test_environment_forms_choices_start_without_dashes() -> None:
    # given the test-environment form (owner, city and contact read "---------")
    from ecosystem.forms import TestEnvironmentForm

    fields = TestEnvironmentForm.base_fields
    # when it is shown in Finnish, then the empty choices are worded
    with translation.override("fi"):
        labels = {name: str(fields[name].empty_label) for name in ("owner", "city", "contact")}  # type: ignore[attr-defined]
    assert labels == {"owner": "– valitse –", "city": "–", "contact": "–"}


@pytest.mark.django_db
def test_every_agreements_region_is_named_in_the_readers_language() -> None:
    # given every agreement the agreement files know (the overview's agreement list and caption, the theme
    # choice's "(Pääkaupunkiseutu)" and the annual report read the Finnish region on Swedish and English
    # pages)
    from audit.services import Actor
    from programme.models import Agreement
    from programme.services import agreement_load_all

    agreement_load_all(actor=Actor(user=None, label="test"))
    agreements = list(Agreement.objects.order_by("slug"))
    assert len(agreements) > 1
    # when they are named in Swedish and in English
    with translation.override("sv"):
        swedish = {a.slug: a.region for a in agreements}
    with translation.override("en"):
        english = {a.slug: a.region for a in agreements}
    with translation.override("fi"):
        finnish = {a.slug: a.region for a in agreements}
    # then each has its own name there, the Swedish city name where there is one
    assert all(a.region_sv and a.region_en for a in agreements), [
        a.slug for a in agreements if not (a.region_sv and a.region_en)
    ]
    assert swedish["capital-region"] == "Huvudstadsregionen"
    assert english["capital-region"] == "Capital region"
    assert finnish["capital-region"] == "Pääkaupunkiseutu"
    assert (swedish["turku"], swedish["lappeenranta"], swedish["kokkola"]) == (
        "Åbo",
        "Villmanstrand",
        "Karleby",
    )
    assert english["turku"] == "Turku"


SWEDISH_TARGETS = [
    "RCO10 Företag som samarbetar med forskningsorganisationer – hela avtalet",
    "RCO07 Forskningsorganisationer som deltar i gemensamma forskningsprojekt – hela avtalet",
    "RCO01 Företag som får stöd (varav: mikroföretag, små, medelstora och stora företag) – hela avtalet",
    "Lösningar som städerna tagit i bruk – hela avtalet",
]


def _targets_chart() -> dict:
    from charts.specs import grouped_bars, horizontal

    rows = [{"target": name, "share": Decimal("0.8")} for name in SWEDISH_TARGETS]
    return horizontal(grouped_bars(rows, x="target", y="share", title="Uppnådd andel", labels={}))


def test_a_static_charts_long_swedish_names_read_whole() -> None:
    # given the steering group's targets chart in Swedish (the annual report's page 11 read "RCO07
    # Forskningsorganisationer som / deltar i gemensamma forskningsprojekt – hela …" and "… stora föret…")
    import re

    from charts.render import to_svg

    # when it is drawn for the PDF
    svg = to_svg(_targets_chart(), locale="sv")
    # then every word of every name is drawn and none is cut
    drawn = re.sub(r"<[^>]+>", " ", " ".join(re.findall(r"<text.*?</text>", svg)))  # lines are <tspan>s
    assert "…" not in drawn
    for name in SWEDISH_TARGETS:
        assert all(word in drawn for word in name.split()), name


def test_a_phones_chart_names_take_up_to_three_lines_with_room_for_them() -> None:
    # given the same chart in the browser on a 390 px phone (names cut at 150 px after one line)
    from charts.specs import HORIZONTAL_LABEL_LIMIT, LETTER_PX, fit_names

    spec = _targets_chart()
    axis = spec["encoding"]["y"]["axis"]
    fitted = fit_names(SWEDISH_TARGETS, HORIZONTAL_LABEL_LIMIT)
    # when it is laid out, then a long name is drawn on its lines, each within the limit but a word
    # longer than a line, and the bands are high enough for three lines
    assert "labelExpr" in axis and "hela avtalet" in axis["labelExpr"]
    for name, lines in fitted.items():
        assert 1 < len(lines) <= 3
        assert " ".join(lines) == name
        assert all(len(line) * LETTER_PX <= HORIZONTAL_LABEL_LIMIT or " " not in line for line in lines[:-1])
    assert spec["height"]["step"] >= 3 * 14
    # and a short name is left as it is
    assert fit_names(["Oulu"], HORIZONTAL_LABEL_LIMIT) == {}


def _themes_by_year() -> dict:
    from charts.specs import money_by_year_against_frame

    themes = [
        "T3 Nya lärmiljöer och digitala kompetenslösningar",
        "T4 Nya öppningar och allmän utveckling av ekosystem",
        "redan finansierat",
    ]
    rows = [
        {"year": year, "category": theme, "amount": Decimal(1000 * (i + 1))}
        for year in (2026, 2027)
        for i, theme in enumerate(themes)
    ]
    labels = {"year": "År", "amount": "€", "category": "Tema", "frame": "Ram", "total": "Totalt"}
    return money_by_year_against_frame(
        rows, [{"year": 2026, "amount": Decimal(9000)}], title="Rammedel per år och tema", labels=labels
    )


def test_a_legends_long_swedish_names_read_on_their_lines() -> None:
    # given a scenario's money by year and theme, in Swedish (the legend read "T3 Nya lärmiljöer och digi…"
    # and "T4 Nya öppningar och all…" on a 390 px phone)
    import re

    from charts.render import to_svg
    from charts.specs import LEGEND_LABEL_LIMIT, LETTER_PX
    from charts.templatetags.charts import chart

    # when the page draws it, and when it is drawn for a PDF or a download
    legend = chart(_themes_by_year())["spec"]["layer"][0]["encoding"]["color"]["legend"]
    svg = to_svg(_themes_by_year(), locale="sv")
    # then a long name is drawn whole on its lines, each within the legend's limit, and none is cut
    assert '["T3 Nya lärmiljöer och", "digitala", "kompetenslösningar"]' in legend["labelExpr"]
    assert "redan finansierat" not in legend["labelExpr"]
    lines = re.findall(r'"([^"\[\]{}:]+)"(?=[,\]])', legend["labelExpr"])
    assert lines and all(len(line) * LETTER_PX <= LEGEND_LABEL_LIMIT for line in lines)
    drawn = re.sub(r"<[^>]+>", " ", " ".join(re.findall(r"<text.*?</text>", svg)))
    assert "…" not in drawn and "ekosystem" in drawn and "kompetenslösningar" in drawn


def test_grouped_bars_give_a_long_name_room_for_its_lines() -> None:
    # given the scenario comparison's funds by theme, one bar a scenario (two scenarios), in Swedish (names
    # cut at "T3 Nya lärmiljöer och …" on a phone)
    from charts.specs import NAME_LINE_PX, grouped_bars, horizontal

    rows = [
        {"theme": theme, "scenario": scenario, "money": Decimal(100)}
        for theme in ("T3 Nya lärmiljöer och digitala kompetenslösningar", "redan finansierat")
        for scenario in ("1. jokainen vuosikehys −10 %", "2. som beräknat")
    ]
    spec = horizontal(
        grouped_bars(rows, x="theme", y="money", colour="scenario", title="Rammedel", labels={})
    )
    # when it is laid out, then the name is drawn on its lines and its band of two bars holds them
    lines = 3
    assert (
        '"T3 Nya lärmiljöer och", "digitala", "kompetenslösningar"'
        in spec["encoding"]["y"]["axis"]["labelExpr"]
    )
    assert "yOffset" in spec["encoding"] and spec["height"]["step"] * 2 >= lines * NAME_LINE_PX


def test_a_phones_core_index_chart_gives_a_long_proposal_name_two_lines() -> None:
    # given the robust view's core-index chart with the demo's long proposal names (cut after about 24
    # letters on a 390 px phone: "AKKUKIERTO2 Sähköautoj…")
    from charts.specs import CORE_NAME_LINES, LETTER_PX, PROPOSAL_LABEL_LIMIT, core_index_bars

    names = [
        "AKKUKIERTO2 Sähköautojen akkujen kiertotalous pääkaupunkiseudulla",
        "T3-OPPI Uudet oppimisympäristöt yritysten kokeilualustoina",
        "KOORD Koordinaatiohanke",
    ]
    labels = {
        "proposal": "Ehdotus",
        "core_index": "Ydinindeksi",
        "class": "Luokka",
        "core": "ydin",
        "borderline": "raja",
        "exterior": "ulko",
    }
    spec = core_index_bars(
        [{"label": name, "core_index": Decimal(i) / 2} for i, name in enumerate(names)],
        title="Ydinindeksi",
        labels=labels,
    )
    # when it is laid out, then each long name is drawn on two lines broken between words, the bands are
    # high enough for them, and a short name is left as it is
    axis = spec["layer"][0]["encoding"]["y"]["axis"]
    assert "labelExpr" in axis
    assert '"AKKUKIERTO2 Sähköautojen akkujen kiertotalous pääkaupunkiseudulla": [' in axis["labelExpr"]
    assert '"KOORD Koordinaatiohanke"' not in axis["labelExpr"]
    assert axis["labelLimit"] == PROPOSAL_LABEL_LIMIT
    assert spec["height"]["step"] >= CORE_NAME_LINES * 14
    first_line = "AKKUKIERTO2 Sähköautojen"
    assert f'["{first_line}", ' in axis["labelExpr"]
    assert len(first_line) * LETTER_PX <= PROPOSAL_LABEL_LIMIT
