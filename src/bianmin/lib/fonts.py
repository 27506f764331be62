"""A small cut of the CJK typeface printed notices use, so that rendering their PDF takes well under a second.

Debian's Noto Serif CJK SC (fonts-noto-cjk) is a 26 MB OpenType collection of 65,000 CFF glyphs. WeasyPrint
subsets every font it embeds; without HarfBuzz's subsetter (libharfbuzz-subset0, which a server only has when
something like Chromium pulled it in) it falls back to fontTools, and that takes 9-24 s on the collection.

The cut keeps the characters of GB 2312 and the punctuation and symbols notices use (about 7,700 glyphs) as
TrueType outlines, without layout tables: fontTools subsets it in well under a second, HarfBuzz in milliseconds,
and the PDFs are a sixth of the size. The glyphs are the same drawings (quadratic curves within one font unit
of the cubic ones). A character outside the cut, such as a rare one in a name (㵘, 𠮷), is drawn from the
system font that the notice's CSS names next.

Building a cut draws every kept glyph once: about 7 s per weight, once per machine. Files are written under a
temporary name and renamed into place under a file lock, so several processes may ask at once.
Run ``python -m bianmin.lib.fonts DIR`` (or ``bianmin build_fonts``) to build them ahead of time.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont

log = logging.getLogger(__name__)

SOURCE_FAMILY = "Noto Serif CJK SC"
FAMILY = "Bianmin Serif SC"
# Part of the file names: changing the characters or the build makes new files instead of reusing old ones.
VERSION = 1
# Quadratic curves may leave the cubic ones by at most this many font units (of 1000 per em).
MAX_CURVE_ERROR = 1.0


@dataclass(frozen=True)
class Face:
    style: str
    css_weight: int
    fontconfig_weight: int  # FC_WEIGHT_REGULAR / FC_WEIGHT_BOLD

    @property
    def file_name(self) -> str:
        return f"bianmin-serif-sc-{self.style.lower()}-v{VERSION}.ttf"


FACES = (Face("Regular", 400, 80), Face("Bold", 700, 200))

# Besides GB 2312: Latin-1, general punctuation (— is U+2014, which GB 2312 decodes as U+2015), letterlike
# symbols and Roman numerals, arrows, circled and parenthesised numbers, boxes and check marks for forms,
# CJK punctuation (〔〕), enclosed CJK (㈠), squared units (㎡) and full-width forms.
EXTRA_RANGES = (
    (0x0020, 0x007E),
    (0x00A0, 0x00FF),
    (0x2010, 0x205E),
    (0x2100, 0x218F),
    (0x2190, 0x21FF),
    (0x2460, 0x24FF),
    (0x25A0, 0x25FF),
    (0x2605, 0x2606),
    (0x2610, 0x2612),
    (0x2713, 0x2717),
    (0x3000, 0x303F),
    (0x3200, 0x32FF),
    (0x3380, 0x33FF),
    (0xFF00, 0xFFEF),
)


def notice_charset() -> frozenset[int]:
    """Code points of the cut: every character of GB 2312 and the ranges above."""
    points = {c for low, high in EXTRA_RANGES for c in range(low, high + 1)}
    for row in range(0xA1, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                points.add(ord(bytes((row, cell)).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return frozenset(points)


def find_source(face: Face) -> tuple[Path, int] | None:
    """The installed font file (and index in a collection) of the source family in this weight.

    Asks fontconfig, which WeasyPrint's Pango uses too; ``fc-list`` comes with Pango on Debian."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    listing = subprocess.run(
        [fc_list, "--format", "%{file}\t%{index}\t%{weight}\n", SOURCE_FAMILY],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    ).stdout
    for line in sorted(listing.splitlines()):
        path, index, weight = line.split("\t")
        if weight == str(face.fontconfig_weight):
            return Path(path), int(index)
    return None


def built_faces(font_dir: Path) -> dict[Face, Path]:
    """The cuts already built in ``font_dir``."""
    paths = {face: font_dir / face.file_name for face in FACES}
    return {face: path for face, path in paths.items() if path.is_file()}


def font_face_css(faces: dict[Face, Path]) -> str:
    """@font-face rules that give the built cuts the family name notices ask for first."""
    return "".join(
        f'@font-face {{ font-family: "{FAMILY}"; font-weight: {face.css_weight}; '
        f'src: url("{path.as_uri()}"); }}\n'
        for face, path in faces.items()
    )


