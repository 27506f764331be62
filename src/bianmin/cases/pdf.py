"""PDF of a stored notice, rendered by WeasyPrint from the very HTML that was issued, once, then kept.

The first download renders the PDF and stores it on the notice with its SHA-256; every later download returns
those bytes, so a reprint is byte-identical to the first copy and costs one database read.

Rendering is fast because the typeface comes from a small cut of Noto Serif CJK SC (``bianmin.lib.fonts``)
instead of the 26 MB system collection. The cut is built once per machine, in the background on the first
render that finds it missing (that render uses the system font, which gives the same glyphs, only slower).
"""

from __future__ import annotations

import functools
import hashlib
import threading
from pathlib import Path

from django.conf import settings
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from bianmin.cases.models import Notice
from bianmin.lib import fonts

FONT_DIR = settings.VAR_DIR / "fonts"

# Notices issued before the cut existed name Noto Serif CJK SC first, and stored HTML is never edited: their
# PDF puts the cut of that same typeface in front of it.
LEGACY_MARK = 'body { font-family: "Noto Serif CJK SC", '
LEGACY_FAMILIES = (
    f'body {{ font-family: "{fonts.FAMILY}", "Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", '
    '"SimSun", serif !important; }\n'
)

# A FontConfiguration loads fontconfig's list of fonts and copies each @font-face file into a temporary folder
# of its own: one per process does that once instead of for every PDF. Renders share it one at a time (Pango's
# font maps are not meant for several threads); a render happens once per notice, so none waits long.
_render_lock = threading.Lock()


def notice_pdf(notice: Notice) -> bytes:
    """The notice's PDF: the stored copy, or rendered now and stored when it is the first download.

    Two first downloads at once may both render, but the conditional update keeps only the first copy, and
    both return that one."""
    if notice.pdf is not None:
        return bytes(notice.pdf)
    pdf = render_pdf(notice.html)
    Notice.objects.filter(pk=notice.pk, pdf__isnull=True).update(
        pdf=pdf, pdf_sha256=hashlib.sha256(pdf).hexdigest()
    )
    stored, sha256 = Notice.objects.values_list("pdf", "pdf_sha256").get(pk=notice.pk)
    assert stored is not None  # stored by the update above, or by the download that came first
    notice.pdf, notice.pdf_sha256 = stored, sha256
    return bytes(stored)


def render_pdf(html: str) -> bytes:
    faces = fonts.built_faces(FONT_DIR)
    if len(faces) < len(fonts.FACES):
        fonts.ensure_fonts_in_background(FONT_DIR)
    css = fonts.font_face_css(faces)
    if faces and LEGACY_MARK in html:
        css += LEGACY_FAMILIES
    with _render_lock:
        font_config = _font_config(FONT_DIR)
        stylesheet = _stylesheet(css, FONT_DIR)
        return HTML(string=html).write_pdf(stylesheets=[stylesheet], font_config=font_config)


@functools.cache
def _font_config(font_dir: Path) -> FontConfiguration:
    """Fonts once registered stay in a configuration: one per folder of cuts."""
    return FontConfiguration()


@functools.cache
def _stylesheet(css: str, font_dir: Path) -> CSS:
    return CSS(string=css, font_config=_font_config(font_dir))
