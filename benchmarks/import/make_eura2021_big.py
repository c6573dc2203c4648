"""Generate a large workbook in the EURA 2021 export layout (invented projects, seeded, reproducible).

    .venv/bin/python benchmarks/import/make_eura2021_big.py OUT.xlsx [--rows 100000] [--seed 2021]

Every row is valid: about 15,000 implementers (nine in ten with a business ID) and 16 funding authorities
recur, the money is in cents, the summaries are 40–120 words; the two footer rows of the real export end
the sheet.

The workbook is written the way Excel writes one (``--writer excel``, the default): texts in the shared
strings table, the sheet's size in a ``<dimension>`` element, dates as serial numbers with a date format.
``--writer openpyxl`` writes it with openpyxl's write-only mode instead, which stores every text inline
and no dimension; openpyxl then reads such a file about twice as slowly (it parses each inline text as
rich text, and parses the whole sheet once more to find its size). Both are valid .xlsx files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from openpyxl import Workbook  # noqa: E402

from cores.business_id import make_business_id  # noqa: E402
from cores.eura import EURA2021_COLUMNS  # noqa: E402

HEADER = ["Hankekoodi ", *EURA2021_COLUMNS[1:]]

REGIONS = [
    "Uudenmaan", "Varsinais-Suomen", "Satakunnan", "Hämeen", "Pirkanmaan", "Kaakkois-Suomen",
    "Etelä-Savon", "Pohjois-Savon", "Pohjois-Karjalan", "Keski-Suomen", "Etelä-Pohjanmaan", "Pohjanmaan",
    "Pohjois-Pohjanmaan", "Kainuun", "Lapin",
]  # fmt: skip
AUTHORITIES = [
    "Uudenmaan liitto",
    "Pohjois-Pohjanmaan liitto",
    "Lapin liitto",
    "Pirkanmaan liitto",
    "Etelä-Savon maakuntaliitto",
    "Ruokavirasto",
    *(f"{region} elinkeino-, liikenne- ja ympäristökeskus" for region in REGIONS[:10]),
]
FUNDS = [("EAKR", "A", 800_000, 0.70), ("ESR+", "S", 300_000, 0.25), ("JTF", "J", 100_000, 0.05)]
STATUSES = [("Käynnissä", 0.6), ("Päättynyt", 0.3), ("Hyväksytty", 0.07), ("Keskeytetty", 0.03)]
LEGAL = [
    "Oy",
    "Oy",
    "Oy",
    "Oyj",
    "ry",
    "säätiö sr",
    "kaupunki",
    "yliopisto",
    "ammattikorkeakoulu Oy",
    "kunta",
]
STEMS = [
    "Kierto", "Vety", "Data", "Hyvinvointi", "Oppimis", "Energia", "Liikkuvuus", "Ruoka", "Metsä", "Meri",
    "Terveys", "Rakennus", "Kaupunki", "Kasvu", "Osaamis", "Digi", "Akku", "Bio", "Vesi", "Matkailu",
]  # fmt: skip
NOUNS = [
    "testialusta", "kokeiluympäristö", "ekosysteemi", "verkosto", "kiihdyttämö", "osaamiskeskittymä",
    "palvelumalli", "yhteiskehittäminen", "pilotti", "innovaatioalusta", "demonstraatio", "kehittämisohjelma",
]  # fmt: skip
_SUMMARY_WORDS = (
    "hankkeessa kehitetään uusia ratkaisuja yritysten kaupunkien korkeakoulujen yhteistyönä ja kokeillaan "
    "niitä todellisissa ympäristöissä tavoitteena on vahvistaa alueen kilpailukykyä hiilineutraaliutta "
    "osaamista työllisyyttä sekä kansainvälisiä verkostoja tuloksena syntyy malleja palveluita tuotteita ja "
    "referenssejä joita levitetään muille alueille pk-yritykset pääsevät testaamaan ratkaisujaan käyttäjien "
    "kanssa"
)
WORDS = _SUMMARY_WORDS.split()
POSTAL = [
    ("00100", "Helsinki"),
    ("02150", "Espoo"),
    ("01300", "Vantaa"),
    ("33100", "Tampere"),
    ("90100", "Oulu"),
]


def _choice(rng: random.Random, weighted: list[tuple[str, float]]) -> str:
    return rng.choices([w[0] for w in weighted], weights=[w[1] for w in weighted])[0]


def _euros(cents: int) -> float:
    """An Excel number holding whole cents (what the export writes)."""
    return float(Decimal(cents) / 100)


def _organisations(rng: random.Random, count: int) -> list[tuple[str, str]]:
    result = []
    for n in range(count):
        legal = rng.choice(LEGAL)
        stem = rng.choice(STEMS)
        name = f"{stem}{n} {legal}" if legal not in {"kaupunki", "kunta"} else f"{stem}{n}n {legal}"
        body = 2_000_000 + n * 13
        while (business_id := make_business_id(body)) is None:
            body += 1
        result.append((name, business_id if rng.random() < 0.9 else ""))
    return result


def sheet_rows(*, rows: int, seed: int, organisations: int = 15_000) -> Iterator[list[Any]]:
    """The header, the project rows and the two footer rows, as lists of cell values."""
    rng = random.Random(seed)
    orgs = _organisations(rng, organisations)
    yield HEADER
    totals = [0, 0, 0]
    for i in range(rows):
        fund, letter, base, _ = rng.choices(FUNDS, weights=[f[3] for f in FUNDS])[0]
        lead, business_id = rng.choice(orgs)
        start = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(0, 4 * 365))
        end = start + dt.timedelta(days=rng.randrange(180, 4 * 365))
        eu_state = rng.randrange(2_000_000, 200_000_000)  # cents
        public = eu_state * 100 // 60
        total = public + (rng.randrange(0, public // 5) if rng.random() < 0.3 else 0)
        paid_share = rng.random()
        paid_eu_state = int(eu_state * paid_share)
        paid_public = int(public * paid_share)
        totals[0] += eu_state
        totals[1] += public
        totals[2] += total
        place, town = rng.choice(POSTAL)
        summary = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(40, 121))).capitalize() + "."
        values = {
            "Hankekoodi": f"{letter}{base + i}",
            "Ryhmähanketunnus": f"R{i // 4:05d}" if rng.random() < 0.1 else None,
            "Rahasto": fund,
            "EAKR-/JTF-alatyyppi": fund if fund != "ESR+" else None,
            "Tl": str(rng.randrange(1, 6)),
            "Et": f"RSO{rng.randrange(1, 5)}.{rng.randrange(1, 6)}",
            "Hankkeen nimi": f"{rng.choice(STEMS)}{rng.choice(NOUNS)} {i}",
            "Toteuttajan nimi": lead,
            "Toteuttajan Y-tunnus": business_id or None,
            "Rahoittava viranomainen": rng.choice(AUTHORITIES),
            "Toiminnan tila": _choice(rng, STATUSES),
            "Aloituspvm": dt.datetime.combine(start, dt.time()),
            "Päättymispvm": dt.datetime.combine(end, dt.time()),
            "Suunniteltu EU- ja valtion rahoitus": _euros(eu_state),
            "Suunniteltu julkinen rahoitus": _euros(public),
            "Suunniteltu rahoitus yhteensä": _euros(total),
            "Toteutunut EU- ja valtion rahoitus": _euros(paid_eu_state),
            "Toteutunut julkinen rahoitus": _euros(paid_public),
            "Toteutunut rahoitus yhteensä": _euros(paid_public),
            "Toteutunut EU-rahoituksen määrä": _euros(paid_eu_state * 2 // 3),
            "Tukitoimen ala": rng.choice(STEMS),
            "Sijainti": town,
            "Toteutuspaikan postinumero": place,
            "Toteutuspaikan postitoimipaikka": town,
            "Tuensaajan postinumero": place,
            "Tuensaajan postitoimipaikka": town,
            "Tukimuoto": "Avustus",
            "Alueellinen täytäntöönpanomekanismi ja alueellinen painopiste": (
                "Kestävä kaupunkikehittäminen" if rng.random() < 0.2 else "Ei alueellista painopistettä"
            ),
            "Taloudellinen toiminta": rng.choice(["Kyllä", "Ei"]),
            "Toissijainen teema, vain ESR+": "Digitaaliset taidot" if fund == "ESR+" else None,
            "Sukupuolten tasa-arvo": "Sukupuolineutraali",
            "Itämeren alueen strategia": None,
            "Suunnitelman mukainen tiivistelmä hankkeen toteutuksesta": summary,
            "Hankekuvauksen osoite": f"https://eura2021.example/hanke/{letter}{base + i}",
            "Hankkeen kotisivun osoite": None,
        }
        yield [values[name.strip()] for name in HEADER]
    yield ["Yhteensä", *[None] * 12, *(_euros(t) for t in totals)]
    yield ["Tiedot on poimittu EURA 2021 -järjestelmästä (keksitty aineisto)."]


def generate(path: Path, *, rows: int = 100_000, seed: int = 2021, writer: str = "excel") -> Path:
    if writer == "openpyxl":
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Hankkeet")
        for values in sheet_rows(rows=rows, seed=seed):
            sheet.append(values)
        workbook.save(path)
    else:
        write_excel_like(path, sheet_rows(rows=rows, seed=seed), rows=rows + 3, columns=len(HEADER))
    return path


# --- a minimal SpreadsheetML writer, laid out as Excel saves a workbook -----------------------------------

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_EPOCH = dt.date(1899, 12, 30)
_STATIC_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{_PKG}">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
        '<sheets><sheet name="Hankkeet" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{_PKG}">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId3" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"
    ),
    "xl/styles.xml": (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="{_MAIN}">'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    ),
}


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def write_excel_like(path: Path, lines: Iterator[list[Any]], *, rows: int, columns: int) -> None:
    """Write rows of values as a one-sheet workbook with shared strings and a dimension, as Excel does."""
    letters = [_column_letter(i) for i in range(columns)]
    strings: dict[str, int] = {}
    with tempfile.TemporaryFile("w+", encoding="utf-8") as sheet:
        sheet.write(
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{_MAIN}">'
            f'<dimension ref="A1:{letters[-1]}{rows}"/><sheetData>'
        )
        for number, values in enumerate(lines, start=1):
            cells = []
            for letter, value in zip(letters, values, strict=False):
                ref = f"{letter}{number}"
                if value is None or value == "":
                    continue
                if isinstance(value, str):
                    index = strings.setdefault(value, len(strings))
                    cells.append(f'<c r="{ref}" t="s"><v>{index}</v></c>')
                elif isinstance(value, dt.datetime | dt.date):
                    day = value.date() if isinstance(value, dt.datetime) else value
                    cells.append(f'<c r="{ref}" s="1"><v>{(day - _EPOCH).days}</v></c>')
                else:
                    cells.append(f'<c r="{ref}"><v>{value!r}</v></c>')
            sheet.write(f'<row r="{number}">{"".join(cells)}</row>')
        sheet.write("</sheetData></worksheet>")
        sheet.seek(0)
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, text in _STATIC_PARTS.items():
                archive.writestr(name, text)
            with archive.open("xl/worksheets/sheet1.xml", "w") as target:
                while chunk := sheet.read(1 << 20):
                    target.write(chunk.encode("utf-8"))
            with archive.open("xl/sharedStrings.xml", "w") as target:
                target.write(
                    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{_MAIN}" '
                    f'count="{len(strings)}" uniqueCount="{len(strings)}">'.encode()
                )
                for text in strings:
                    target.write(f'<si><t xml:space="preserve">{escape(text)}</t></si>'.encode())
                target.write(b"</sst>")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--writer", choices=["excel", "openpyxl"], default="excel")
    args = parser.parse_args()
    started = time.perf_counter()
    generate(args.out, rows=args.rows, seed=args.seed, writer=args.writer)
    print(f"wrote {args.rows} rows to {args.out} in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