def ensure_fonts(font_dir: Path) -> dict[Face, Path]:
    """Build the cuts missing in ``font_dir``; return every cut there is. Safe to run in several processes."""
    font_dir.mkdir(parents=True, exist_ok=True)
    if len(built_faces(font_dir)) == len(FACES):
        return built_faces(font_dir)
    with open(font_dir / ".build.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, or when the process dies
        for stale in font_dir.glob(".*.partial"):  # left by a build that was killed; no one else is writing
            stale.unlink()
        for face in FACES:
            target = font_dir / face.file_name
            if target.is_file():
                continue
            source = find_source(face)
            if source is None:
                log.warning(
                    "%s %s is not installed: notices print with the system fonts", SOURCE_FAMILY, face.style
                )
                continue
            partial = font_dir / f".{face.file_name}.{os.getpid()}.partial"
            build_face(face, *source, charset=notice_charset()).save(partial)
            os.replace(partial, target)
            log.info("Built %s from %s", target, source[0])
    return built_faces(font_dir)


_background: set[Path] = set()
_background_lock = threading.Lock()


def ensure_fonts_in_background(font_dir: Path) -> None:
    """Start building the missing cuts in a daemon thread, at most once per process and folder, so that no
    request waits for them."""
    with _background_lock:
        if font_dir in _background:
            return
        _background.add(font_dir)
    threading.Thread(target=_ensure_logged, args=(font_dir,), name="bianmin-fonts", daemon=True).start()


def _ensure_logged(font_dir: Path) -> None:
    try:
        ensure_fonts(font_dir)
    except Exception:
        log.exception("Could not build the notice fonts in %s", font_dir)


def build_face(face: Face, source_path: Path, index: int, *, charset: Iterable[int]) -> TTFont:
    """A TrueType font of the source face's glyphs for ``charset``, named ``FAMILY``."""
    source = TTFont(source_path, fontNumber=index, lazy=True)
    cmap = source.getBestCmap()
    order = source.getGlyphOrder()
    position = {name: i for i, name in enumerate(order)}
    mapping = {code: cmap[code] for code in sorted(charset) if code in cmap}
    names = [order[0], *sorted(set(mapping.values()) - {order[0]}, key=position.__getitem__)]

    glyph_set = source.getGlyphSet()
    glyphs = {}
    for name in names:
        pen = TTGlyphPen(None)
        glyph_set[name].draw(Cu2QuPen(pen, MAX_CURVE_ERROR, reverse_direction=True))
        glyphs[name] = pen.glyph()

    head, hhea, post, names_table = source["head"], source["hhea"], source["post"], source["name"]
    builder = FontBuilder(head.unitsPerEm, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap(mapping)
    builder.setupGlyf(glyphs)
    glyf = builder.font["glyf"]
    hmtx = source["hmtx"]
    builder.setupHorizontalMetrics({name: (hmtx[name][0], getattr(glyf[name], "xMin", 0)) for name in names})
    builder.setupHorizontalHeader(ascent=hhea.ascent, descent=hhea.descent, lineGap=hhea.lineGap)
    builder.updateHead(
        fontRevision=head.fontRevision,
        created=head.created,  # copied, so that a rebuild from the same source is byte-identical
        modified=head.modified,
        macStyle=head.macStyle,
        lowestRecPPEM=head.lowestRecPPEM,
    )
    builder.font["OS/2"] = source["OS/2"]
    ps_name = f"{FAMILY.replace(' ', '')}-{face.style}"
    strings = {
        "copyright": names_table.getDebugName(0),
        "familyName": FAMILY,
        "styleName": face.style,
        "uniqueFontIdentifier": f"{ps_name};v{VERSION}",
        "fullName": f"{FAMILY} {face.style}",
        "version": names_table.getDebugName(5),
        "psName": ps_name,
        "description": f"Characters of GB 2312 from {SOURCE_FAMILY} {face.style}, for printed notices",
        "licenseDescription": names_table.getDebugName(13),
        "licenseInfoURL": names_table.getDebugName(14),
    }
    builder.setupNameTable({key: value for key, value in strings.items() if value}, mac=False)
    builder.setupPost(
        keepGlyphNames=False,
        underlinePosition=post.underlinePosition,
        underlineThickness=post.underlineThickness,
    )
    return builder.font


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m bianmin.lib.fonts FONT_DIR", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    faces = ensure_fonts(Path(argv[0]))
    return 0 if len(faces) == len(FACES) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
