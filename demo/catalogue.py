"""The material of the demo portfolio: real organisations of the capital region, generated companies,
test environments, fictitious contact persons, calls, and the Finnish phrases that project texts are
composed of.

Real organisations carry their real names; a business ID only where it is known and passes the check
digit (cores.business_id), otherwise none. Generated companies are fictitious (``is_generated``), and
their business IDs are drawn from a range that has not been issued yet (9xxxxxx), so that no real
company's ID appears next to an invented name. People are obviously fictitious and use example.test.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# ---------------------------------------------------------------------------------------------------------
# Cities: the agreement's parties (created by the agreement loader), with the forms the texts need.


@dataclass(frozen=True)
class City:
    key: str
    name: str  # the organisation's name, as the agreement fixture has it
    nominative: str
    genitive: str
    locative: str  # inessive or adessive: Helsingissä, Espoossa, Vantaalla
    districts: tuple[str, ...]  # in the locative: Kalasatamassa, Kera-alueella ...


CITIES: tuple[City, ...] = (
    City(
        "helsinki",
        "Helsingin kaupunki",
        "Helsinki",
        "Helsingin",
        "Helsingissä",
        ("Kalasatamassa", "Jätkäsaaressa", "Kivikossa", "Malmilla", "Viikissä", "Pasilassa", "Vuosaaressa"),
    ),
    City(
        "espoo",
        "Espoon kaupunki",
        "Espoo",
        "Espoon",
        "Espoossa",
        ("Otaniemessä", "Keilaniemessä", "Kera-alueella", "Espoonlahdessa", "Leppävaarassa", "Finnoossa"),
    ),
    City(
        "vantaa",
        "Vantaan kaupunki",
        "Vantaa",
        "Vantaan",
        "Vantaalla",
        ("Aviapoliksessa", "Tikkurilassa", "Myyrmäessä", "Kivistössä", "Hakunilassa"),
    ),
)
CITY_BY_KEY = {c.key: c for c in CITIES}

# ---------------------------------------------------------------------------------------------------------
# Organisations


@dataclass(frozen=True)
class OrgSpec:
    key: str
    name: str
    kind: str  # partners.models.OrganisationKind value
    size: str = ""
    name_sv: str = ""
    name_en: str = ""
    business_id: str = ""
    municipality: str = ""
    website: str = ""
    sector: str = ""  # the theme a generated company works in
    exists_from: dt.date | None = None  # e.g. the wellbeing services counties began in 2023


_COUNTIES_FROM = dt.date(2023, 1, 1)

REAL_ORGANISATIONS: tuple[OrgSpec, ...] = (
    OrgSpec(
        "hy",
        "Helsingin yliopisto",
        "university",
        name_sv="Helsingfors universitet",
        name_en="University of Helsinki",
        business_id="0313471-7",
        municipality="Helsinki",
        website="https://www.helsinki.fi",
    ),
    OrgSpec(
        "aalto",
        "Aalto-yliopisto",
        "university",
        name_sv="Aalto-universitetet",
        name_en="Aalto University",
        business_id="2228357-4",
        municipality="Espoo",
        website="https://www.aalto.fi",
    ),
    OrgSpec(
        "uniarts",
        "Taideyliopisto",
        "university",
        name_sv="Konstuniversitetet",
        name_en="University of the Arts Helsinki",
        municipality="Helsinki",
        website="https://www.uniarts.fi",
    ),
    OrgSpec(
        "hanken",
        "Hanken Svenska handelshögskolan",
        "university",
        name_sv="Svenska handelshögskolan",
        name_en="Hanken School of Economics",
        municipality="Helsinki",
        website="https://www.hanken.fi",
    ),
    OrgSpec(
        "metropolia",
        "Metropolia Ammattikorkeakoulu",
        "uas",
        name_sv="Metropolia yrkeshögskola",
        name_en="Metropolia University of Applied Sciences",
        municipality="Helsinki",
        website="https://www.metropolia.fi",
    ),
    OrgSpec(
        "haaga-helia",
        "Haaga-Helia ammattikorkeakoulu",
        "uas",
        name_sv="Haaga-Helia yrkeshögskola",
        name_en="Haaga-Helia University of Applied Sciences",
        municipality="Helsinki",
        website="https://www.haaga-helia.fi",
    ),
    OrgSpec(
        "laurea",
        "Laurea-ammattikorkeakoulu",
        "uas",
        name_sv="Laurea yrkeshögskola",
        name_en="Laurea University of Applied Sciences",
        municipality="Vantaa",
        website="https://www.laurea.fi",
    ),
    OrgSpec(
        "arcada",
        "Arcada",
        "uas",
        name_sv="Yrkeshögskolan Arcada",
        name_en="Arcada University of Applied Sciences",
        municipality="Helsinki",
        website="https://www.arcada.fi",
    ),
    OrgSpec(
        "vtt",
        "Teknologian tutkimuskeskus VTT Oy",
        "research_institute",
        name_sv="Teknologiska forskningscentralen VTT Ab",
        name_en="VTT Technical Research Centre of Finland",
        municipality="Espoo",
        website="https://www.vttresearch.com",
    ),
    OrgSpec(
        "fmi",
        "Ilmatieteen laitos",
        "research_institute",
        name_sv="Meteorologiska institutet",
        name_en="Finnish Meteorological Institute",
        municipality="Helsinki",
        website="https://www.ilmatieteenlaitos.fi",
    ),
    OrgSpec(
        "thl",
        "Terveyden ja hyvinvoinnin laitos",
        "research_institute",
        name_sv="Institutet för hälsa och välfärd",
        name_en="Finnish Institute for Health and Welfare",
        municipality="Helsinki",
        website="https://thl.fi",
    ),
    OrgSpec(
        "gtk",
        "Geologian tutkimuskeskus",
        "research_institute",
        name_sv="Geologiska forskningscentralen",
        name_en="Geological Survey of Finland",
        municipality="Espoo",
        website="https://www.gtk.fi",
    ),
    OrgSpec(
        "luke",
        "Luonnonvarakeskus",
        "research_institute",
        name_sv="Naturresursinstitutet",
        name_en="Natural Resources Institute Finland",
        municipality="Helsinki",
        website="https://www.luke.fi",
    ),
    OrgSpec(
        "hus",
        "HUS Helsingin yliopistollinen sairaala",
        "hospital",
        name_sv="HUS Helsingfors universitetssjukhus",
        name_en="HUS Helsinki University Hospital",
        business_id="1567535-0",
        municipality="Helsinki",
        website="https://www.hus.fi",
    ),
    OrgSpec(
        "lansi-uusimaa",
        "Länsi-Uudenmaan hyvinvointialue",
        "hospital",
        name_sv="Västra Nylands välfärdsområde",
        name_en="Western Uusimaa Wellbeing Services County",
        exists_from=_COUNTIES_FROM,
    ),
    OrgSpec(
        "ita-uusimaa",
        "Itä-Uudenmaan hyvinvointialue",
        "hospital",
        name_sv="Östra Nylands välfärdsområde",
        name_en="Eastern Uusimaa Wellbeing Services County",
        municipality="Porvoo",
        exists_from=_COUNTIES_FROM,
    ),
    OrgSpec(
        "keski-uusimaa",
        "Keski-Uudenmaan hyvinvointialue",
        "hospital",
        name_sv="Mellersta Nylands välfärdsområde",
        name_en="Central Uusimaa Wellbeing Services County",
        exists_from=_COUNTIES_FROM,
    ),
    OrgSpec(
        "vakehyva",
        "Vantaan ja Keravan hyvinvointialue",
        "hospital",
        name_sv="Vanda och Kervo välfärdsområde",
        name_en="Vantaa and Kerava Wellbeing Services County",
        municipality="Vantaa",
        exists_from=_COUNTIES_FROM,
    ),
    OrgSpec(
        "forum-virium",
        "Forum Virium Helsinki Oy",
        "company",
        name_en="Forum Virium Helsinki",
        municipality="Helsinki",
        website="https://forumvirium.fi",
    ),
)

RESEARCH_KINDS = frozenset({"university", "uas", "research_institute"})

# Generated companies: (name, sector theme, size). Fictitious; any likeness to a real company's name is
# a coincidence, and they are marked is_generated.
GENERATED_COMPANIES: tuple[tuple[str, str, str], ...] = (
    # T1: smart and sustainable city
    ("Kiertotalo Oy", "T1", "sme"),
    ("Purkupiste Oy", "T1", "sme"),
    ("Lämpövirta Oy", "T1", "sme"),
    ("Aurinkokatto Oy", "T1", "sme"),
    ("Energiaverso Oy", "T1", "sme"),
    ("Virtasense Oy", "T1", "sme"),
    ("Sähkölaituri Oy", "T1", "sme"),
    ("Kulkuvirta Oy", "T1", "sme"),
    ("Reittiäly Oy", "T1", "sme"),
    ("Viherkerros Oy", "T1", "sme"),
    ("Kasvutorni Oy", "T1", "sme"),
    ("Hulevesi-Insinöörit Oy", "T1", "sme"),
    ("Lumotech Oy", "T1", "sme"),
    ("Kidegrid Oy", "T1", "sme"),
    ("Rahtipyörä Oy", "T1", "sme"),
    ("Routaenergia Oy", "T1", "sme"),
    ("Kaupunkidata Kartio Oy", "T1", "sme"),
    ("Rakennusliike Kallioperä Oyj", "T1", "large"),
    ("Suurvirta Energia Oyj", "T1", "large"),
    # T2: wellbeing and health technology
    ("Vointilabs Oy", "T2", "sme"),
    ("Hoivaäly Oy", "T2", "sme"),
    ("Etäkunto Oy", "T2", "sme"),
    ("Sydänsensori Oy", "T2", "sme"),
    ("Unirytmi Oy", "T2", "sme"),
    ("Medikide Oy", "T2", "sme"),
    ("Mielitupa Oy", "T2", "sme"),
    ("Kuvantamo Analytics Oy", "T2", "sme"),
    ("Kotihoiva Digital Oy", "T2", "sme"),
    ("Ravintolähde Oy", "T2", "sme"),
    ("Liikuntaverso Oy", "T2", "sme"),
    ("Biosauma Oy", "T2", "sme"),
    ("Hoivarobotiikka Oy", "T2", "sme"),
    ("Medivire Oyj", "T2", "large"),
    # T3: learning environments and digital competence
    ("Oppimo Oy", "T3", "sme"),
    ("Taitopolku Oy", "T3", "sme"),
    ("Eduverso Oy", "T3", "sme"),
    ("Tietokipinä Oy", "T3", "sme"),
    ("Koodikoulu Oy", "T3", "sme"),
    ("Osaamisnavi Oy", "T3", "sme"),
    ("Luokkapilvi Oy", "T3", "sme"),
    ("Sanasointu Oy", "T3", "sme"),
    ("Virtuaalipaja Oy", "T3", "sme"),
    ("Opintoverkko Pohjola Oy", "T3", "large"),
    # T4: new openings
    ("Kvanttikide Oy", "T4", "sme"),
    ("Louhilabs Oy", "T4", "sme"),
    ("Sensorilaakso Oy", "T4", "sme"),
    ("Datakajo Oy", "T4", "sme"),
    ("Fotonipaja Oy", "T4", "sme"),
    ("Avaruusverso Oy", "T4", "sme"),
    ("Materiaalikipinä Oy", "T4", "sme"),
    ("Vetyvirta Oy", "T4", "sme"),
    ("Kyberlinna Oy", "T4", "sme"),
    ("Kasvupolku Ventures Oy", "T4", "sme"),
    ("Sellukuitu Oy", "T4", "sme"),
    ("Akkukierto Oy", "T4", "sme"),
    ("Luova Kone Oy", "T4", "sme"),
    ("Verkkotaajuus Oy", "T4", "sme"),
    ("Teräsaalto Oyj", "T4", "large"),
    ("Robottiverstas Oy", "T4", "sme"),
    ("Kattoniitty Oy", "T1", "sme"),
    ("Hyvinvointikello Oy", "T2", "sme"),
    ("Opeapuri Oy", "T3", "sme"),
)
COMPANY_MUNICIPALITIES = ("Helsinki", "Helsinki", "Espoo", "Espoo", "Vantaa")

# ---------------------------------------------------------------------------------------------------------
# Test environments: generic names of the kind the cities and universities run.


@dataclass(frozen=True)
class TestEnvironmentSpec:
    __test__ = False  # not a pytest test class

    name: str
    owner: str  # an organisation key: a city key or a REAL_ORGANISATIONS key
    city: str
    themes: tuple[str, ...]
    description: str
    available_from: dt.date


TEST_ENVIRONMENTS: tuple[TestEnvironmentSpec, ...] = (
    TestEnvironmentSpec(
        "Kalasataman kokeilualusta",
        "forum-virium",
        "helsinki",
        ("T1", "T2"),
        "Asuinalue, jossa yritykset kokeilevat älykkäitä kaupunkiratkaisuja yhdessä asukkaiden kanssa.",
        dt.date(2021, 1, 1),
    ),
    TestEnvironmentSpec(
        "Jätkäsaaren liikkumisen kokeilualue",
        "helsinki",
        "helsinki",
        ("T1",),
        "Katuympäristö uusien liikkumispalvelujen ja jakeluratkaisujen kokeiluihin.",
        dt.date(2022, 1, 1),
    ),
    TestEnvironmentSpec(
        "Viikin kaupunkiviljelyn tutkimusalusta",
        "hy",
        "helsinki",
        ("T1", "T2"),
        "Kasvatustilat ja laboratoriot kaupunkiviljelyn ja ruokateknologian kokeiluihin.",
        dt.date(2022, 3, 1),
    ),
    TestEnvironmentSpec(
        "Meilahden terveysteknologian testausympäristö",
        "hus",
        "helsinki",
        ("T2",),
        "Sairaalaympäristö terveysteknologian kliiniseen testaukseen ja validointiin.",
        dt.date(2021, 6, 1),
    ),
    TestEnvironmentSpec(
        "Myllypuron kampuksen simulaatiotilat",
        "metropolia",
        "helsinki",
        ("T2", "T3"),
        "Sote-alan simulaatio- ja oppimisympäristöt, joissa yritykset voivat testata ratkaisujaan.",
        dt.date(2021, 1, 1),
    ),
    TestEnvironmentSpec(
        "Helsingin koulujen oppimisteknologian kokeiluverkosto",
        "helsinki",
        "helsinki",
        ("T3",),
        "Peruskoulujen verkosto, joka tarjoaa luokkansa oppimisteknologian kokeiluihin.",
        dt.date(2022, 8, 1),
    ),
    TestEnvironmentSpec(
        "Otaniemen energiakokeilualusta",
        "aalto",
        "espoo",
        ("T1", "T4"),
        "Kampuksen rakennukset ja energiaverkko energiaratkaisujen kokeiluihin.",
        dt.date(2021, 1, 1),
    ),
    TestEnvironmentSpec(
        "Kera-alueen kiertotalouskokeilut",
        "espoo",
        "espoo",
        ("T1",),
        "Muuttuva entinen teollisuusalue kiertotalouden ja vähähiilisen rakentamisen kokeiluihin.",
        dt.date(2022, 1, 1),
    ),
    TestEnvironmentSpec(
        "Espoon koulujen kehittäjäverkosto",
        "espoo",
        "espoo",
        ("T3",),
        "Koulut, jotka osallistuvat yritysten ja tutkijoiden kanssa oppimisratkaisujen kehittämiseen.",
        dt.date(2022, 8, 1),
    ),
    TestEnvironmentSpec(
        "Biopohjaisten materiaalien pilotointiympäristö",
        "vtt",
        "espoo",
        ("T4",),
        "Pilottimittakaavan laitteistot uusien materiaalien valmistukseen ja testaukseen.",
        dt.date(2021, 1, 1),
    ),
    TestEnvironmentSpec(
        "Aviapoliksen älykkään liikkumisen testialue",
        "vantaa",
        "vantaa",
        ("T1",),
        "Lentoaseman lähialue liikkumisen, logistiikan ja automaattiajamisen kokeiluihin.",
        dt.date(2022, 1, 1),
    ),
    TestEnvironmentSpec(
        "Tikkurilan hyvinvointiteknologian kotikokeilut",
        "vakehyva",
        "vantaa",
        ("T2",),
        "Kotihoidon asiakkaiden kodit, joissa kokeillaan kotona asumista tukevaa teknologiaa.",
        dt.date(2023, 3, 1),
    ),
    TestEnvironmentSpec(
        "Vantaan työllisyyspalvelujen digikokeilut",
        "vantaa",
        "vantaa",
        ("T3",),
        "Työllisyyspalvelujen asiakasprosessit digitaalisten osaamisratkaisujen kokeiluihin.",
        dt.date(2022, 1, 1),
    ),
    TestEnvironmentSpec(
        "Kivistön kestävän rakentamisen kokeilualue",
        "vantaa",
        "vantaa",
        ("T1",),
        "Rakentuva kaupunginosa, jossa kokeillaan vähähiilisiä materiaaleja ja energiaratkaisuja.",
        dt.date(2022, 1, 1),
    ),
    TestEnvironmentSpec(
        "Avoimen datan ja kaupunkisensoreiden alusta",
        "forum-virium",
        "helsinki",
        ("T1", "T4"),
        "Sensoriverkko ja avoimet rajapinnat, joiden varaan yritykset voivat rakentaa palveluja.",
        dt.date(2021, 1, 1),
    ),
)

# ---------------------------------------------------------------------------------------------------------
# Contact persons: obviously fictitious names (first, last, title, organisation key).

CONTACT_PERSONS: tuple[tuple[str, str, str, str], ...] = (
    ("Maija", "Meikäläinen", "erityisasiantuntija", "helsinki"),
    ("Matti", "Meikäläinen", "kehittämispäällikkö", "espoo"),
    ("Eeva", "Esimerkki", "innovaatiojohtaja", "vantaa"),
    ("Erkki", "Esimerkki", "tutkimuspäällikkö", "aalto"),
    ("Teemu", "Testinen", "projektipäällikkö", "hy"),
    ("Tiina", "Testinen", "TKI-asiantuntija", "metropolia"),
    ("Kalle", "Kokeilija", "yliopettaja", "laurea"),
    ("Kaisa", "Kokeilija", "johtava tutkija", "vtt"),
    ("Mikko", "Mallikas", "kehitysjohtaja", "hus"),
    ("Minna", "Mallikas", "ohjelmapäällikkö", "forum-virium"),
    ("Pirjo", "Pilotti", "toimitusjohtaja", "company:Kiertotalo Oy"),
    ("Pekka", "Pilotti", "tuotekehitysjohtaja", "company:Vointilabs Oy"),
    ("Sanna", "Salkku", "toimitusjohtaja", "company:Oppimo Oy"),
    ("Heikki", "Hanke", "teknologiajohtaja", "company:Kvanttikide Oy"),
)

# ---------------------------------------------------------------------------------------------------------
# Calls for ideas: (code, opens, closes, theme codes or () for all, status, outcomes).
# Outcomes per call are counts: proposal outcomes (funded, rejected, withdrawn, presented, in_review,
# submitted, returned, draft) and idea outcomes (declined, merged, idea_submitted).

PROPOSAL_OUTCOMES = (
    "funded",
    "rejected",
    "withdrawn",
    "presented",
    "in_review",
    "submitted",
    "returned",
    "draft",
)
IDEA_OUTCOMES = ("declined", "merged", "idea_submitted")


@dataclass(frozen=True)
class CallSpec:
    code: str
    opens: dt.date
    closes: dt.date
    themes: tuple[str, ...]  # () means every priority theme
    status: str
    outcomes: dict[str, int] = field(default_factory=dict)
    title: str = ""


CALLS: tuple[CallSpec, ...] = (
    CallSpec(
        "1/2021",
        dt.date(2021, 4, 12),
        dt.date(2021, 5, 28),
        (),
        "closed",
        {"funded": 7, "rejected": 3, "withdrawn": 1, "declined": 8, "merged": 1},
    ),
    CallSpec(
        "1/2022",
        dt.date(2022, 3, 7),
        dt.date(2022, 4, 22),
        (),
        "closed",
        {"funded": 4, "rejected": 2, "declined": 6, "merged": 1},
    ),
    CallSpec(
        "2/2022",
        dt.date(2022, 9, 5),
        dt.date(2022, 10, 21),
        ("T1", "T2"),
        "closed",
        {"funded": 4, "rejected": 1, "withdrawn": 1, "declined": 5},
    ),
    CallSpec(
        "1/2023",
        dt.date(2023, 3, 6),
        dt.date(2023, 4, 21),
        (),
        "closed",
        {"funded": 4, "rejected": 2, "declined": 6, "merged": 1},
    ),
    CallSpec(
        "2/2023",
        dt.date(2023, 9, 4),
        dt.date(2023, 10, 20),
        ("T2", "T3"),
        "closed",
        {"funded": 3, "rejected": 1, "withdrawn": 1, "declined": 4},
    ),
    CallSpec(
        "1/2024",
        dt.date(2024, 3, 4),
        dt.date(2024, 4, 19),
        (),
        "closed",
        {"funded": 4, "rejected": 2, "declined": 4, "merged": 1},
    ),
    CallSpec(
        "2/2024",
        dt.date(2024, 9, 2),
        dt.date(2024, 10, 18),
        ("T1", "T4"),
        "closed",
        {"funded": 3, "rejected": 1, "declined": 4},
    ),
    CallSpec(
        "1/2025",
        dt.date(2025, 3, 3),
        dt.date(2025, 4, 17),
        (),
        "closed",
        {"funded": 4, "rejected": 1, "withdrawn": 1, "declined": 5, "merged": 1},
    ),
    CallSpec(
        "2/2025",
        dt.date(2025, 9, 1),
        dt.date(2025, 10, 17),
        ("T1", "T2", "T3"),
        "closed",
        {"funded": 3, "rejected": 1, "declined": 4},
    ),
    CallSpec(
        "1/2026",
        dt.date(2026, 4, 6),
        dt.date(2026, 5, 22),
        (),
        "closed",
        {"funded": 3, "presented": 3, "rejected": 2, "in_review": 1, "declined": 5, "merged": 1},
    ),
    CallSpec(
        "2/2026",
        dt.date(2026, 8, 31),
        dt.date(2026, 10, 9),
        (),
        "closed",
        # The steering group's next decision: many more proposals than the 2027 frames have room for.
        {"submitted": 4, "in_review": 19, "returned": 2, "draft": 3, "declined": 3, "idea_submitted": 2},
    ),
    CallSpec(
        "3/2026",
        dt.date(2026, 11, 2),
        dt.date(2027, 1, 29),
        ("T4",),
        "open",
        {"idea_submitted": 7},
        title="Jatkuva haku 3/2026: uudet avaukset",
    ),
    CallSpec("1/2027", dt.date(2027, 2, 1), dt.date(2027, 3, 19), ("T1", "T2", "T3"), "draft", {}),
)
# The call whose proposals await the steering group's choice: `salkku demo-data` makes a finished
# optimisation scenario of it.
DECISION_CALL = "2/2026"

# Short theme names for call titles (joined with "sekä", since the names contain "ja").
THEME_TITLES = {
    "T1": "kaupunkiratkaisut",
    "T2": "hyvinvointi ja terveys",
    "T3": "oppiminen ja osaaminen",
    "T4": "uudet avaukset",
}

CALL_INSTRUCTIONS = (
    "Haku on avoin pääkaupunkiseudun korkeakouluille, tutkimuslaitoksille, kaupunkien yksiköille ja "
    "yrityksille. Kuvaa hankeidea lyhyesti: tavoite, keskeiset toimenpiteet, kumppanit ja alustava budjetti. "
    "Koordinaatiohanke järjestää haun aikana infotilaisuuden ja sparraa lupaavia ideoita hakemuksiksi.",
    "Haemme ideoita, jotka tuovat yritysten ja korkeakoulujen TKI-toiminnan kaupunkien kokeiluympäristöihin. "
    "Kerro, mitä kokeillaan, missä ja kenen kanssa, ja miten kaupungit voivat hyödyntää tuloksia. "
    "Päällekkäisiä ideoita yhdistetään tarvittaessa ennen hakemusvaihetta.",
    "Idean enimmäispituus on 3 000 merkkiä. Johtoryhmä arvioi ideat painopisteen tavoitteiden, "
    "vaikuttavuuden ja kumppanuuksien perusteella. Valitut ideat kutsutaan jättämään varsinainen hakemus.",
)

# ---------------------------------------------------------------------------------------------------------
# Text material. A topic gives a project's subject; its phrases have variants so that projects on the
# same topic do not share sentences. Placeholders: {paikka} a district with its city in the locative
# ("Espoon Kera-alueella"), {kaupungeissa} the cities in the locative ("Helsingissä ja Vantaalla"),
# {kaupunkien} the cities in the genitive ("Helsingin ja Vantaan").
#
# aims: first-infinitive phrases ("kehittää ..."), used after "Hankkeen tavoitteena on".
# actions: whole sentences. results: clauses that start with their subject ("kaupungit saavat ...").
# targets: nominative plural ("kiinteistöalan pk-yritykset ...").


@dataclass(frozen=True)
class Topic:
    theme: str
    key: str
    acronym: str
    titles: tuple[str, ...]
    aims: tuple[str, ...]
    actions: tuple[str, ...]
    results: tuple[str, ...]
    target: str
    leads: tuple[str, ...]


TOPICS: tuple[Topic, ...] = (
    # -- T1 Smart and sustainable city solutions ------------------------------------------------------
    Topic(
        "T1",
        "energianhallinta",
        "ÄLYKIINTEISTÖ",
        (
            "Julkisten kiinteistöjen älykäs energianhallinta",
            "Tekoäly koulujen ja päiväkotien energiankäytön ohjauksessa",
        ),
        (
            "kehittää ja pilotoida tekoälyyn perustuvaa energianhallintaa kaupunkien kouluissa ja "
            "päiväkodeissa",
            "vähentää julkisten rakennusten energiankulutusta ohjaamalla lämmitystä ja ilmanvaihtoa käytön "
            "ja "
            "sähkön hinnan mukaan",
            "tuoda pk-yritysten energianhallintaratkaisut kaupunkien kiinteistöihin todellisiin "
            "käyttöolosuhteisiin",
        ),
        (
            "Ratkaisuja testataan {kaupunkien} kouluissa, joissa sisäolosuhteita ja energiankulutusta "
            "mitataan "
            "ennen kokeiluja ja niiden aikana.",
            "Kokeiluissa yhdistetään rakennusautomaation, sääennusteiden ja tilavarausten tiedot, ja "
            "ohjausta "
            "säädetään kiinteistökohtaisesti.",
            "Yritykset pääsevät kehittämään palveluitaan kaupungin kiinteistöissä {paikka}, ja tutkijat "
            "arvioivat "
            "säästöjen pysyvyyttä.",
        ),
        (
            "kaupungit tietävät mittausten perusteella, mitkä ohjausratkaisut kannattaa ottaa laajempaan "
            "käyttöön",
            "osallistuvilla yrityksillä on referenssikohteita, joiden tuloksia ne voivat esitellä myös "
            "kansainvälisille asiakkaille",
        ),
        "kiinteistöalan pk-yritykset ja kaupunkien tilapalvelut",
        ("aalto", "vtt", "espoo", "metropolia"),
    ),
    Topic(
        "T1",
        "hukkalampo",
        "HUKKALÄMPÖ",
        (
            "Hukkalämmön hyödyntäminen kaupunkien energiajärjestelmässä",
            "Datakeskusten ja kauppojen hukkalämpö kaukolämpöverkkoon",
        ),
        (
            "selvittää ja kokeilla, miten datakeskusten, kauppojen ja teollisuuden hukkalämpö saadaan "
            "kannattavasti kaukolämpöverkkoon",
            "kehittää hukkalämmön talteenottoon ja jakeluun liiketoimintamalleja, jotka toimivat myös "
            "pienissä "
            "kohteissa",
            "vähentää kaukolämmön tuotannon päästöjä hyödyntämällä alueen omia lämmönlähteitä",
        ),
        (
            "Hankkeessa kartoitetaan hukkalämmön lähteet {kaupungeissa} ja rakennetaan kaksi pilottikohdetta "
            "lämpöpumppuyritysten kanssa.",
            "Pilottikohteissa mitataan lämmön määrää, laatua ja ajoittumista, ja tuloksista mallinnetaan "
            "laajemman käyttöönoton kannattavuus.",
            "Tutkijat ja yritykset kehittävät yhdessä sopimusmalleja, joilla lämmön myyjä ja ostaja jakavat "
            "investoinnin riskit.",
        ),
        (
            "kaupungeilla on laskentamalli, jolla uusien hukkalämpökohteiden kannattavuus voidaan arvioida "
            "jo "
            "kaavoitusvaiheessa",
            "lämpöpumppu- ja automaatioyritykset saavat pilottikohteista referenssejä ja uusia "
            "palvelutuotteita",
        ),
        "energia- ja lämpöpumppualan yritykset sekä kiinteistönomistajat",
        ("vtt", "aalto", "helsinki", "vantaa"),
    ),
    Topic(
        "T1",
        "energiayhteisot",
        "ENERGIAYHTEISÖ",
        ("Energiayhteisöt asuinalueiden sähköntuotannossa", "Aurinkosähkö ja energiayhteisöt taloyhtiöissä"),
        (
            "kehittää malleja, joilla taloyhtiöt ja asukkaat voivat tuottaa ja jakaa aurinkosähköä yhteisönä",
            "kokeilla energiayhteisöjen teknisiä ja juridisia ratkaisuja todellisissa asuinkortteleissa",
            "madaltaa kynnystä, jolla taloyhtiöt investoivat paikalliseen energiantuotantoon ja "
            "-varastointiin",
        ),
        (
            "Kokeilut toteutetaan {paikka} kolmessa taloyhtiössä, joihin asennetaan aurinkopaneelit, akusto "
            "ja "
            "yhteinen mittarointi.",
            "Hankkeessa kehitetään asukkaille sovellus, joka näyttää tuotannon ja kulutuksen ja ohjaa sähkön "
            "käyttöä edullisille tunneille.",
            "Juridiset ja verotukselliset kysymykset selvitetään yhdessä isännöitsijöiden ja "
            "energiayhtiöiden "
            "kanssa.",
        ),
        (
            "taloyhtiöillä on käytännön opas ja sopimuspohjat energiayhteisön perustamiseen",
            "pk-yritykset pystyvät tarjoamaan energiayhteisöille kokonaispalvelua suunnittelusta ylläpitoon",
        ),
        "taloyhtiöt, isännöitsijät ja energiapalveluja tarjoavat yritykset",
        ("metropolia", "aalto", "vantaa"),
    ),
    Topic(
        "T1",
        "lataus",
        "LATAUSÄLY",
        (
            "Sähköautojen älykäs lataus taloyhtiöissä ja pysäköintilaitoksissa",
            "Latausinfrastruktuurin kuormanhallinta kaupunkiympäristössä",
        ),
        (
            "kehittää latausratkaisuja, jotka sovittavat sähköautojen latauksen kiinteistön muuhun "
            "kulutukseen ja "
            "sähköverkon tilaan",
            "kokeilla kaksisuuntaista latausta, jossa sähköautojen akkuja käytetään kiinteistön ja verkon "
            "jouston lähteenä",
            "nopeuttaa latauspisteiden rakentamista vanhoihin taloyhtiöihin kustannustehokkaasti",
        ),
        (
            "Pilotit toteutetaan {paikka} pysäköintilaitoksissa ja taloyhtiöissä, joissa kuormanhallintaa "
            "testataan eri vuodenaikoina.",
            "Kokeiluissa kerätään latausdataa, jonka avulla yritykset kehittävät ennustemalleja ja uusia "
            "palveluita.",
            "Kaupunki tarjoaa kokeiluille omat pysäköintilaitoksensa, ja yritykset tuovat mukaan laitteet ja "
            "ohjausjärjestelmät.",
        ),
        (
            "kaupungit saavat tietoa latausverkon mitoitukseen ja kaavoitukseen",
            "latausratkaisuja kehittävät yritykset voivat osoittaa ratkaisujensa toimivuuden todellisessa "
            "ympäristössä",
        ),
        "latauslaitteiden ja energianhallinnan yritykset, taloyhtiöt ja pysäköintiyhtiöt",
        ("forum-virium", "metropolia", "espoo"),
    ),
    Topic(
        "T1",
        "liikkumispalvelut",
        "MATKAKETJU",
        (
            "Liikkumispalvelujen yhdistäminen joukkoliikenteeseen",
            "Ensimmäisen ja viimeisen kilometrin liikkumisratkaisut",
        ),
        (
            "kehittää palveluita, jotka yhdistävät kaupunkipyörät, kevyet sähköajoneuvot ja kutsuliikenteen "
            "joukkoliikenteen matkaketjuihin",
            "parantaa liikkumisen sujuvuutta alueilla, joilla joukkoliikenteen yhteydet ovat harvat",
            "kokeilla uusia liikkumispalveluja asukkaiden arjessa ja mitata niiden vaikutusta autoiluun",
        ),
        (
            "Palveluja kokeillaan {paikka}, jossa asukkaat käyttävät niitä osana päivittäisiä matkojaan.",
            "Hankkeessa kerätään matkustajien palautetta ja liikkumisdataa, joiden perusteella palveluja "
            "kehitetään kokeilujen välillä.",
            "Yritykset, kaupungit ja liikennetutkijat suunnittelevat kokeilut yhdessä, ja tulokset "
            "arvioidaan "
            "puolueettomasti.",
        ),
        (
            "kaupungit saavat näyttöä siitä, millaiset liikkumispalvelut vähentävät yksityisautoilua "
            "lähiöissä",
            "liikkumispalveluja tarjoavat yritykset pääsevät testaamaan liiketoimintamallejaan todellisilla "
            "käyttäjillä",
        ),
        "liikkumispalveluja kehittävät yritykset, joukkoliikenteen järjestäjät ja asukkaat",
        ("forum-virium", "aalto", "vantaa", "helsinki"),
    ),
    Topic(
        "T1",
        "robottiliikenne",
        "ROBOKATU",
        (
            "Robottibussit ja jakelurobotit kaupunkiliikenteessä",
            "Automaattisen liikenteen kokeilut katuympäristössä",
        ),
        (
            "kokeilla automaattisia ajoneuvoja ja jakelurobotteja oikeassa katuympäristössä yhdessä "
            "asukkaiden "
            "kanssa",
            "selvittää, millaisia vaatimuksia automaattinen liikenne asettaa katusuunnittelulle ja "
            "liikenteenohjaukselle",
            "luoda kaupungeille valmiudet ottaa automaattiset liikennepalvelut osaksi joukkoliikennettä",
        ),
        (
            "Robottibussilinja ja jakelurobotit toimivat {paikka} kahden kokeilujakson ajan, ja niiden "
            "toimintaa "
            "seurataan etävalvomosta.",
            "Kokeiluissa testataan ajoneuvojen ja liikennevalojen välistä viestintää sekä talviolosuhteiden "
            "vaikutusta.",
            "Asukkaiden ja muiden tienkäyttäjien kokemuksia kerätään kyselyin ja haastatteluin.",
        ),
        (
            "kaupungit tietävät, mitä automaattisten liikennepalvelujen hankinta ja ylläpito edellyttävät",
            "yritykset saavat pohjoisista olosuhteista testidataa, jota muualta ei ole saatavilla",
        ),
        "liikenne- ja robotiikka-alan yritykset sekä kaupunkien liikennesuunnittelijat",
        ("forum-virium", "metropolia", "vtt"),
    ),
    Topic(
        "T1",
        "kaupunkiviljely",
        "KAUPUNKISATO",
        ("Kaupunkiviljely ja paikallinen ruoantuotanto", "Vertikaaliviljelyn kokeilut kaupunkiympäristössä"),
        (
            "kehittää kaupunkiympäristöön sopivia ruoantuotannon ratkaisuja vertikaaliviljelystä "
            "kattoviljelmiin",
            "tutkia, miten kaupunkiviljely voi hyödyntää rakennusten hukkalämpöä ja kierrätettyjä ravinteita",
            "tuoda paikallisesti tuotettua ruokaa koulujen ja päiväkotien ruokapalveluihin",
        ),
        (
            "Viljelykokeiluja tehdään {paikka} sekä kouluissa, joissa oppilaat seuraavat kasvatusta osana "
            "opetusta.",
            "Hankkeessa mitataan viljelmien energiankulutus, satotaso ja ravinteiden kierto, ja tuloksia "
            "verrataan perinteiseen tuotantoon.",
            "Yritykset testaavat valaistus-, kastelu- ja automaatioratkaisujaan yhdessä tutkijoiden kanssa.",
        ),
        (
            "kaupunkiviljelyyrityksillä on tutkittua tietoa tuotantonsa kannattavuudesta ja "
            "ympäristövaikutuksista",
            "kaupungit voivat ottaa kaupunkiviljelyn huomioon kaavoituksessa ja ruokapalvelujen hankinnoissa",
        ),
        "ruoantuotannon ja viljelyteknologian yritykset sekä kaupunkien ruokapalvelut",
        ("luke", "hy", "metropolia"),
    ),
    Topic(
        "T1",
        "hulevedet",
        "VIHERVESI",
        (
            "Luontopohjaiset hulevesiratkaisut tiivistyvässä kaupungissa",
            "Viherrakenteet ja hulevesien hallinta rakennetussa ympäristössä",
        ),
        (
            "kehittää ja testata luontopohjaisia ratkaisuja, jotka viivyttävät ja puhdistavat hulevesiä "
            "tiiviisti "
            "rakennetuilla alueilla",
            "sopeuttaa kaupunkiympäristöä rankkasateisiin ja helteisiin viherrakenteiden avulla",
            "tuoda yritysten uudet hulevesituotteet kaupunkien katu- ja puistohankkeisiin",
        ),
        (
            "Koerakenteita toteutetaan {paikka} katu- ja pihakohteisiin, joissa veden määrää ja laatua "
            "seurataan "
            "sensoreilla.",
            "Tutkijat mallintavat rakenteiden vaikutusta tulvariskiin ja kaupunkiluonnon monimuotoisuuteen.",
            "Kaupungin rakennuttajat ja yritykset kehittävät yhdessä rakenteiden hoito- ja ylläpitomalleja.",
        ),
        (
            "kaupungeilla on testattuja rakenneratkaisuja ja suunnitteluohjeita uusiin katu- ja "
            "puistohankkeisiin",
            "viherrakentamisen yritykset saavat tuotteilleen mitattua näyttöä toimivuudesta",
        ),
        "viherrakentamisen ja vesihuollon yritykset sekä kaupunkien rakennuttajat",
        ("fmi", "hy", "aalto", "espoo"),
    ),
    Topic(
        "T1",
        "ruokahavikki",
        "HÄVIKKI",
        (
            "Ruokahävikin vähentäminen julkisissa ruokapalveluissa",
            "Biojätteen ja ruokahävikin kiertotalousratkaisut",
        ),
        (
            "vähentää ruokahävikkiä koulujen, päiväkotien ja palvelutalojen keittiöissä datan ja uusien "
            "toimintatapojen avulla",
            "kehittää palveluita, joilla ylijäämäruoka ohjataan hyötykäyttöön ennen kuin siitä tulee jätettä",
            "löytää biojätteelle arvokkaampia käyttötapoja yhdessä yritysten kanssa",
        ),
        (
            "Keittiöihin {kaupungeissa} asennetaan punnitus- ja kuvantamislaitteet, joiden tiedoista nähdään "
            "hävikin syntykohdat.",
            "Hankkeessa kokeillaan ylijäämäruoan myyntiä ja jakamista sovelluksen kautta.",
            "Biojätteen jatkojalostusta testataan laboratoriossa ja pienen mittakaavan pilottilaitteistolla.",
        ),
        (
            "kaupunkien ruokapalvelut saavat toimintamallin, jolla hävikkiä voidaan seurata ja vähentää "
            "jatkuvasti",
            "yritykset voivat kaupallistaa hankkeessa testatut sovellukset ja laitteet",
        ),
        "kaupunkien ruokapalvelut, ruokaketjun yritykset ja sovelluskehittäjät",
        ("luke", "haaga-helia", "metropolia", "helsinki"),
    ),
    Topic(
        "T1",
        "digikaksonen",
        "KAUPUNKIMALLI",
        (
            "Kaupungin digitaalinen kaksonen ilmastotyön tukena",
            "Kaupunkimallit ja paikkatieto päästöjen vähentämisessä",
        ),
        (
            "hyödyntää kaupunkien 3D-kaupunkimalleja ja avointa dataa rakennusten energiankulutuksen ja "
            "päästöjen "
            "mallintamisessa",
            "kehittää digitaaliseen kaksoseen perustuvia työkaluja, joilla kaupunkisuunnittelun "
            "ilmastovaikutukset "
            "voidaan arvioida etukäteen",
            "avata kaupunkimallien rajapinnat yrityksille uusien palveluiden kehittämiseen",
        ),
        (
            "Työkaluja kehitetään {kaupunkien} kaupunkimallien päälle, ja niitä kokeillaan todellisissa "
            "kaavoitushankkeissa.",
            "Yritykset rakentavat avoimen datan pohjalta sovelluksia esimerkiksi aurinkoenergian "
            "potentiaalin ja "
            "varjostusten arviointiin.",
            "Tutkijat validoivat mallien tulokset vertaamalla niitä mitattuun kulutusdataan.",
        ),
        (
            "kaupunkisuunnittelijoilla on käytössään työkalut, joilla ilmastovaikutuksia voi vertailla jo "
            "luonnosvaiheessa",
            "paikkatietoalan yritykset ovat tuotteistaneet kaupunkimalleihin perustuvia palveluita",
        ),
        "paikkatieto- ja ohjelmistoyritykset sekä kaupunkien suunnittelijat",
        ("forum-virium", "aalto", "helsinki", "espoo"),
    ),
    Topic(
        "T1",
        "ilmanlaatu",
        "ILMASENSORI",
        ("Ilmanlaadun ja melun sensoriverkosto", "Katutason ilmanlaadun mittaus ja ennustaminen"),
        (
            "rakentaa edullisista sensoreista verkosto, joka mittaa ilmanlaatua ja melua katutasolla "
            "reaaliajassa",
            "kehittää ennustemalleja, jotka yhdistävät sensoridatan, sääennusteet ja liikennetiedot",
            "tuoda ilmanlaatutieto asukkaiden ja yritysten käyttöön avoimena datana",
        ),
        (
            "Sensoreita asennetaan {paikka} katuvaloihin ja pysäkeille, ja niiden tarkkuutta verrataan "
            "viralliseen "
            "mittausasemaan.",
            "Ennustemalleja testataan kahden lämmityskauden aikana, jolloin pienhiukkaspitoisuudet "
            "vaihtelevat "
            "eniten.",
            "Yritykset voivat kehittää avoimen rajapinnan varaan sovelluksia, kuten reittioppaita herkille "
            "ryhmille.",
        ),
        (
            "kaupungit voivat kohdistaa ilmanlaatua parantavat toimenpiteet sinne, missä niistä on eniten "
            "hyötyä",
            "sensorivalmistajat saavat kalibrointituloksia, joiden avulla tuotteiden luotettavuutta voidaan "
            "parantaa",
        ),
        "sensori- ja ohjelmistoyritykset, kaupunkien ympäristöpalvelut ja asukkaat",
        ("fmi", "forum-virium", "hy"),
    ),
    Topic(
        "T1",
        "vahahiilinen",
        "HIILIVIISAS",
        (
            "Vähähiilisen rakentamisen materiaalikokeilut",
            "Puurakentaminen ja vähähiiliset betonit kaupungin kohteissa",
        ),
        (
            "kokeilla vähähiilisiä betoneita, puurakenteita ja uusia sideaineita kaupunkien omissa "
            "rakennushankkeissa",
            "kehittää menetelmiä, joilla rakennusmateriaalien hiilijalanjälki voidaan todentaa jo "
            "hankintavaiheessa",
            "luoda kaupunkien rakennuttajille yhteiset kriteerit vähähiilisten materiaalien hankintaan",
        ),
        (
            "Materiaaleja kokeillaan {paikka} koulu- ja päiväkotikohteissa, joissa rakenteiden toimivuutta "
            "seurataan mittauksin.",
            "Tutkijat laskevat vaihtoehtoisten rakenneratkaisujen elinkaaripäästöt ja kustannukset.",
            "Hankkeessa järjestetään markkinavuoropuheluja, joissa yritykset esittelevät uusia tuotteitaan "
            "rakennuttajille.",
        ),
        (
            "kaupungeilla on hankintakriteerit, joilla vähähiiliset materiaalit saadaan osaksi tavanomaista "
            "rakentamista",
            "materiaalivalmistajat saavat todellisista kohteista näyttöä tuotteidensa toimivuudesta",
        ),
        "rakennusmateriaalien valmistajat, rakennusliikkeet ja kaupunkien rakennuttajat",
        ("vtt", "aalto", "metropolia", "espoo"),
    ),
    Topic(
        "T1",
        "kaupunkilogistiikka",
        "JAKELU",
        (
            "Sähköiset jakeluratkaisut kaupunkilogistiikassa",
            "Keskustan tavarakuljetusten yhteiskäyttöiset jakeluterminaalit",
        ),
        (
            "kokeilla sähköisiä jakeluajoneuvoja, rahtipyöriä ja yhteiskäyttöisiä jakeluterminaaleja "
            "keskusta-alueilla",
            "vähentää tavarajakelun päästöjä ja katutilan ruuhkaa ajoittamalla ja yhdistelemällä kuljetuksia",
            "kehittää kaupungeille keinoja ohjata kaupunkilogistiikkaa kohti vähäpäästöisyyttä",
        ),
        (
            "Jakeluterminaali ja lastausalueet toteutetaan {paikka}, ja niitä käyttää useampi "
            "kuljetusyritys.",
            "Kuljetusten reitit, ajoitukset ja päästöt mitataan, ja tuloksia verrataan tavanomaiseen "
            "jakeluun.",
            "Kokeiluissa testataan myös digitaalista lastausalueiden varausjärjestelmää.",
        ),
        (
            "kaupungit voivat ohjata kaupunkilogistiikkaa tiedolla johdetusti ja suunnitella lastausalueet "
            "uudelleen",
            "kuljetusyritykset saavat kokemusta sähköisestä kalustosta ja yhteistoimintamalleista",
        ),
        "kuljetus- ja logistiikkayritykset, kauppa ja kaupunkien liikennesuunnittelu",
        ("metropolia", "helsinki", "vtt"),
    ),
    Topic(
        "T1",
        "lammonvarastointi",
        "KAUSIVARASTO",
        ("Lämmön kausivarastointi ja energiajärjestelmän jousto", "Kallioperän ja maaperän lämpövarastot"),
        (
            "tutkia ja kokeilla, miten kesän ylijäämälämpö voidaan varastoida maaperään ja kallioon talven "
            "tarpeisiin",
            "kehittää lämpövarastojen mitoitus- ja ohjausmenetelmiä yhdessä energiayhtiöiden ja yritysten "
            "kanssa",
            "lisätä energiajärjestelmän joustoa, jotta uusiutuvan sähkön vaihtelevaa tuotantoa voidaan "
            "hyödyntää "
            "paremmin",
        ),
        (
            "Pilottivarasto rakennetaan {paikka}, ja sen lämpötiloja seurataan kuitukaapelimittauksin.",
            "Geologiset olosuhteet kartoitetaan, ja tulosten perusteella arvioidaan alueet, joille varastoja "
            "kannattaa sijoittaa.",
            "Ohjausalgoritmeja testataan simuloinnein ennen niiden käyttöönottoa pilottikohteessa.",
        ),
        (
            "kaupungeilla ja energiayhtiöillä on tietoa lämpövarastojen soveltuvuudesta eri alueille",
            "porausta ja energiajärjestelmiä toimittavat yritykset saavat uusia palvelumahdollisuuksia",
        ),
        "energiayhtiöt, porausyritykset ja energiajärjestelmien toimittajat",
        ("gtk", "aalto", "vtt"),
    ),
    Topic(
        "T1",
        "tekstiilit",
        "TEKSTIILIKIERTO",
        ("Poistotekstiilien lajittelu ja kierrätys", "Tekstiilien kiertotalouden uudet liiketoimintamallit"),
        (
            "kehittää poistotekstiilien automaattista tunnistamista ja lajittelua uudelleenkäyttöä ja "
            "kierrätystä "
            "varten",
            "luoda kaupunkien ja yritysten yhteisiä toimintamalleja tekstiilien keräykseen, korjaamiseen ja "
            "vuokraukseen",
            "kokeilla uusia liiketoimintamalleja, joissa vaatteet ja kodintekstiilit pysyvät kierrossa "
            "pidempään",
        ),
        (
            "Lajittelulinjaa testataan {paikka}, ja sen tunnistustarkkuutta parannetaan koneoppimisen "
            "avulla.",
            "Korjaus- ja vuokrauspalveluita kokeillaan kirjastoissa ja asukastiloissa yhdessä paikallisten "
            "yritysten kanssa.",
            "Kuluttajien käyttäytymistä ja palvelujen kannattavuutta tutkitaan kokeilujen aikana.",
        ),
        (
            "tekstiilien kierrätykseen syntyy pääkaupunkiseudulle uutta yritystoimintaa ja palveluja",
            "kaupungit saavat toimintamallin tekstiilijätteen vähentämiseen omissa palveluissaan",
        ),
        "tekstiili- ja kierrätysalan yritykset, kaupunkien kirjastot ja asukkaat",
        ("aalto", "metropolia", "laurea"),
    ),
    Topic(
        "T1",
        "hankinnat",
        "KIERTOHANKINTA",
        (
            "Kiertotalouden kriteerit julkisissa hankinnoissa",
            "Kaluste- ja laitehankintojen kiertotalousmallit",
        ),
        (
            "kehittää kaupungeille hankintamalleja, joissa kalusteet, laitteet ja tilat hankitaan palveluna "
            "tai "
            "kunnostettuina",
            "tukea yrityksiä tarjoamaan kiertotalouteen perustuvia tuotteita ja palveluja julkisiin "
            "hankintoihin",
            "kokeilla kiertotalouden kriteerejä todellisissa kilpailutuksissa ja mitata niiden vaikutusta",
        ),
        (
            "Kokeilukilpailutukset toteutetaan {kaupunkien} kaluste- ja ICT-hankinnoissa.",
            "Hankkeessa kootaan yritysten kanssa markkinakartoitus ja järjestetään vuoropuheluja ennen "
            "kilpailutuksia.",
            "Hankintojen ympäristö- ja kustannusvaikutukset arvioidaan elinkaarilaskelmin.",
        ),
        (
            "kaupungit voivat asettaa hankinnoille kiertotalouden tavoitteita ilman, että kustannukset "
            "kasvavat",
            "pk-yrityksillä on paremmat valmiudet osallistua kiertotalouteen perustuviin julkisiin "
            "kilpailutuksiin",
        ),
        "kaupunkien hankintayksiköt sekä kiertotalouden pk-yritykset",
        ("hanken", "haaga-helia", "helsinki", "vantaa"),
    ),
    # -- T2 Wellbeing and health technology ------------------------------------------------------------
    Topic(
        "T2",
        "kotona-asuminen",
        "KOTIAPU",
        (
            "Ikääntyneiden kotona asumista tukeva teknologia",
            "Turvallinen kotona asuminen anturiteknologian avulla",
        ),
        (
            "kehittää ja testata anturi- ja etäteknologiaa, joka tukee ikääntyneiden turvallista kotona "
            "asumista",
            "tunnistaa toimintakyvyn heikkenemisen varhaiset merkit kotiin asennettavien anturien avulla",
            "yhdistää kotihoidon palvelut ja yritysten teknologiaratkaisut asiakkaan arkeen sopivaksi "
            "kokonaisuudeksi",
        ),
        (
            "Ratkaisuja kokeillaan kotihoidon asiakkaiden kodeissa {kaupungeissa}, ja kokemuksia kerätään "
            "asiakkailta, omaisilta ja hoitajilta.",
            "Anturidatan tulkintaa kehitetään yhdessä tutkijoiden ja hoitotyön ammattilaisten kanssa.",
            "Kokeilut suunnitellaan niin, että tietosuoja ja asiakkaan itsemääräämisoikeus turvataan.",
        ),
        (
            "hyvinvointialueilla on kokemuksiin perustuvaa tietoa siitä, mitkä teknologiat kannattaa ottaa "
            "osaksi "
            "kotihoitoa",
            "yritykset ovat parantaneet tuotteitaan käyttäjien palautteen perusteella ja saaneet "
            "referenssejä",
        ),
        "terveysteknologian pk-yritykset, kotihoidon ammattilaiset ja ikääntyneet asukkaat",
        ("laurea", "metropolia", "vakehyva", "hy"),
    ),
    Topic(
        "T2",
        "terveysdata",
        "DATAHOITO",
        (
            "Terveysdatan toisiokäytön kokeiluympäristö",
            "Sosiaali- ja terveystietojen turvallinen hyödyntäminen tuotekehityksessä",
        ),
        (
            "rakentaa kokeiluympäristö, jossa yritykset voivat kehittää tuotteitaan turvallisesti käsitellyn "
            "terveysdatan avulla",
            "kehittää synteettisen datan ja tietosuojaa parantavien menetelmien käyttöä terveysalan "
            "tuotekehityksessä",
            "nopeuttaa yritysten pääsyä terveysdataan lainsäädännön ja tietoturvan vaatimukset täyttäen",
        ),
        (
            "Kokeiluympäristöä rakennetaan yhdessä sairaalan ja tutkimuslaitoksen kanssa, ja sitä testaa "
            "aluksi "
            "viisi yritystä.",
            "Hankkeessa tuotetaan synteettisiä aineistoja ja arvioidaan niiden soveltuvuutta algoritmien "
            "kehittämiseen.",
            "Yrityksille järjestetään koulutusta tietoluvista, tietosuojasta ja aineistojen käytöstä.",
        ),
        (
            "yritykset saavat nopeammin ja ennakoitavammin aineistoja tuotekehityksensä tarpeisiin",
            "alueen sairaaloilla ja tutkimuslaitoksilla on yhteinen palvelumalli datayhteistyöhön yritysten "
            "kanssa",
        ),
        "terveysteknologia- ja ohjelmistoyritykset sekä tutkimusryhmät",
        ("hus", "thl", "hy", "aalto"),
    ),
    Topic(
        "T2",
        "kuvantaminen",
        "KUVA-AI",
        ("Tekoälyavusteinen kuvantaminen ja diagnostiikka", "Koneoppiminen radiologian työnkulussa"),
        (
            "kehittää ja validoida tekoälymenetelmiä, jotka tukevat lääkärien päätöksentekoa "
            "kuvantamistutkimuksissa",
            "tuoda yritysten kehittämät diagnostiikan algoritmit kliiniseen testaukseen hallitusti ja "
            "turvallisesti",
            "lyhentää tutkimusten odotusaikoja automatisoimalla kuvantamisen rutiinitehtäviä",
        ),
        (
            "Algoritmeja testataan sairaalan kuvantamisyksikössä ensin aiemmin kerätyillä aineistoilla ja "
            "sitten "
            "rinnakkain lääkärien kanssa.",
            "Hankkeessa kehitetään validointiprosessi, joka vastaa lääkinnällisten laitteiden sääntelyn "
            "vaatimuksiin.",
            "Yritykset saavat palautetta radiologeilta ja fyysikoilta koko kehitystyön ajan.",
        ),
        (
            "mukana olevilla yrityksillä on kliiniseen validointiin perustuvaa näyttöä, jota ne tarvitsevat "
            "tuotteen markkinoille viemiseen",
            "sairaala saa kokemusta tekoälyn hallitusta käyttöönotosta ja sen vaikutuksista työnkulkuihin",
        ),
        "terveysteknologia- ja tekoälyyritykset sekä kuvantamisen ammattilaiset",
        ("hus", "aalto", "hy"),
    ),
    Topic(
        "T2",
        "mielenterveys",
        "MIELIVOIMA",
        (
            "Nuorten mielenterveyden digitaaliset palvelut",
            "Matalan kynnyksen mielen hyvinvoinnin verkkopalvelut nuorille",
        ),
        (
            "kehittää nuorten kanssa digitaalisia palveluita, jotka tukevat mielen hyvinvointia ja ohjaavat "
            "tarvittaessa avun piiriin",
            "kokeilla matalan kynnyksen chat- ja sovelluspalveluja osana koulujen ja nuorisotyön arkea",
            "arvioida digitaalisten mielenterveyspalvelujen vaikuttavuutta ja turvallisuutta nuorten "
            "näkökulmasta",
        ),
        (
            "Palveluja kehitetään yhdessä {kaupunkien} nuorten, koulukuraattorien ja nuorisotyöntekijöiden "
            "kanssa.",
            "Kokeiluissa seurataan palvelujen käyttöä, nuorten kokemaa hyötyä ja ohjautumista muihin "
            "palveluihin.",
            "Yritykset ja tutkijat suunnittelevat yhdessä, miten palvelujen vaikuttavuus voidaan osoittaa "
            "luotettavasti.",
        ),
        (
            "nuoret saavat apua aiemmin, ja raskaampien palvelujen tarve vähenee",
            "palveluja kehittävät yritykset saavat näyttöä palvelujensa vaikuttavuudesta",
        ),
        "nuoret, koulujen oppilashuolto ja digitaalisia hyvinvointipalveluja kehittävät yritykset",
        ("thl", "hy", "laurea", "helsinki"),
    ),
    Topic(
        "T2",
        "arkiliikunta",
        "LIIKEVALMENNUS",
        (
            "Liikkumisen ja hyvinvoinnin digitaalinen valmennus",
            "Arkiliikunnan lisääminen digitaalisten palvelujen avulla",
        ),
        (
            "kehittää digitaalisia valmennuspalveluja, jotka kannustavat vähän liikkuvia aikuisia lisäämään "
            "arkiliikuntaa",
            "yhdistää puettavien laitteiden tiedot ja kaupunkien liikuntapalvelut henkilökohtaiseksi "
            "valmennukseksi",
            "tutkia, millaiset digitaaliset kannusteet muuttavat liikkumistottumuksia pysyvästi",
        ),
        (
            "Valmennusta kokeillaan {kaupungeissa} työikäisten ja ikääntyvien ryhmissä kuuden kuukauden "
            "jaksoissa.",
            "Kokeilujen aikana mitataan osallistujien liikkumista ja koettua hyvinvointia.",
            "Kaupunkien liikuntapalvelut tarjoavat kokeiluihin ohjattuja ryhmiä ja tiloja.",
        ),
        (
            "kaupungit saavat uusia keinoja tavoittaa vähän liikkuvia asukkaita",
            "liikunta- ja hyvinvointiteknologiayritykset voivat osoittaa palvelujensa vaikutuksen "
            "tutkimustiedolla",
        ),
        "liikunta- ja hyvinvointiteknologiayritykset, kaupunkien liikuntapalvelut ja vähän liikkuvat "
        "aikuiset",
        ("haaga-helia", "metropolia", "hy"),
    ),
    Topic(
        "T2",
        "testausverkosto",
        "TESTIPOLKU",
        (
            "Terveysteknologian testausympäristöjen verkosto",
            "Yhden luukun testauspalvelu terveysteknologiayrityksille",
        ),
        (
            "koota sairaaloiden, korkeakoulujen ja kaupunkien testausympäristöt yhdeksi palveluksi, jota "
            "yritysten on helppo käyttää",
            "nopeuttaa terveysteknologian tuotteiden testaamista todellisissa hoito- ja palveluympäristöissä",
            "kehittää testausympäristöille yhteiset hinnoittelu-, sopimus- ja laatukäytännöt",
        ),
        (
            "Hankkeessa kartoitetaan alueen testausympäristöt ja rakennetaan niille yhteinen palvelukuvaus "
            "ja "
            "yhteydenottokanava.",
            "Palvelua pilotoidaan kymmenen yrityksen testausprojektilla, joista kerätään palautetta palvelun "
            "kehittämiseen.",
            "Testausympäristöjen henkilöstöä koulutetaan yhteisiin toimintatapoihin.",
        ),
        (
            "yritykset löytävät sopivan testausympäristön nopeammin, ja testaus käynnistyy viikoissa eikä "
            "kuukausissa",
            "pääkaupunkiseudun testausympäristöt näkyvät kansainvälisesti yhtenä vahvana kokonaisuutena",
        ),
        "terveysteknologian pk-yritykset ja kasvuyritykset",
        ("hus", "metropolia", "forum-virium", "laurea"),
    ),
    Topic(
        "T2",
        "kaupallistaminen",
        "TUTKIMUKSESTA",
        (
            "Tutkimuksesta liiketoimintaan terveysalalla",
            "Terveysalan tutkimustulosten kaupallistamisen toimintamalli",
        ),
        (
            "tunnistaa yliopistojen ja sairaaloiden tutkimuksesta kaupallistamiskelpoisia "
            "terveysinnovaatioita",
            "tukea tutkijoita terveysalan innovaatioiden tuotteistamisessa ja yritysten perustamisessa",
            "kehittää yhteinen toimintamalli, jolla tutkimustulokset päätyvät nopeammin potilaiden ja "
            "asiakkaiden "
            "hyödyksi",
        ),
        (
            "Tutkijaryhmille järjestetään kaupallistamisen valmennusohjelma, jossa mentoreina toimii "
            "kokeneita "
            "yrittäjiä.",
            "Lupaavimmille ideoille tehdään markkina- ja patentoitavuusselvitykset sekä "
            "liiketoimintasuunnitelmat.",
            "Hankkeessa rakennetaan verkosto sijoittajien ja terveysalan yritysten kanssa.",
        ),
        (
            "tutkimusryhmistä syntyy uusia spin off -yrityksiä ja lisensointisopimuksia",
            "yliopistoilla ja sairaaloilla on yhteinen, toimivaksi todettu kaupallistamisen prosessi",
        ),
        "terveysalan tutkijat, tutkimusryhmät ja alkavat yritykset",
        ("hy", "aalto", "hus"),
    ),
    Topic(
        "T2",
        "vientiosaaminen",
        "TERVEYSVIENTI",
        ("Terveysteknologiayritysten kansainvälistyminen", "Hyvinvointialan pk-yritysten vientivalmiudet"),
        (
            "vahvistaa terveysteknologian pk-yritysten vientiosaamista ja valmiuksia kansainvälisille "
            "markkinoille",
            "tukea yrityksiä kansainvälisten sertifiointi- ja sääntelyvaatimusten täyttämisessä",
            "luoda yrityksille kontakteja kansainvälisiin sairaaloihin ja jakelukanaviin",
        ),
        (
            "Yrityksille järjestetään vientivalmennusta ja yhteisiä markkinakartoituksia kohdemaihin.",
            "Hanke tukee yritysten osallistumista kansainvälisiin messuihin ja kumppanuustapahtumiin.",
            "Sääntelyasiantuntijat auttavat yrityksiä kliinisen näytön ja vaatimustenmukaisuuden "
            "suunnittelussa.",
        ),
        (
            "osallistuvat yritykset ovat solmineet ensimmäisiä kansainvälisiä asiakassuhteitaan",
            "yrityksillä on selkeä suunnitelma sääntelyvaatimusten täyttämiseksi kohdemarkkinoilla",
        ),
        "terveysteknologian ja hyvinvointialan pk-yritykset",
        ("haaga-helia", "hanken", "laurea"),
    ),
    Topic(
        "T2",
        "biopankit",
        "BIOYHTEYS",
        (
            "Biopankkiaineistojen hyödyntäminen yritysyhteistyössä",
            "Biopankit ja genomitieto terveysalan tuotekehityksessä",
        ),
        (
            "helpottaa yritysten ja tutkijoiden yhteistyötä biopankkiaineistojen hyödyntämisessä",
            "kehittää palvelumalleja, joilla näytteitä ja niihin liittyvää tietoa voidaan käyttää "
            "tuotekehityksessä "
            "turvallisesti",
            "vahvistaa alueen lääke- ja diagnostiikkayritysten kilpailukykyä",
        ),
        (
            "Hankkeessa toteutetaan yritysten kanssa kolme pilottitutkimusta, joissa käytetään biopankin "
            "näytteitä "
            "ja rekisteritietoa.",
            "Pilottien kokemuksista kehitetään sopimus- ja hinnoittelumallit sekä palvelukuvaukset.",
            "Tietosuojasta ja eettisistä kysymyksistä laaditaan yrityksille selkeä ohjeistus.",
        ),
        (
            "yritykset pääsevät käyttämään aineistoja ennakoitavasti, ja tutkimusyhteistyö käynnistyy "
            "nopeammin",
            "biopankit saavat uusia asiakkaita ja rahoitusta toimintansa kehittämiseen",
        ),
        "lääke-, diagnostiikka- ja terveysteknologiayritykset",
        ("thl", "hus", "hy"),
    ),
    Topic(
        "T2",
        "ravitsemus",
        "KASVISLAUTANEN",
        (
            "Terveyttä edistävät elintarvikkeet ja ruokateknologia",
            "Kasvipohjaisten elintarvikkeiden ravitsemuksellinen laatu",
        ),
        (
            "kehittää yritysten kanssa terveyttä edistäviä ja ravitsemuksellisesti laadukkaita "
            "kasvipohjaisia "
            "elintarvikkeita",
            "tutkia uusien elintarvikkeiden vaikutuksia ravitsemukseen ja terveyteen kuluttajatutkimusten "
            "avulla",
            "tuoda uusia ruokatuotteita kaupunkien ruokapalveluihin kokeiltavaksi",
        ),
        (
            "Tuotteita kehitetään pilottimittakaavassa, ja niiden ravintosisältö ja maku arvioidaan "
            "laboratoriossa "
            "ja kuluttajapaneeleissa.",
            "Kaupunkien ruokapalvelut kokeilevat tuotteita kouluissa ja palvelutaloissa.",
            "Tutkijat seuraavat kokeiluihin osallistuvien ravitsemusta ja tuotteiden hyväksyttävyyttä.",
        ),
        (
            "elintarvikeyrityksillä on uusia tuotteita ja tutkittua tietoa niiden terveysvaikutuksista",
            "kaupunkien ruokapalvelut voivat lisätä kasvipohjaisia vaihtoehtoja asiakkaiden hyväksymällä "
            "tavalla",
        ),
        "elintarvikealan pk-yritykset ja kaupunkien ruokapalvelut",
        ("hy", "luke", "vtt"),
    ),
    Topic(
        "T2",
        "hoitopolut",
        "ETÄHOITO",
        ("Digitaaliset hoitopolut ja etävastaanotot", "Pitkäaikaissairauksien digitaalinen omahoito"),
        (
            "kehittää digitaalisia hoitopolkuja, joissa pitkäaikaissairaat voivat seurata vointiaan ja "
            "asioida etänä",
            "kokeilla etämittauksiin perustuvaa omahoitoa diabeteksen ja sydämen vajaatoiminnan hoidossa",
            "vähentää tarpeettomia vastaanottokäyntejä ja vapauttaa ammattilaisten aikaa",
        ),
        (
            "Hoitopolkuja pilotoidaan terveysasemilla yhdessä yritysten kanssa, jotka toimittavat "
            "mittalaitteet "
            "ja sovellukset.",
            "Potilaiden ja ammattilaisten kokemuksia sekä palvelujen käyttöä seurataan koko kokeilun ajan.",
            "Hankkeessa arvioidaan myös, miten etäseuranta vaikuttaa hoidon kustannuksiin.",
        ),
        (
            "hyvinvointialueet saavat mallin digitaalisten hoitopolkujen laajentamiseen uusiin "
            "potilasryhmiin",
            "yritykset saavat arvokasta käyttökokemusta ja referenssejä suomalaisesta terveydenhuollosta",
        ),
        "pitkäaikaissairaat, terveysasemien ammattilaiset ja terveysteknologiayritykset",
        ("hus", "vakehyva", "lansi-uusimaa", "laurea"),
    ),
    Topic(
        "T2",
        "palautuminen",
        "UNITEHO",
        (
            "Unen ja palautumisen mittaaminen työhyvinvoinnin tukena",
            "Vuorotyöntekijöiden palautumista tukevat palvelut",
        ),
        (
            "kehittää puettavaan teknologiaan perustuvia palveluja, jotka tukevat vuorotyöntekijöiden unta "
            "ja "
            "palautumista",
            "tutkia, miten uni- ja palautumistietoa voidaan käyttää työvuorosuunnittelussa työntekijän "
            "suostumuksella",
            "tuoda työterveyshuoltoon uusia keinoja ennaltaehkäistä uupumista",
        ),
        (
            "Palveluja kokeillaan hoitoalan ja logistiikan vuorotyöntekijöiden kanssa kolmen kuukauden "
            "jaksoissa.",
            "Mittausdatan perusteella osallistujille annetaan yksilöllisiä suosituksia, ja niiden vaikutusta "
            "seurataan.",
            "Työnantajien kanssa kehitetään tapoja hyödyntää koottua tietoa yksityisyyttä kunnioittaen.",
        ),
        (
            "vuorotyöntekijät nukkuvat paremmin, ja sairauspoissaolot vähenevät kokeiluyksiköissä",
            "yritykset saavat tutkimusnäyttöä, jota ne voivat käyttää tuotteidensa markkinoinnissa",
        ),
        "vuorotyötä tekevät työntekijät, työterveyshuolto ja hyvinvointiteknologiayritykset",
        ("hy", "aalto", "thl"),
    ),
    Topic(
        "T2",
        "hoivarobotiikka",
        "HOIVAROBO",
        ("Robotiikka ja automaatio hoitotyön tukena", "Palvelurobotit sairaaloiden logistiikassa"),
        (
            "kokeilla palvelurobotteja sairaaloiden ja palvelutalojen logistiikassa ja avustavissa "
            "tehtävissä",
            "vapauttaa hoitajien työaikaa asiakastyöhön automatisoimalla kuljetuksia ja toistuvia tehtäviä",
            "kehittää robotiikkayritysten kanssa ratkaisuja, jotka toimivat turvallisesti ihmisten keskellä",
        ),
        (
            "Robotit kuljettavat kokeiluissa lääkkeitä, näytteitä ja tarvikkeita, ja niiden käyttöä "
            "seurataan "
            "yhdessä henkilöstön kanssa.",
            "Tutkijat arvioivat robottien vaikutusta työaikaan, turvallisuuteen ja henkilöstön kokemukseen.",
            "Yritykset kehittävät ratkaisujaan kokeilujen palautteen perusteella kahdessa vaiheessa.",
        ),
        (
            "sairaalat ja palvelutalot tietävät, missä tehtävissä robotiikka tuo todellista hyötyä",
            "robotiikkayritykset saavat sairaalaympäristöstä referenssejä ja palautetta tuotekehitykseen",
        ),
        "robotiikkayritykset, sairaaloiden logistiikka ja hoitohenkilöstö",
        ("hus", "metropolia", "vtt", "lansi-uusimaa"),
    ),
    # -- T3 Learning environments and digital competence ------------------------------------------------
    Topic(
        "T3",
        "koulut-alustoina",
        "KOULULABRA",
        ("Koulut oppimisteknologian kehitysalustoina", "Yritysten ja koulujen yhteiskehittämisen malli"),
        (
            "avata kaupunkien koulut oppimisteknologiayritysten kehitys- ja kokeiluympäristöiksi",
            "luoda toimintamalli, jossa opettajat, oppilaat ja yritykset kehittävät oppimisen ratkaisuja "
            "yhdessä",
            "lyhentää aikaa, jossa uusi oppimisteknologia pääsee kokeiluista koulujen arkeen",
        ),
        (
            "Kokeiluja tehdään {kaupunkien} peruskouluissa lukukauden mittaisina jaksoina.",
            "Yritykset valitaan kokeiluihin avoimella haulla, ja kouluille tarjotaan tukea kokeilujen "
            "järjestämiseen.",
            "Tutkijat arvioivat kokeilujen vaikutusta oppimiseen ja opettajien työhön.",
        ),
        (
            "kaupungeilla on pysyvä ja läpinäkyvä tapa tarjota koulujaan yritysten kokeiluympäristöiksi",
            "oppimisteknologiayritykset saavat käyttäjäpalautetta ja referenssejä, joita ne tarvitsevat "
            "vientimarkkinoilla",
        ),
        "oppimisteknologiayritykset, opettajat ja oppilaat",
        ("helsinki", "espoo", "hy"),
    ),
    Topic(
        "T3",
        "oppimisanalytiikka",
        "OPPIDATA",
        ("Oppimisanalytiikka perusopetuksessa", "Tekoäly oppimisen tukena ja eriyttämisessä"),
        (
            "kehittää oppimisanalytiikan ratkaisuja, jotka auttavat opettajia tunnistamaan tuen tarpeet "
            "varhain",
            "kokeilla tekoälyä oppimateriaalien eriyttämisessä oppilaiden erilaisten tarpeiden mukaan",
            "selvittää oppimisanalytiikan eettiset ja tietosuojaan liittyvät reunaehdot kouluissa",
        ),
        (
            "Ratkaisuja pilotoidaan {kaupunkien} kouluissa yhdessä opettajien ja oppimisanalytiikan "
            "yritysten "
            "kanssa.",
            "Hankkeessa laaditaan tietosuojan ja etiikan toimintaperiaatteet, joita kokeiluissa noudatetaan.",
            "Oppilaiden ja opettajien kokemuksia kerätään haastatteluin ja havainnoimalla oppitunteja.",
        ),
        (
            "opettajilla on käytössään työkaluja, jotka säästävät aikaa ja kohdistavat tuen oikeisiin "
            "oppilaisiin",
            "kaupungit voivat hankkia oppimisanalytiikan ratkaisuja selkeiden eettisten periaatteiden "
            "pohjalta",
        ),
        "opettajat, oppilaat ja oppimisanalytiikan yritykset",
        ("hy", "aalto", "espoo"),
    ),
    Topic(
        "T3",
        "tyoelaman-kieli",
        "KIELIPOLKU",
        (
            "Työelämän suomen kielen digitaaliset oppimisratkaisut",
            "Maahan muuttaneiden työelämän kielitaito ja digitaaliset palvelut",
        ),
        (
            "kehittää digitaalisia ratkaisuja, joilla maahan muuttaneet oppivat työelämässä tarvittavaa "
            "suomea "
            "työn ohessa",
            "yhdistää kielen oppiminen ammatilliseen osaamiseen ja työpaikkojen arkeen",
            "nopeuttaa maahan muuttaneiden työllistymistä kielikoulutuksen uusien muotojen avulla",
        ),
        (
            "Oppimisratkaisuja kokeillaan työllisyyspalvelujen asiakkaiden ja työpaikkojen kanssa "
            "{kaupungeissa}.",
            "Sisällöt laaditaan yhdessä työnantajien kanssa hoiva-, rakennus- ja logistiikka-alan "
            "tarpeisiin.",
            "Oppimisen etenemistä seurataan, ja palvelua kehitetään kokeilujaksojen välillä.",
        ),
        (
            "osallistujien työelämän kielitaito paranee ja työllistyminen nopeutuu",
            "kaupunkien työllisyyspalvelut saavat uusia, kokeiltuja välineitä kielikoulutukseen",
        ),
        "maahan muuttaneet työnhakijat, työnantajat ja kaupunkien työllisyyspalvelut",
        ("helsinki", "vantaa", "laurea", "metropolia"),
    ),
    Topic(
        "T3",
        "osaamismerkit",
        "OSAAMISMERKKI",
        (
            "Osaamisen tunnistaminen ja digitaaliset osaamismerkit",
            "Työssä opitun osaamisen näkyväksi tekeminen",
        ),
        (
            "kehittää digitaalisia välineitä, joilla työssä ja vapaa-ajalla opittu osaaminen tunnistetaan ja "
            "tehdään näkyväksi",
            "kokeilla osaamismerkkejä työnhaussa ja rekrytoinneissa yhdessä työnantajien kanssa",
            "tukea työnhakijoita osaamisensa sanoittamisessa tekoälyavusteisten työkalujen avulla",
        ),
        (
            "Välineitä kokeillaan {kaupunkien} työllisyyspalveluissa ja ammattikorkeakoulujen jatkuvan "
            "oppimisen "
            "koulutuksissa.",
            "Työnantajien kanssa selvitetään, millainen osaamisen kuvaus auttaa rekrytointipäätöksissä.",
            "Kokeiluissa seurataan, miten osaamisen tunnistaminen vaikuttaa työnhakijoiden työllistymiseen.",
        ),
        (
            "työnhakijat pystyvät osoittamaan osaamisensa työnantajille aiempaa paremmin",
            "työllisyyspalvelut ja oppilaitokset voivat hyödyntää yhteistä osaamisen kuvaamisen mallia",
        ),
        "työnhakijat, työnantajat ja jatkuvan oppimisen palveluja tarjoavat oppilaitokset",
        ("haaga-helia", "metropolia", "espoo"),
    ),
    Topic(
        "T3",
        "virtuaalioppiminen",
        "VIRTUPAJA",
        (
            "Virtuaalitodellisuus ammatillisessa koulutuksessa",
            "Simulaatiot ja virtuaaliympäristöt käytännön taitojen oppimisessa",
        ),
        (
            "kehittää virtuaali- ja simulaatioympäristöjä käytännön taitojen harjoitteluun sote- ja "
            "tekniikan "
            "aloilla",
            "kokeilla, miten virtuaaliharjoittelu lyhentää perehdytystä ja parantaa työturvallisuutta",
            "tuoda pelialan osaaminen osaksi ammatillisen koulutuksen oppimisympäristöjä",
        ),
        (
            "Virtuaaliympäristöjä kokeillaan ammattikorkeakoulujen simulaatiotiloissa ja työpaikkojen "
            "perehdytyksessä.",
            "Pelialan yritykset kehittävät ympäristöt yhdessä opettajien ja alan ammattilaisten kanssa.",
            "Oppimistuloksia verrataan perinteiseen harjoitteluun.",
        ),
        (
            "oppilaitokset ja työpaikat voivat käyttää valmiita virtuaaliympäristöjä koulutuksessa",
            "peli- ja XR-yritykset ovat tuoneet koulutusmarkkinoille uusia tuotteita",
        ),
        "ammattikorkeakoulujen opiskelijat ja opettajat, työnantajat sekä peli- ja XR-yritykset",
        ("metropolia", "laurea", "arcada"),
    ),
    Topic(
        "T3",
        "pk-digitaidot",
        "DIGILOIKKA",
        ("Pk-yritysten henkilöstön digitaidot", "Tekoälyn käyttöönoton osaaminen pienissä yrityksissä"),
        (
            "vahvistaa pk-yritysten henkilöstön digitaitoja ja valmiuksia ottaa tekoälysovelluksia käyttöön",
            "kehittää lyhyitä, työn ohessa suoritettavia verkkokoulutuksia yritysten todellisiin tarpeisiin",
            "tukea pienyrityksiä digitaalisten työkalujen valinnassa ja käyttöönotossa",
        ),
        (
            "Koulutuksia kokeillaan noin sadan yrityksen kanssa, ja niiden sisältöä kehitetään osallistujien "
            "palautteen perusteella.",
            "Yrityksille tarjotaan digitaalisen kypsyyden arviointi ja henkilökohtainen "
            "kehittämissuunnitelma.",
            "Korkeakoulujen opiskelijat toimivat yritysten tukena käyttöönottoprojekteissa.",
        ),
        (
            "osallistuneet yritykset ovat ottaneet käyttöön uusia digitaalisia työkaluja ja tehostaneet "
            "toimintaansa",
            "korkeakouluilla on yrityksille sopivaa jatkuvan oppimisen koulutustarjontaa",
        ),
        "pk-yritysten henkilöstö ja yrittäjät",
        ("haaga-helia", "metropolia", "laurea", "arcada"),
    ),
    Topic(
        "T3",
        "tekoalylukutaito",
        "AI-KOULU",
        ("Tekoälylukutaito kouluissa", "Ohjelmointi ja tekoäly perusopetuksen arjessa"),
        (
            "kehittää opettajille ja oppilaille materiaaleja ja välineitä tekoälyn toiminnan ymmärtämiseen",
            "kokeilla tekoälyyn ja ohjelmointiin liittyviä oppimiskokonaisuuksia eri oppiaineissa",
            "vahvistaa opettajien valmiuksia opettaa tekoälyn mahdollisuuksista ja riskeistä",
        ),
        (
            "Oppimiskokonaisuuksia kokeillaan {kaupunkien} kouluissa, ja opettajille järjestetään "
            "täydennyskoulutusta.",
            "Yritykset tuovat kokeiluihin omia välineitään ja saavat palautetta niiden pedagogisesta "
            "toimivuudesta.",
            "Tutkijat seuraavat oppilaiden tekoälyä koskevan ymmärryksen kehittymistä.",
        ),
        (
            "kaupunkien kouluilla on käytössään kokeiltuja materiaaleja ja opetusmalleja",
            "opetusteknologiayritykset ovat kehittäneet tuotteitaan suomalaisen opetussuunnitelman "
            "tarpeisiin",
        ),
        "opettajat, oppilaat ja opetusteknologiayritykset",
        ("hy", "aalto", "helsinki", "espoo"),
    ),
    Topic(
        "T3",
        "edtech-vienti",
        "EDUVIENTI",
        ("Oppimisteknologiayritysten kasvu ja vienti", "Suomalaisen oppimisteknologian kansainvälinen kasvu"),
        (
            "tukea oppimisteknologian pk-yrityksiä kansainvälisten markkinoiden löytämisessä ja tuotteiden "
            "skaalaamisessa",
            "hyödyntää suomalaisen koulutuksen mainetta yritysten viennissä tutkimusnäytön avulla",
            "koota oppimisteknologiayrityksistä ja oppilaitoksista yhteinen vientikonsortio",
        ),
        (
            "Yrityksille järjestetään vientivalmennusta ja tutkimusperustaisia vaikuttavuusarviointeja "
            "niiden "
            "tuotteista.",
            "Hanke tukee yhteisiä markkinamatkoja ja esittelytilaisuuksia kohdemaissa.",
            "Kaupunkien koulut tarjoavat yrityksille mahdollisuuden esitellä tuotteitaan todellisessa "
            "käytössä "
            "kansainvälisille vieraille.",
        ),
        (
            "yrityksillä on tutkittua näyttöä tuotteidensa vaikuttavuudesta ja uusia kansainvälisiä "
            "asiakkaita",
            "pääkaupunkiseutu tunnetaan oppimisteknologian vahvana keskittymänä",
        ),
        "oppimisteknologian pk-yritykset",
        ("haaga-helia", "hy"),
    ),
    Topic(
        "T3",
        "nuorten-tyopolut",
        "POLKU",
        (
            "Nuorten työelämäpolut ja digitaalinen ohjaus",
            "Koulutuksesta työhön siirtymisen digitaaliset palvelut",
        ),
        (
            "kehittää digitaalisia palveluja, jotka tukevat nuorten siirtymistä koulutuksesta työelämään",
            "yhdistää oppilaitosten, työllisyyspalvelujen ja työnantajien tieto nuoren kannalta yhdeksi "
            "poluksi",
            "ehkäistä nuorten syrjäytymistä tarjoamalla ohjausta ja työkokeiluja helposti saavutettavina "
            "palveluina",
        ),
        (
            "Palvelua kokeillaan {kaupungeissa} toisen asteen oppilaitosten ja ohjaamojen kanssa.",
            "Nuoret osallistuvat palvelun suunnitteluun työpajoissa ja käytettävyystesteissä.",
            "Työnantajien kanssa kokeillaan lyhyitä työkokeiluja, jotka voi varata palvelun kautta.",
        ),
        (
            "nuoret löytävät sopivan koulutus- tai työpaikan nopeammin",
            "kaupunkien työllisyyspalvelut saavat palvelun, joka tavoittaa nuoret heidän omissa kanavissaan",
        ),
        "nuoret, ohjaamojen ja oppilaitosten ohjaajat sekä työnantajat",
        ("vantaa", "helsinki", "laurea", "metropolia"),
    ),
    # -- T4 New openings and general ecosystem development ----------------------------------------------
    Topic(
        "T4",
        "vety",
        "VETYLOIKKA",
        (
            "Vetytalouden ja Power-to-X-ratkaisujen kokeilut",
            "Vihreä vety kaupunkien energia- ja liikennejärjestelmissä",
        ),
        (
            "selvittää ja kokeilla vihreän vedyn ja sähköpolttoaineiden tuotantoa ja käyttöä "
            "pääkaupunkiseudulla",
            "tukea korkeakoulujen ja yritysten yhteisiä Power-to-X-tutkimushankkeita varhaisessa vaiheessa",
            "tunnistaa vetytalouden arvoketjuja, joissa alueen yrityksillä on kasvumahdollisuuksia",
        ),
        (
            "Korkeakoulut ja yritykset toteuttavat yhdessä laboratorio- ja pilottimittakaavan kokeita "
            "elektrolyysistä ja vedyn varastoinnista.",
            "Hankkeessa laaditaan tiekartta, jossa arvioidaan vedyn käyttökohteet raskaassa liikenteessä ja "
            "teollisuudessa.",
            "Yrityksille järjestetään työpajoja, joissa tutkimustuloksia sovelletaan niiden omiin "
            "liiketoimintamahdollisuuksiin.",
        ),
        (
            "alueelle syntyy uusia yritysten ja korkeakoulujen yhteisiä TKI-hankkeita ja "
            "investointivalmiutta",
            "yrityksillä on ajantasaista tietoa vetytalouden teknologioista ja markkinoista",
        ),
        "energia-, kemian- ja teknologiateollisuuden yritykset sekä tutkijat",
        ("vtt", "aalto"),
    ),
    Topic(
        "T4",
        "satelliittidata",
        "AVARUUSDATA",
        ("Satelliittidatan hyödyntäminen kaupunkipalveluissa", "Avaruusteknologian uudet sovellukset"),
        (
            "kehittää satelliittidataan perustuvia palveluja esimerkiksi kaupunkivihreän, lumitilanteen ja "
            "rakentamisen seurantaan",
            "tuoda pienten satelliittien ja kaukokartoituksen osaaminen yritysten ja kaupunkien käyttöön",
            "tukea avaruusalan kasvuyrityksiä uusien käyttäjien ja sovellusten löytämisessä",
        ),
        (
            "Tutkijat ja yritykset kehittävät analyysimenetelmiä, joita kokeillaan kaupunkien aineistojen "
            "kanssa.",
            "Hankkeessa järjestetään hackathon, jossa yritykset ja opiskelijat kehittävät satelliittidataan "
            "perustuvia palveluja.",
            "Lupaavimpia sovelluksia testataan todellisissa käyttötilanteissa kaupunkien ympäristö- ja "
            "katupalveluissa.",
        ),
        (
            "avaruusalan yritykset ovat löytäneet uusia asiakkaita julkiselta sektorilta",
            "kaupungit pystyvät seuraamaan ympäristön muutoksia kattavammin ja edullisemmin",
        ),
        "avaruus- ja paikkatietoalan yritykset sekä kaupunkien ympäristöpalvelut",
        ("fmi", "aalto", "vtt"),
    ),
    Topic(
        "T4",
        "6g",
        "6G-KOKEILU",
        (
            "6G-teknologian sovelluskokeilut",
            "Langattomien verkkojen uudet sovellukset teollisuudessa ja kaupungeissa",
        ),
        (
            "kokeilla seuraavan sukupolven langattomien verkkojen sovelluksia yhdessä yritysten kanssa",
            "tunnistaa 6G-tekniikoihin liittyviä liiketoimintamahdollisuuksia alueen pk-yrityksille",
            "tarjota yrityksille pääsy korkeakoulujen ja tutkimuslaitosten testiverkkoihin",
        ),
        (
            "Yritykset pääsevät testaamaan sovelluksiaan tutkimuslaitoksen ja korkeakoulun testiverkoissa.",
            "Kokeiluissa keskitytään teollisuusautomaatioon, etäohjaukseen ja laajennettuun todellisuuteen.",
            "Hankkeessa arvioidaan, millaisia investointeja ja osaamista laajempi käyttöönotto edellyttää.",
        ),
        (
            "pk-yritykset ovat kehittäneet uusia tuotteita ja palveluja seuraavan sukupolven verkkoihin",
            "alueen testiverkoista on tullut aktiivisesti käytetty yhteinen kehitysalusta",
        ),
        "teknologiateollisuuden ja ohjelmistoalan yritykset",
        ("aalto", "vtt", "metropolia"),
    ),
    Topic(
        "T4",
        "biomateriaalit",
        "BIOMUOVI",
        ("Biopohjaiset materiaalit muovien korvaajina", "Puupohjaisten materiaalien uudet sovellukset"),
        (
            "kehittää puu- ja kasvipohjaisia materiaaleja, jotka voivat korvata fossiilisia muoveja "
            "pakkauksissa "
            "ja tekstiileissä",
            "viedä korkeakoulujen materiaalitutkimusta pilottimittakaavaan yhdessä yritysten kanssa",
            "selvittää biopohjaisten materiaalien kaupallisia mahdollisuuksia ja arvoketjuja",
        ),
        (
            "Materiaaleja valmistetaan pilottilaitteistolla, ja niiden ominaisuuksia testataan yritysten "
            "tuotteissa.",
            "Hankkeessa tehdään elinkaariarvioinnit ja kustannuslaskelmat yhdessä teollisuuden kanssa.",
            "Yritykset osallistuvat tutkimuksen suunnitteluun ja tulosten arviointiin ohjausryhmässä.",
        ),
        (
            "yrityksillä on testattuja materiaaleja, joista voi kehittää kaupallisia tuotteita",
            "tutkimusryhmät ja yritykset ovat valmistelleet yhteisiä jatkohankkeita ja investointeja",
        ),
        "pakkaus-, tekstiili- ja kemianteollisuuden yritykset",
        ("vtt", "aalto", "hy"),
    ),
    Topic(
        "T4",
        "kyberturvallisuus",
        "KYBERSUOJA",
        ("Pk-yritysten kyberturvallisuuspalvelut", "Kyberturvallisuuden testaus- ja harjoitusympäristö"),
        (
            "kehittää pk-yrityksille edullisia ja helppokäyttöisiä kyberturvallisuuden palveluja",
            "rakentaa harjoitusympäristö, jossa yritykset voivat testata varautumistaan kyberhyökkäyksiin",
            "vahvistaa alueen kyberturvallisuusyritysten yhteistyötä ja tuotekehitystä",
        ),
        (
            "Harjoitusympäristössä järjestetään yrityksille simuloituja hyökkäysharjoituksia.",
            "Yrityksille tehdään tietoturvan tilannekatsauksia, joiden pohjalta palveluja tuotteistetaan.",
            "Opiskelijat osallistuvat harjoituksiin ja saavat käytännön kokemusta alan tehtävistä.",
        ),
        (
            "pk-yritysten varautuminen kyberuhkiin paranee",
            "kyberturvallisuusyritykset ovat tuotteistaneet pk-yrityksille sopivia palveluita",
        ),
        "pk-yritykset ja kyberturvallisuusalan yritykset",
        ("laurea", "metropolia", "haaga-helia"),
    ),
    Topic(
        "T4",
        "palvelupolku",
        "KASVUPOLKU",
        (
            "Kansainvälisten osaajien ja startup-yritysten palvelupolku",
            "Ekosysteemipalvelujen yhteinen palvelumalli",
        ),
        (
            "koota kaupunkien, korkeakoulujen ja yrityspalvelujen tarjonta kasvuyrityksille yhdeksi "
            "selkeäksi "
            "palvelupoluksi",
            "helpottaa kansainvälisten osaajien ja startup-yritysten asettumista pääkaupunkiseudulle",
            "verkottaa toimialariippumattomat ekosysteemi- ja yrityspalvelut toimimaan yhdessä",
        ),
        (
            "Palvelupolkua kokeillaan kasvuyritysten kanssa, ja sitä kehitetään yritysten palautteen "
            "perusteella.",
            "Hankkeessa kootaan yhteinen digitaalinen palvelukartta ja yhteydenottokanava.",
            "Palveluntarjoajille järjestetään yhteisiä työpajoja, ja toimintatavoista sovitaan yhdessä.",
        ),
        (
            "kasvuyritykset löytävät tarvitsemansa palvelut nopeammin",
            "pääkaupunkiseudun ekosysteemipalvelut toimivat yhtenäisenä kokonaisuutena",
        ),
        "kasvuyritykset, kansainväliset osaajat ja yrityspalvelujen tarjoajat",
        ("helsinki", "espoo", "forum-virium", "haaga-helia"),
    ),
    Topic(
        "T4",
        "datatalous",
        "DATAREILU",
        ("Datatalouden ekosysteemi ja datan jakaminen", "Yritysten välisen datan jakamisen pelisäännöt"),
        (
            "kehittää yrityksille luotettavia tapoja jakaa ja hyödyntää dataa yhteisten pelisääntöjen "
            "pohjalta",
            "kokeilla data-avaruuksien ratkaisuja todellisissa arvoketjuissa",
            "auttaa pk-yrityksiä tunnistamaan omaan dataansa perustuvia uusia liiketoimintamahdollisuuksia",
        ),
        (
            "Hankkeessa toteutetaan kolme pilottia, joissa yritykset jakavat dataa sovittujen sääntöjen "
            "mukaisesti.",
            "Juridiset ja tekniset ratkaisut kootaan avoimeksi ohjeistoksi muiden hyödynnettäväksi.",
            "Yrityksille järjestetään datatalouden valmennusta ja liiketoimintasparrausta.",
        ),
        (
            "pk-yritykset ovat tunnistaneet dataan perustuvia uusia palveluja",
            "alueelle on syntynyt datan jakamisen toimintamalli, jota voi laajentaa uusille toimialoille",
        ),
        "ohjelmisto-, teollisuus- ja palveluyritykset",
        ("aalto", "vtt", "hanken", "forum-virium"),
    ),
    Topic(
        "T4",
        "fotoniikka",
        "VALOMITTA",
        (
            "Fotoniikan ja sensoriteknologian uudet sovellukset",
            "Optisten mittausten sovellukset teollisuudessa",
        ),
        (
            "tuoda fotoniikan ja optisten mittausten tutkimus yritysten tuotekehityksen käyttöön",
            "kokeilla uusia sensoriratkaisuja teollisuuden laadunvalvonnassa ja ympäristön mittauksissa",
            "vahvistaa alueen fotoniikkayritysten ja tutkimusryhmien yhteistyötä",
        ),
        (
            "Tutkijat ja yritykset rakentavat yhdessä prototyyppejä, joita testataan teollisissa "
            "olosuhteissa.",
            "Yrityksille tarjotaan mahdollisuus käyttää korkeakoulujen laboratorioita ja mittalaitteita.",
            "Hankkeessa kartoitetaan sovelluskohteita yhdessä teollisuuden asiakkaiden kanssa.",
        ),
        (
            "yritykset ovat kehittäneet prototyypeistä tuotteita ja hakeneet patentteja",
            "tutkimusryhmien ja yritysten välille on syntynyt pysyviä yhteistyökumppanuuksia",
        ),
        "teknologiateollisuuden ja mittausteknologian yritykset",
        ("aalto", "vtt", "hy"),
    ),
    Topic(
        "T4",
        "luova-ala",
        "LUOVATEK",
        (
            "Luovan alan ja teknologian yhteiset innovaatiot",
            "Taiteellinen tutkimus ja uudet digitaaliset kokemukset",
        ),
        (
            "yhdistää taiteen, muotoilun ja teknologian osaajat kehittämään uusia digitaalisia kokemuksia ja "
            "palveluja",
            "kokeilla taiteellisen tutkimuksen menetelmiä yritysten tuotekehityksessä",
            "tukea luovan alan yritysten kasvua ja kansainvälistymistä",
        ),
        (
            "Taiteilijat, tutkijat ja yritykset työskentelevät yhdessä lyhyissä kehitysjaksoissa.",
            "Syntyviä konsepteja kokeillaan yleisön kanssa kulttuuritiloissa ja tapahtumissa.",
            "Yrityksille tarjotaan sparrausta konseptien tuotteistamiseen.",
        ),
        (
            "luovan alan yritykset ovat tuotteistaneet uusia palveluja ja löytäneet uusia asiakkaita",
            "taidekorkeakoulujen ja yritysten yhteistyölle on syntynyt pysyvä toimintamalli",
        ),
        "luovan alan yritykset, taiteilijat ja teknologiayritykset",
        ("uniarts", "aalto", "metropolia"),
    ),
    Topic(
        "T4",
        "rahoitusvalmius",
        "SIJOITUSVALMIS",
        ("Kasvuyritysten investointivalmius", "Tutkimuslähtöisten yritysten rahoitusvalmiudet"),
        (
            "parantaa tutkimuslähtöisten kasvuyritysten valmiuksia hakea pääomasijoituksia ja kansainvälistä "
            "rahoitusta",
            "rakentaa yhteys korkeakoulujen, sijoittajien ja yrityspalvelujen välille",
            "kehittää yrityksille valmennusohjelma, joka perustuu tutkittuun tietoon kasvuyritysten "
            "rahoituksesta",
        ),
        (
            "Valmennusohjelma toteutetaan kahdessa kierroksessa, joihin osallistuu noin kolmekymmentä "
            "yritystä.",
            "Sijoittajat osallistuvat ohjelmaan mentoreina ja arvioivat yritysten esityksiä.",
            "Tutkijat analysoivat ohjelman vaikutusta yritysten rahoituksen saantiin.",
        ),
        (
            "osallistuneet yritykset ovat saaneet rahoitusta ja kasvattaneet henkilöstöään",
            "korkeakouluilla ja yrityspalveluilla on yhteinen malli kasvuyritysten tukemiseen",
        ),
        "tutkimuslähtöiset kasvuyritykset ja yrittäjiksi aikovat tutkijat",
        ("hanken", "aalto", "hy", "haaga-helia"),
    ),
    Topic(
        "T4",
        "akkumateriaalit",
        "AKKUKIERTO",
        (
            "Akkumateriaalien kierrätys ja kriittiset mineraalit",
            "Sähköautojen akkujen uudelleenkäyttö ja kierrätys",
        ),
        (
            "kehittää menetelmiä, joilla käytöstä poistettujen akkujen kriittiset mineraalit saadaan talteen",
            "kokeilla sähköautojen akkujen uudelleenkäyttöä kiinteistöjen energiavarastoina",
            "vahvistaa akkujen arvoketjun yritysten ja tutkimuksen yhteistyötä pääkaupunkiseudulla",
        ),
        (
            "Tutkimuslaitokset testaavat kierrätysprosesseja laboratoriossa ja pilottimittakaavassa "
            "yritysten "
            "materiaaleilla.",
            "Uudelleenkäytettyjä akkuja kokeillaan energiavarastoina kahdessa kiinteistössä.",
            "Hankkeessa laaditaan arvio akkujen kierrätyksen markkinoista ja sääntelystä.",
        ),
        (
            "yrityksillä on uusia prosessi- ja palveluratkaisuja akkujen kierrätykseen",
            "alueen akkuosaaminen ja yhteistyöverkosto ovat vahvistuneet",
        ),
        "akku-, kierrätys- ja energiayritykset",
        ("gtk", "vtt", "aalto"),
    ),
    Topic(
        "T4",
        "droonit",
        "DROONIKAISTA",
        (
            "Droonien uudet sovellukset kaupunkiympäristössä",
            "Miehittämätön ilmailu kiinteistöjen ja infran tarkastuksissa",
        ),
        (
            "kokeilla droonien käyttöä kiinteistöjen, siltojen ja sähköverkon tarkastuksissa yhdessä "
            "yritysten kanssa",
            "selvittää, miten droonilennot voidaan sovittaa turvallisesti kaupunkien ilmatilaan",
            "tukea alueen drooniyrityksiä uusien palvelujen kehittämisessä ja testaamisessa",
        ),
        (
            "Koelentoja tehdään rajatuilla alueilla {paikka}, ja niiden turvallisuutta seurataan yhdessä "
            "viranomaisten kanssa.",
            "Tutkijat kehittävät kuvantamis- ja analyysimenetelmiä, joilla tarkastusten tulokset saadaan "
            "suoraan "
            "kunnossapidon käyttöön.",
            "Hankkeessa laaditaan kaupungeille ohjeet droonien lentoreiteistä, meluhaitoista ja "
            "tietosuojasta.",
        ),
        (
            "drooniyritykset ovat tuotteistaneet tarkastuspalveluja ja saaneet ensimmäiset julkiset "
            "asiakkaansa",
            "kaupungit tietävät, millä ehdoilla droonilentoja voidaan sallia tiiviisti rakennetuilla "
            "alueilla",
        ),
        "drooni-, kuvantamis- ja kunnossapitoalan yritykset",
        ("aalto", "vtt", "metropolia"),
    ),
    Topic(
        "T4",
        "solumaatalous",
        "SOLURUOKA",
        (
            "Solumaatalous ja uudet proteiininlähteet",
            "Täsmäfermentaation kokeilut elintarvikkeiden tuotannossa",
        ),
        (
            "tutkia yhdessä yritysten kanssa, miten solumaataloudella ja täsmäfermentaatiolla voidaan "
            "tuottaa "
            "elintarvikkeiden raaka-aineita",
            "viedä korkeakoulujen bioteknologian tutkimusta kohti pilottimittakaavan tuotantoa",
            "selvittää uusien proteiininlähteiden sääntelyä, kuluttajahyväksyntää ja markkinoita",
        ),
        (
            "Tutkimusryhmät ja yritykset tekevät fermentointikokeita laboratoriossa ja "
            "pilottibioreaktorissa.",
            "Tuotteiden koostumusta, makua ja turvallisuutta arvioidaan yhdessä elintarvikeyritysten kanssa.",
            "Hankkeessa selvitetään uuselintarvikkeiden hyväksymismenettely ja sen vaatimukset yrityksille.",
        ),
        (
            "alueelle syntyy uusia yritysten ja tutkijoiden yhteisiä tuotekehityshankkeita ja investointeja",
            "yrityksillä on tietoa siitä, mitä uuden proteiininlähteen tuominen markkinoille edellyttää",
        ),
        "elintarvike- ja bioteknologiayritykset sekä tutkijat",
        ("hy", "vtt", "luke"),
    ),
)

# Sentence frames. {aim} is a first-infinitive phrase.
IDEA_AIM_FRAMES = (
    "Hankeidean tavoitteena on {aim}.",
    "Ideana on {aim}.",
    "Tavoitteena on {aim}.",
    "Haluamme {aim} yhdessä kumppanien kanssa.",
)
PROPOSAL_AIM_FRAMES = (
    "Hankkeen tavoitteena on {aim}.",
    "Hankkeen tarkoituksena on {aim}.",
    "Hankkeessa halutaan {aim}.",
    "Tavoitteena on {aim}.",
)
RESULT_FRAMES = (
    "Hankkeen päättyessä {result}.",
    "Odotettuna tuloksena on, että {result}.",
    "Hankkeen jälkeen {result}.",
    "{Result}.",
)
TARGET_FRAMES = (
    "Hankkeen kohderyhmänä ovat {target}.",
    "Kohderyhmänä ovat erityisesti {target}.",
)
CLOSERS = {
    "T1": (
        "Ratkaisut tukevat kaupunkien hiilineutraaliustavoitteita, ja onnistuneet kokeilut voidaan ottaa "
        "käyttöön kaikissa kolmessa kaupungissa.",
        "Kaupungit toimivat hankkeessa kokeilujen mahdollistajina ja ensimmäisinä käyttäjinä, mikä antaa "
        "yrityksille arvokkaita referenssejä.",
        "Hanke tuo yritysten ja korkeakoulujen TKI-toiminnan kaupunkien kokeiluympäristöihin.",
        "Tulokset kootaan avoimiksi toimintamalleiksi, joita myös muut kaupungit voivat hyödyntää.",
    ),
    "T2": (
        "Hanke kytkee yritysten tuotekehityksen kaupunkien ja hyvinvointialueiden palveluihin.",
        "Ennaltaehkäisevien palvelujen vaikuttavuutta arvioidaan yhdessä ammattilaisten ja asiakkaiden "
        "kanssa.",
        "Kokeiluympäristöjen palvelut kootaan yhdeksi kokonaisuudeksi, jota yritysten on helppo käyttää.",
        "Hankkeessa vahvistetaan myös pk-yritysten valmiuksia viedä ratkaisujaan kansainvälisille "
        "markkinoille.",
    ),
    "T3": (
        "Koulut ja oppilaitokset toimivat hankkeessa yritysten TKI-alustoina.",
        "Opettajat ja oppijat osallistuvat ratkaisujen kehittämiseen alusta alkaen.",
        "Hankkeessa syntyvät ratkaisut vahvistavat pääkaupunkiseudun oppimisteknologian ekosysteemiä.",
        "Kokeilujen tuloksista kootaan suositukset, joita kaupunkien opetus- ja työllisyyspalvelut voivat "
        "hyödyntää.",
    ),
    "T4": (
        "Hanke tutkii uuden teknologian mahdollisuuksia yhdessä yritysten kanssa jo ennen kuin markkinat "
        "ovat "
        "valmiit.",
        "Korkeakoulut ja yritykset jakavat hankkeessa tutkimusinfrastruktuuria ja osaamista.",
        "Hankkeen aikana arvioidaan, millaisia jatkohankkeita ja investointeja avaus voi synnyttää.",
        "Toiminta kytkee pääkaupunkiseudun toimijoita kansainvälisiin TKI-verkostoihin ja arvoketjuihin.",
    ),
}
TITLE_SUFFIXES = ("", "", "", " pääkaupunkiseudulla", " – kokeiluja {kaupungeissa}", " {kaupungissa}")

PARTNER_TASKS = {
    "lead": "Hankkeen koordinointi, hallinnointi ja raportointi sekä kokeilujen suunnittelu.",
    "city": "Kokeiluympäristöjen tarjoaminen ja ratkaisujen käyttöönoton valmistelu kaupungin palveluissa.",
    "university": "Tutkimus, menetelmäkehitys ja kokeilujen vaikutusten arviointi.",
    "research_institute": "Tutkimus, mittaukset ja teknologian kehittäminen.",
    "uas": "Soveltava kehitystyö, kokeilujen toteutus ja opiskelijaprojektit.",
    "hospital": "Kliininen asiantuntemus ja testausympäristöt.",
    "company": "Ratkaisujen kehittäminen ja testaus todellisissa käyttöolosuhteissa.",
    "associated": "Tulosten hyödyntäminen ja kokeiluympäristön tarjoaminen (ei omaa budjettia).",
}
FUNDING_CONDITIONS = (
    "EU-indikaattorien toteuma on raportoitava jokaisen maksatushakemuksen yhteydessä.",
    "Hankinnat on kilpailutettava hankintalain mukaisesti, ja hankintapäätökset on liitettävä "
    "maksatushakemukseen.",
    "Henkilöstökulut kohdistetaan hankkeelle työajanseurannan perusteella.",
)

# The coordination project (theme K): one, led by the City of Helsinki with Espoo and Vantaa.
COORDINATION = {
    "title": "Pääkaupunkiseudun ekosysteemisopimuksen koordinaatiohanke",
    "acronym": "EKOKOORDI",
    "summary": (
        "Koordinaatiohanke tukee Helsingin, Espoon ja Vantaan ekosysteemisopimuksen toteutusta koko "
        "ohjelmakauden ajan. Hanke tunnistaa vaikuttavia toimenpiteitä, aktivoi kumppaniverkostoa ideoimaan "
        "ja "
        "hakemaan rahoitusta sekä seuraa rahoitettujen hankkeiden etenemistä. Se huolehtii siitä, että "
        "toiminnot eivät ole päällekkäisiä ja että hankeportfolio on ohjelmakauden lopussa mahdollisimman "
        "vaikuttava. Hanketta toteuttavat Helsingin, Espoon ja Vantaan kaupungit yhdessä."
    ),
    "objectives": (
        "– Järjestää vuosittain hankeideahaut ja sparrata lupaavat ideat hakemuksiksi.\n"
        "– Seurata rahoitettujen hankkeiden etenemistä, rahankäyttöä ja indikaattoreita.\n"
        "– Tunnistaa päällekkäisyydet ja yhdistää samankaltaiset ideat jo ideavaiheessa.\n"
        "– Valmistella johtoryhmälle teemakohtaiset tavoitteet ja raportit."
    ),
}

# ---------------------------------------------------------------------------------------------------------
# Deliberate near-duplicates: pairs of ideas or proposals in different organisations with almost the same
# text. An overlap detector should find each pair; nothing in the data links them (they are neither
# merged nor related). ``outcome`` is the idea's fate or the proposal's status; a proposal pair also has
# ideas with the same text (linked to the proposals by Proposal.idea).


@dataclass(frozen=True)
class DuplicateSide:
    call: str
    org: str  # an organisation key: a city, a real organisation, or "company:<name>"
    outcome: str
    title: str
    summary: str


@dataclass(frozen=True)
class NearDuplicate:
    kind: str  # "idea" or "proposal"
    theme: str
    first: DuplicateSide
    second: DuplicateSide
    acronym: str = ""


NEAR_DUPLICATES: tuple[NearDuplicate, ...] = (
    NearDuplicate(
        "idea",
        "T1",
        DuplicateSide(
            "1/2023",
            "metropolia",
            "rejected",
            "Rakennusjätteen kiertotalouspilotit kaupunkien työmailla",
            "Hankeidean tavoitteena on pilotoida rakennus- ja purkujätteen lajittelua ja uudelleenkäyttöä "
            "kaupunkien omilla työmailla. Kokeiluissa seurataan materiaalivirtoja digitaalisesti ja etsitään "
            "uusia käyttökohteita betonille, tiilelle ja puulle. Tuloksena syntyy toimintamalli, jolla "
            "kaupungit "
            "voivat asettaa rakennushankkeiden hankinnoille kiertotaloustavoitteita.",
        ),
        DuplicateSide(
            "1/2023",
            "company:Purkupiste Oy",
            "declined",
            "Rakennus- ja purkujätteen kiertotalouspilotti kaupunkien työmailla",
            "Ideana on pilotoida rakennus- ja purkujätteen lajittelua ja uudelleenkäyttöä kaupunkien "
            "työmailla. Pilotissa materiaalivirtoja seurataan digitaalisesti, ja betonille, tiilelle ja "
            "puulle "
            "etsitään uusia käyttökohteita. Tuloksena on toimintamalli, jonka avulla kaupungit voivat "
            "asettaa "
            "rakennushankkeiden hankinnoille kiertotaloustavoitteita.",
        ),
        acronym="RAKKI",
    ),
    NearDuplicate(
        "idea",
        "T2",
        DuplicateSide(
            "1/2024",
            "laurea",
            "funded",
            "Ikääntyneiden etäkuntoutuksen digitaalinen palvelumalli",
            "Hankkeen tavoitteena on kehittää ikääntyneille digitaalinen etäkuntoutuksen palvelumalli, jossa "
            "fysioterapeutti ohjaa harjoittelua videon ja liikesensorien avulla kotona. Mallia kokeillaan "
            "kotikuntoutuksen asiakkaiden kanssa, ja harjoittelun etenemistä seurataan sovelluksella. "
            "Tuloksena "
            "kuntoutus on saatavilla nopeammin ja ammattilaisten aika riittää useammalle asiakkaalle.",
        ),
        DuplicateSide(
            "1/2026",
            "company:Etäkunto Oy",
            "declined",
            "Digitaalinen etäkuntoutusmalli ikääntyneille",
            "Tavoitteena on kehittää ikääntyneille digitaalinen etäkuntoutusmalli, jossa fysioterapeutti "
            "ohjaa "
            "kotona tapahtuvaa harjoittelua videon ja liikesensorien avulla. Mallia kokeillaan "
            "kotikuntoutuksen asiakkailla, ja harjoittelun etenemistä seurataan sovelluksessa. Näin "
            "kuntoutus "
            "on saatavilla nopeammin, ja ammattilaisten aika riittää useammalle asiakkaalle.",
        ),
        acronym="ETÄKUNTO",
    ),
    NearDuplicate(
        "idea",
        "T3",
        DuplicateSide(
            "2/2026",
            "haaga-helia",
            "idea_submitted",
            "Tekoälyavusteinen ohjaus työllisyyspalveluissa",
            "Ideana on kehittää tekoälyavusteinen ohjauspalvelu, joka auttaa työnhakijoita tunnistamaan "
            "osaamisensa ja löytämään sopivia koulutuksia ja työpaikkoja. Palvelua kokeillaan kaupunkien "
            "työllisyyspalveluissa yhdessä asiantuntijoiden kanssa, jotka arvioivat suositusten laatua. "
            "Tavoitteena on nopeuttaa työllistymistä ja vapauttaa asiantuntijoiden aikaa vaativampaan "
            "ohjaukseen.",
        ),
        DuplicateSide(
            "2/2026",
            "company:Osaamisnavi Oy",
            "idea_submitted",
            "Tekoälyä hyödyntävä ohjausmalli työllisyyspalveluihin",
            "Hankeidean tavoitteena on kehittää tekoälyä hyödyntävä ohjauspalvelu, joka auttaa työnhakijoita "
            "tunnistamaan osaamisensa ja löytämään heille sopivia koulutuksia ja työpaikkoja. Palvelua "
            "kokeillaan työllisyyspalveluissa asiantuntijoiden kanssa, jotka arvioivat suositusten laatua. "
            "Tavoitteena on nopeuttaa työllistymistä ja vapauttaa asiantuntijoiden aikaa vaativampaan "
            "ohjaukseen.",
        ),
    ),
    NearDuplicate(
        "idea",
        "T4",
        DuplicateSide(
            "1/2025",
            "vtt",
            "rejected",
            "Kvanttilaskennan sovellukset pk-yrityksille",
            "Hankkeen tavoitteena on tuoda kvanttilaskenta pk-yritysten ulottuville ja tunnistaa yhdessä "
            "yritysten kanssa optimointi- ja simulointiongelmia, joihin kvanttialgoritmeista voi olla "
            "hyötyä. "
            "Yritykset pääsevät kokeilemaan algoritmeja tutkimuslaitoksen kvanttitietokoneella ja "
            "simulaattoreilla. "
            "Tuloksena yrityksillä on arvio kvanttilaskennan hyödyistä omassa liiketoiminnassaan.",
        ),
        DuplicateSide(
            "3/2026",
            "aalto",
            "idea_submitted",
            "Kvanttilaskennan sovelluskokeilut pk-yrityksille",
            "Ideana on tuoda kvanttilaskenta pk-yritysten ulottuville ja tunnistaa yritysten kanssa "
            "optimointi- "
            "ja simulointiongelmia, joissa kvanttialgoritmeista voi olla hyötyä. Yritykset kokeilevat "
            "algoritmeja kvanttitietokoneella ja simulaattoreilla. Tuloksena yritykset saavat arvion "
            "kvanttilaskennan hyödyistä omassa liiketoiminnassaan.",
        ),
        acronym="KVANTTI-PK",
    ),
    NearDuplicate(
        "proposal",
        "T1",
        DuplicateSide(
            "2/2022",
            "helsinki",
            "funded",
            "Päästöttömät työmaat – sähköiset työkoneet kaupunkirakentamisessa",
            "Hankkeen tavoitteena on kokeilla sähköisiä työkoneita ja työmaiden päästöttömiä "
            "energiaratkaisuja "
            "kaupungin katu- ja puistorakentamisessa. Kokeiluissa mitataan työkoneiden energiankulutusta, "
            "melua ja päästöjä sekä työmaan sähköverkon riittävyyttä. Tuloksena kaupungit saavat "
            "hankintakriteerit, joilla päästöttömät työmaat voidaan edellyttää urakoissa.",
        ),
        DuplicateSide(
            "2/2026",
            "company:Rakennusliike Kallioperä Oyj",
            "in_review",
            "Päästöttömät työmaat kaupunkirakentamisessa – sähköisten työkoneiden kokeilut",
            "Hankkeen tavoitteena on kokeilla sähköisiä työkoneita ja päästöttömiä energiaratkaisuja "
            "kaupunkien "
            "katu- ja puistorakentamisen työmailla. Kokeiluissa mitataan työkoneiden energiankulutusta, "
            "melua ja "
            "päästöjä sekä työmaan sähköverkon riittävyyttä. Tuloksena syntyvät hankintakriteerit, joilla "
            "kaupungit voivat edellyttää päästöttömiä työmaita urakoissaan.",
        ),
        acronym="NOLLATYÖMAA",
    ),
)
NEAR_DUPLICATE_TITLES: tuple[tuple[str, str], ...] = tuple(
    (d.first.title, d.second.title) for d in NEAR_DUPLICATES
)


# ---------------------------------------------------------------------------------------------------------
# Review: the steering group's six criteria of every call (name, what the reviewers look at, weight), as
# the memo names them for the agreement, and the reviewers' short comments on a score. REVIEW_COMMENTS
# follows the order of DEMO_CRITERIA: for each criterion, comments on a low (1–2), middling (3) and high
# (4–5) score.

DEMO_CRITERIA = (
    ("TKI-vaikuttavuus", "Uusi osaaminen, tutkimuksen ja yritysten yhteistyö, TKI-investoinnit.", "3"),
    ("Liiketoimintapotentiaali", "Uudet tuotteet ja palvelut, kasvu, vienti, referenssit yrityksille.", "2"),
    ("Kaupunkien käyttöönotto", "Ottavatko kaupungit ratkaisut käyttöön; kokeiluympäristöt.", "2"),
    ("Hiilineutraalius", "Vaikutus kaupunkien hiilineutraaliustavoitteisiin.", "1.5"),
    ("Kansainväliset yhteydet", "Kytkös kansainvälisiin TKI-verkostoihin ja arvoketjuihin.", "1"),
    ("Toteutettavuus", "Konsortio, aikataulu, budjetti ja riskit.", "1.5"),
)

REVIEW_COMMENTS: tuple[dict[str, tuple[str, ...]], ...] = (
    {
        "low": (
            "Tutkimuksellinen uutuusarvo jää epäselväksi.",
            "Hanke soveltaa olemassa olevaa tietoa eikä juuri synnytä uutta osaamista.",
        ),
        "mid": (
            "Tutkimuksen ja yritysten yhteistyö on kuvattu, mutta tavoitteet voisivat olla kunnianhimoisempia.",
            "TKI-sisältö on kohtuullinen; mitattavat tulokset jäävät osin avoimiksi.",
        ),
        "high": (
            "Vahva tutkimusosaaminen ja selkeä polku tuloksista yritysten käyttöön.",
            "Uutta osaamista syntyy aidosti, ja yritykset ovat mukana alusta asti.",
        ),
    },
    {
        "low": (
            "Yritysten rooli jää ohueksi, eikä kaupallistamisen polkua ole kuvattu.",
            "Liiketoimintahyödyt on esitetty yleisellä tasolla.",
        ),
        "mid": (
            "Referenssit yrityksille ovat mahdollisia, mutta markkina-analyysi puuttuu.",
            "Kasvupotentiaali on olemassa, joskin lähinnä kotimarkkinoilla.",
        ),
        "high": (
            "Selkeä kaupallistamissuunnitelma ja yritysten oma panostus.",
            "Hyvät edellytykset uusille tuotteille ja vientiin.",
        ),
    },
    {
        "low": (
            "Kaupunkien sitoutuminen käyttöönottoon ei käy ilmi hakemuksesta.",
            "Kokeiluympäristö on nimetty, mutta käyttöönoton omistajaa ei ole.",
        ),
        "mid": (
            "Yksi kaupunki on sitoutunut; muiden kaupunkien rooli jää avoimeksi.",
            "Käyttöönotto on suunniteltu, mutta aikataulu on väljä.",
        ),
        "high": (
            "Kaupungit ovat mukana kokeiluissa ja ovat sitoutuneet käyttöönottoon.",
            "Erinomainen kytkös kaupunkien kokeiluympäristöihin ja palveluihin.",
        ),
    },
    {
        "low": (
            "Vaikutus hiilineutraaliustavoitteisiin on vähäinen tai epäsuora.",
            "Päästövaikutuksia ei ole arvioitu.",
        ),
        "mid": (
            "Ilmastovaikutus on mahdollinen mutta jää arvion varaan.",
            "Päästövähennykset on arvioitu karkeasti.",
        ),
        "high": (
            "Selkeä ja mitattava vaikutus kaupunkien päästöihin.",
            "Hanke tukee suoraan kaupunkien hiilineutraaliustavoitteita.",
        ),
    },
    {
        "low": (
            "Kansainvälisiä kumppaneita tai verkostoja ei ole nimetty.",
            "Hanke on luonteeltaan paikallinen.",
        ),
        "mid": (
            "Kytkös eurooppalaisiin verkostoihin mainitaan, mutta sen sisältö jää ohueksi.",
            "Kansainvälinen ulottuvuus on lähinnä tulosten levittämistä.",
        ),
        "high": (
            "Vahvat yhteydet eurooppalaisiin TKI-verkostoihin ja Horisontti-hankkeisiin.",
            "Hanke rakentaa suoraan kansainvälisiä arvoketjuja.",
        ),
    },
    {
        "low": (
            "Aikataulu on tiukka ja budjetti osin perustelematon.",
            "Riskejä ei ole tunnistettu, ja konsortion työnjako on epäselvä.",
        ),
        "mid": (
            "Toteutus on pääosin uskottava; henkilöstöresurssit ovat niukat.",
            "Budjetti on kohtuullinen, mutta riskienhallinta jää yleiseksi.",
        ),
        "high": (
            "Selkeä työsuunnitelma, kokenut konsortio ja realistinen budjetti.",
            "Toteutettavuus on hyvä; vastaava toteuttaja on vienyt läpi vastaavia hankkeita.",
        ),
    },
)
