"""Project texts for the scale benchmark, built from the public EURA 2014–2020 project list.

Each real row gives "project name. beneficiary"; to reach any size, further texts are the real names
perturbed the way a near-duplicate or a sibling project differs (words dropped, words from other names of
the list added, another beneficiary), with a seeded generator so every run builds the same corpus. Without
the file, a vocabulary of Finnish programme words is used instead (the figures then say so).
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EURA_FILE = ROOT.parent / "shared" / "data" / "fi_eura2014_erdf_esf_2014-2020_projektilista.csv"

_FALLBACK_WORDS = (
    "energiatehokkuuden kehittäminen pk-yritysten kiertotalous nuorten työllisyyden digitalisaatio "
    "osaamisen vahvistaminen innovaatioekosysteemi Helsingin Espoon Vantaan kaupunki ammattikorkeakoulu "
    "yliopisto hanke pilotointi vähähiilisyys liikenne rakentaminen hyvinvointi koulutus maahanmuuttajien "
    "kotoutuminen työelämä tutkimus tuotekehitys vienti kansainvälistyminen matkailu ruoka biotalous"
)
_FALLBACK = _FALLBACK_WORDS.split()


def real_texts(path: Path = EURA_FILE) -> list[str]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return [
            f"{(row.get('Hankkeen nimi') or '').replace('|', ',').strip()}. {(row.get('Toteuttajan nimi') or '').strip()}"
            for row in reader
            if (row.get("Hankkeen nimi") or "").strip()
        ]


def project_texts(n: int, seed: int = 11, path: Path = EURA_FILE) -> list[str]:
    """``n`` project texts: the real ones first, then perturbed variants."""
    rng = random.Random(seed)
    real = real_texts(path)
    if not real:
        real = [" ".join(rng.sample(_FALLBACK, 6)) for _ in range(2000)]
    names = [text.split(". ")[0] for text in real]
    owners = [text.rsplit(". ", 1)[-1] for text in real]
    vocabulary = sorted({word for name in names for word in name.split() if len(word) > 3})
    texts = list(real[:n])
    while len(texts) < n:
        words = rng.choice(names).split()
        if len(words) > 3 and rng.random() < 0.6:
            del words[rng.randrange(len(words))]
        for _ in range(rng.randint(1, 4)):
            words.insert(rng.randrange(len(words) + 1), rng.choice(vocabulary))
        texts.append(f"{' '.join(words)}. {rng.choice(owners)}")
    return texts
