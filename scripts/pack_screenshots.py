"""Render briefing packs the way a LibreOffice user prints them, four slides to a picture.

    python scripts/pack_screenshots.py OUT_DIR DECK.pptx [DECK.pptx ...]

Needs Debian's ``libreoffice-impress-nogui`` (soffice) and ``poppler-utils`` (pdftoppm); both
are optional for the dashboard itself. Each deck becomes ``pack-<deck>-<n>.png`` in OUT_DIR:
slides n*4-3 … n*4 at 80 dpi on a grey sheet. Used to look at the pack before a commit
(docs/screenshots/): a row too short for its text, a label off its chart, an axis past 100 %.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

DPI = 80
PER_SHEET = 4
GAP = 10


def render(deck: Path, out: Path) -> list[Path]:
    """The deck's contact sheets, written to ``out``."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(work), str(deck)],
            check=True,
            capture_output=True,
        )
        pdf = work / (deck.stem + ".pdf")
        subprocess.run(
            ["pdftoppm", "-r", str(DPI), "-png", str(pdf), str(work / "slide")], check=True
        )
        slides = sorted(work.glob("slide-*.png"))
        sheets = []
        for n, i in enumerate(range(0, len(slides), PER_SHEET), start=1):
            images = [Image.open(p) for p in slides[i : i + PER_SHEET]]
            w, h = images[0].size
            sheet = Image.new("RGB", (2 * w + GAP, 2 * h + GAP), "gray")
            for j, im in enumerate(images):
                sheet.paste(im, ((j % 2) * (w + GAP), (j // 2) * (h + GAP)))
            path = out / f"pack-{deck.stem}-{n}.png"
            sheet.save(path, optimize=True)
            sheets.append(path)
        return sheets


def main(out: Path, decks: list[Path]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for deck in decks:
        for path in render(deck, out):
            print(path)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), [Path(p) for p in sys.argv[2:]])
