"""Build the verification page's web fonts (woff2) from the vendored Noto Sans Bengali TTFs.

Run from the repository root: `.venv/bin/python scripts/make_webfonts.py`. The outputs are
committed; fontTools and brotli come with WeasyPrint, so nothing extra is installed.
"""

import shutil
from pathlib import Path

from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "backend" / "documents" / "fonts"
TARGET = ROOT / "backend" / "documents" / "static" / "documents" / "fonts"
FACES = ("NotoSansBengali-Regular", "NotoSansBengali-Bold")


def main() -> None:
    TARGET.mkdir(parents=True, exist_ok=True)
    for face in FACES:
        font = TTFont(SOURCE / f"{face}.ttf")
        font.flavor = "woff2"  # same glyphs and shaping tables, compressed with Brotli
        font.save(TARGET / f"{face}.woff2")
    shutil.copyfile(SOURCE / "OFL.txt", TARGET / "OFL.txt")


if __name__ == "__main__":
    main()
