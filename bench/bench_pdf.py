"""Notice PDFs: the first download (rendered and stored) and a later one (the stored bytes).

``notice_pdf_timings(notice)`` needs Django set up; it clears the notice's stored PDF first, so use a bench
database. The font cut is built beforehand (once per machine), so the first render measured is the one every
new notice gets. Standalone: ``python bench/bench_pdf.py`` measures the newest notice of the database that
``DATABASE_URL`` names (``make demo``'s by default).
"""

from __future__ import annotations

import os
import statistics
import time
from typing import Any

REPEATS = 20


def notice_pdf_timings(notice: Any) -> dict[str, Any]:
    from bianmin.cases import pdf
    from bianmin.cases.models import Notice
    from bianmin.lib import fonts

    fonts.ensure_fonts(pdf.FONT_DIR)
    Notice.objects.filter(pk=notice.pk).update(pdf=None, pdf_sha256="")

    # As a download does it: the notice read by its key, then its PDF.
    started = time.perf_counter()
    first = pdf.notice_pdf(Notice.objects.get(pk=notice.pk))
    first_ms = (time.perf_counter() - started) * 1000

    repeats = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        again = pdf.notice_pdf(Notice.objects.get(pk=notice.pk))
        repeats.append((time.perf_counter() - started) * 1000)
        assert again == first, "a later download differs from the first"
    return {
        "notice_pdf_first_ms": round(first_ms, 1),
        "notice_pdf_repeat_ms": round(statistics.median(repeats), 2),
        "notice_pdf_bytes": len(first),
    }


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bianmin.settings")
    import django

    django.setup()
    from bianmin.cases.models import Notice

    notice = Notice.objects.order_by("-id").first()
    if notice is None:
        raise SystemExit("No notice in the database: run `make demo` (or `bianmin demo`) first.")
    print(notice.number, notice_pdf_timings(notice))


if __name__ == "__main__":
    main()
