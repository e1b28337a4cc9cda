"""Build the small CJK font the Chinese editions draw their figures with.

Usage (run by a maintainer from the repository root after the Chinese text of a figure changed;
tests/test_editions.py fails when a character of an edition's code is not in the font):

    apt-get install fonts-wqy-microhei       # Debian's WenQuanYi Micro Hei, 0.2.0-beta
    .venv/bin/python scripts/make_zh_font.py

Matplotlib's own fonts have no Chinese characters, and a learner's machine may have none either,
so each zh edition carries this font in ``fonts/`` and its first code cell registers it
(``matplotlib.font_manager.fontManager.addfont``).  It is WenQuanYi Micro Hei (Apache-2.0 or
GPL-3+ with font exception; Copyright 2008-2009 The WenQuanYi Project Board of Trustees, based on
Google's Droid Sans Fallback), cut down with fontTools (a matplotlib dependency) to ASCII, CJK
punctuation and every character of the editions' text (source/*/edition_zh/*.md, the font cell of
cnn_course/editions.py) and of the
character vocabularies of their data (edition_zh/files/data/*.h5, dataset ``vocab``): about
0.2-1 MB instead of 5 MB.  Written to cnn_course/student/fonts/, with the licence beside it;
`make release` copies the folder into every zh edition.
"""

import re
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = Path(__file__).resolve().parent.parent
SOURCE_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
TARGET = ROOT / "cnn_course" / "student" / "fonts" / "wqy-microhei-subset.ttf"
EXTRA = "".join(chr(c) for c in range(0x20, 0x7F)) + "，。、；：？！“”‘’（）《》【】—…·～％℃×÷±≈≤≥−"


def characters():
    text = EXTRA + "".join((ROOT / "cnn_course" / name).read_text(encoding="utf-8")   # the font cell, diagrams
                           for name in ("editions.py", "figures.py"))
    for path in sorted(ROOT.glob("source/*/edition_zh/*.md")):
        text += path.read_text(encoding="utf-8")
    for path in sorted(ROOT.glob("source/*/edition_zh/files/data/*.h5")):
        import h5py

        with h5py.File(path, "r") as data:
            if "vocab" in data:
                text += "".join(token.decode() if isinstance(token, bytes) else token for token in data["vocab"][:])
    return sorted({c for c in text if c.isprintable() and not re.match(r"\s", c)})


def main():
    if not SOURCE_FONT.exists():
        sys.exit(f"{SOURCE_FONT} is missing: apt-get install fonts-wqy-microhei")
    font = TTCollection(str(SOURCE_FONT)).fonts[0]          # WenQuanYi Micro Hei (not Mono)
    chars = characters()
    cmap = font.getBestCmap()
    present = [c for c in chars if ord(c) in cmap]
    options = subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    options.hinting = False
    options.drop_tables += ["FFTM"]   # FontForge's timestamps
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in present])
    subsetter.subset(font)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    font.recalcTimestamp = False     # the same bytes on every run
    font.save(str(TARGET))
    missing = "".join(c for c in chars if ord(c) not in cmap)
    print(f"wrote {TARGET.relative_to(ROOT)}: {len(present)} characters, {TARGET.stat().st_size / 1024:.0f} KiB"
          + (f" (not in the font: {missing!r})" if missing else ""))


if __name__ == "__main__":
    main()
