from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from bianmin.submissions.actions import NARRATIVE_MAX

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


def _area(label: str | StrPromise) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=NARRATIVE_MAX,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
    )


class NarrativeForm(forms.Form):
    """The narrative a director adds to the generated table (工作情况, 好的经验和做法, 存在问题)."""

    work = _area(_("工作情况"))
    good_practice = _area(_("好的经验和做法"))
    problems = _area(_("存在问题"))
