"""QR codes as inline SVG for printed notices and service cards."""

import functools
import io
import re

import segno


@functools.lru_cache(maxsize=512)
def qr_svg(data: str, scale: int = 3) -> str:
    """An inline SVG with a viewBox, so print CSS can size it in millimetres without cropping it.

    Kept per address: every notice of a case but its last carries the same progress link."""
    out = io.BytesIO()
    # A fixed mask skips segno's search over all eight (5x faster); any mask gives a valid, readable code.
    segno.make(data, error="m", mask=4, boost_error=False).save(
        out, kind="svg", scale=scale, xmldecl=False, svgns=True, border=2
    )
    svg = out.getvalue().decode()
    size = re.search(r'<svg[^>]*\swidth="(\d+)"[^>]*\sheight="(\d+)"', svg)
    if size is None or "viewBox" in svg[: svg.find(">")]:
        return svg
    return svg.replace("<svg ", f'<svg viewBox="0 0 {size.group(1)} {size.group(2)}" ', 1)
