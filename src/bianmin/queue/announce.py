"""The words the hall screen speaks for a call ("请 A012 号到 3 号窗口办理"), one place for page and API.

The hall speaks Mandarin whatever language the screen's page is shown in, so the words are Chinese always.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _


def announcement(number: str, window_number: int) -> str:
    with translation.override("zh-hans"):
        return _("请 %(number)s 号到 %(window)s 号窗口办理") % {"number": number, "window": window_number}
