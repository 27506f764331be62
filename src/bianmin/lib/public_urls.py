"""The public addresses printed on paper (QR codes on notices): one place for their paths and their host.

The case domain builds these without knowing the hall's URL names, and ``hall/urls.py`` routes the same
paths, so a printed QR code and the page it opens cannot drift apart. The host is ``BIANMIN_PUBLIC_URL``.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings

PROGRESS_PATH = "progress/"
RATE_PATH = "rate/<str:number>/"


def progress_url(number: str, code: str) -> str:
    """进度查询: the lookup page, filled in with the case's number and query code."""
    return f"{settings.PUBLIC_BASE_URL}/{PROGRESS_PATH}?{urlencode({'number': number, 'code': code})}"


def rating_url(number: str, code: str) -> str:
    """好差评: the rating page of one case (一事一评)."""
    path = RATE_PATH.replace("<str:number>", number)
    return f"{settings.PUBLIC_BASE_URL}/{path}?{urlencode({'code': code})}"
