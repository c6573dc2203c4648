"""The Finnish texts of the demo's progress reports: milestones, risks, adopted solutions, openings and
return reasons (short, no personal names). demo.progress draws from them."""

from __future__ import annotations

from progress.models import RiskLevel

MILESTONES_START = (
    "Hankkeen käynnistys ja ohjausryhmän ensimmäinen kokous",
    "Projektisuunnitelman tarkennus ja työpakettien käynnistys",
    "Nykytilan kartoitus ja tarvekartoitus valmis",
)
MILESTONES_MIDDLE = {
    "T1": (
        "Pilottikohteiden valinta kaupunkien kanssa",
        "Mittausaineiston keruu pilottialueelta",
        "Ensimmäinen prototyyppi testiympäristössä",
        "Kaupunkiympäristön pilotti käynnissä",
        "Pilotin energia- ja päästövaikutusten arviointi",
        "Hankintamallin luonnos kaupungeille",
    ),
    "T2": (
        "Tietosuojan vaikutustenarviointi valmis",
        "Käyttäjätestaus hoivayksikössä",
        "Pilotti hyvinvointialueen palvelussa käynnissä",
        "Validointisuunnitelma valmis",
        "Ammattilaisten koulutus ratkaisun käyttöön",
        "Pilotin tulosten arviointi",
    ),
    "T3": (
        "Opettajien yhteiskehittämistyöpajat",
        "Oppimisympäristön prototyyppi kouluissa",
        "Lukukauden mittainen pilotti kolmessa koulussa",
        "Oppimisanalytiikan aineiston analyysi",
        "Opetusmateriaalin avaaminen",
        "Pilotin arviointi oppijoiden ja opettajien kanssa",
    ),
    "T4": (
        "Yritysverkoston kokoaminen",
        "Kokeiluhaun avaaminen yrityksille",
        "Ensimmäiset yrityskokeilut käynnissä",
        "Ekosysteemin yhteisen tiekartan luonnos",
        "Kansainvälinen vertaisoppimisvierailu",
        "Kokeilujen tulosten arviointi",
    ),
}
MILESTONES_GENERIC = (
    "Väliraportti ohjausryhmälle",
    "Ratkaisun jatkokehitys käyttäjäpalautteen perusteella",
)
MILESTONES_END = (
    "Levitysseminaari ja tulosten esittely",
    "Loppuraportti ja jatkosuunnitelma",
    "Ratkaisun siirto kaupunkien ylläpitoon",
)
RISKS = (
    ("Rekrytointi viivästyy ja hidastaa työpaketin käynnistymistä", RiskLevel.MEDIUM),
    ("Pilottikohteen aikataulu riippuu kaupungin muista hankkeista", RiskLevel.MEDIUM),
    ("Yritysten sitoutuminen kokeiluihin jää odotettua vähäisemmäksi", RiskLevel.MEDIUM),
    ("Tietosuojavaatimukset hidastavat aineiston käyttöönottoa", RiskLevel.LOW),
    ("Laitetoimitukset viivästyvät toimitusketjun ongelmien vuoksi", RiskLevel.MEDIUM),
    ("Ostopalveluiden hinnat nousevat arvioitua enemmän", RiskLevel.LOW),
    ("Avainosaajan vaihtuminen partneriorganisaatiossa", RiskLevel.MEDIUM),
    ("Käyttäjien saaminen testeihin vaatii arvioitua enemmän työtä", RiskLevel.LOW),
    ("Ratkaisun laajentaminen muihin kaupunkeihin on epävarmaa", RiskLevel.LOW),
    ("Tietojärjestelmien integraatiot osoittautuvat työläiksi", RiskLevel.MEDIUM),
    ("Kilpailutukset pidentävät hankintojen aikataulua", RiskLevel.LOW),
)
RISKS_HIGH = (
    "Henkilöstövaje uhkaa työpakettien toteutusta suunnitellussa aikataulussa",
    "Pilottikumppanin vetäytyminen vaarantaa pilotoinnin",
    "Kustannukset kertyvät selvästi suunniteltua hitaammin; osa budjetista voi jäädä käyttämättä",
    "Testiympäristön käyttöönotto on viivästynyt useita kuukausia",
)
SOLUTIONS = {
    "T1": (
        "Hulevesien reaaliaikainen seuranta otettu käyttöön kahdella asuinalueella",
        "Energiankulutuksen seurantamalli käytössä koulukiinteistöissä",
        "Liikenteen tilannekuvan avoin rajapinta osaksi kaupungin palveluja",
        "Katuvalaistuksen älykäs ohjaus laajennettu pilottialueelta",
        "Työmaiden päästöjen seurantamalli otettu käyttöön hankinnoissa",
    ),
    "T2": (
        "Etäkuntoutuksen toimintamalli otettu käyttöön kotihoidossa",
        "Digitaalinen oirearvio käytössä terveysasemien ajanvarauksessa",
        "Hoivarobotiikan pilotista vakiintunut palvelu palvelukeskuksessa",
        "Ikääntyneiden liikkumisen seurantamalli otettu käyttöön",
        "Nuorten chat-neuvonta käytössä mielenterveyspalveluissa",
    ),
    "T3": (
        "Virtuaalinen oppimisympäristö otettu käyttöön ammatillisessa koulutuksessa",
        "Osaamismerkkien malli käytössä aikuiskoulutuksessa",
        "Oppimisanalytiikan näkymä käytössä perusopetuksen pilottikouluissa",
        "Yhteiskehitetty etäopetuksen malli otettu käyttöön lukioissa",
        "Kielikoulutuksen digitaalinen polku käytössä kotoutumispalveluissa",
    ),
    "T4": (
        "Yritysten kokeilualusta vakiinnutettu kaupungin palveluksi",
        "Avoimen datan katalogia laajennettu hankkeen aineistoilla",
        "Innovatiivisten hankintojen markkinavuoropuhelun malli käytössä",
        "Yritysyhteistyön palvelupolku otettu käyttöön elinkeinopalveluissa",
    ),
}
OPENINGS_EARLY = (
    "Hanke käynnistyi suunnitellusti ja työpaketit aloittivat työnsä.",
    "Kauden aikana koottiin hankeorganisaatio ja sovittiin pilottien käytännöistä kaupunkien kanssa.",
    "Ensimmäisellä kaudella kartoitettiin nykytila ja tarkennettiin pilottien tavoitteet.",
)
OPENINGS_MIDDLE = (
    "Pilotit etenivät ja ensimmäisiä tuloksia esiteltiin ohjausryhmälle.",
    "Yhteiskehittäminen kaupunkien ja yritysten kanssa jatkui; ratkaisua kehitettiin palautteen perusteella.",
    "Pilotointi laajeni uusiin kohteisiin ja arviointiaineistoa kerättiin.",
    "Kauden aikana järjestettiin työpajoja ja testattiin ratkaisua todellisessa ympäristössä.",
)
OPENINGS_FINAL = (
    "Hanke päättyi; tulokset koottiin loppuraporttiin ja esiteltiin levitysseminaarissa.",
    "Viimeisellä kaudella arvioitiin pilottien tulokset ja sovittiin ratkaisujen jatkosta kaupunkien kanssa.",
)
SPENDING_ON_PLAN = (
    "Kustannukset toteutuivat suunnitelman mukaisesti.",
    "Kustannukset ovat kertyneet pääosin suunnitellusti.",
)
SPENDING_BEHIND = (
    "Kustannuksia on kertynyt suunniteltua vähemmän, koska rekrytoinnit ja hankinnat viivästyivät.",
    "Toteutus on suunniteltua hitaampaa, ja kustannuksia on kertynyt selvästi arvioitua vähemmän.",
)
SPENDING_AHEAD = (
    "Kustannuksia kertyi hieman suunniteltua enemmän, koska pilotti käynnistettiin etuajassa.",
    "Työ on edennyt suunniteltua nopeammin, mikä näkyy kauden kustannuksissa.",
)
HIGH_RISK_NOTE = "Ohjausryhmä on käsitellyt viivästyksen ja hyväksynyt korjaavat toimet."
RETURN_REASONS = (
    "Ostopalveluiden kustannuksille puuttuu erittely; täydennä selvitys ja tarkista indikaattorien toteumat.",
    "Henkilöstökulut eivät vastaa tuntikirjanpitoa; korjaa kauden kustannukset ja lähetä raportti uudelleen.",
    "Kertomuksesta puuttuu kuvaus pilotin viivästymisestä ja korjaavista toimista; täydennä se.",
)
