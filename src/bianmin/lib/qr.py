"""QR codes as inline SVG for printed notices and service cards."""

import io

import segno


def qr_svg(data: str, scale: int = 3) -> str:
    out = io.BytesIO()
    segno.make(data, error="m").save(out, kind="svg", scale=scale, xmldecl=False, svgns=True, border=2)
    return out.getvalue().decode()
