"""A chart's title fits a 390 px phone: the walk at 390 px found "Frame money by year and theme against the
frame" cut at the figure's edge (lines of 38 characters, about 370 px in a 16 px bold sans)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext as _

from charts import specs

# The widest common sans on Linux desktops (and Debian's Chromium's fallback), bold as the titles are.
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
# A 390 px viewport less the page's margins (2 x 15 px) and Vega's padding (2 x 5 px).
ROOM = 390 - 30 - 10

TITLES = [
    "Frame money by year and theme against the frame",
    "Kehysrahoitus teemoittain kussakin skenaariossa vuosittain",
    "Committed, earned, paid and forecast EU and state money by year",
]


@pytest.mark.skipif(
    not FONT.exists(), reason="DejaVu Sans Bold is missing (apt-get install fonts-dejavu-core)"
)
@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_title_lines__each_line_fits_a_phone(lang: str) -> None:
    from PIL import ImageFont

    font = ImageFont.truetype(str(FONT), 16)
    # given long chart titles, in each language where the catalogue has them
    with translation.override(lang):
        titles = [_(t) for t in TITLES]
    # when they are broken into lines for a chart
    for title in titles:
        lines = specs.title_lines(title)
        # then every line is narrower than the room on a phone
        widths = {line: font.getlength(line) for line in lines}
        assert all(w <= ROOM for w in widths.values()), widths
