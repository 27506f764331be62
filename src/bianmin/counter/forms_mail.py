"""邮寄送达 fields the intake form and the conclusion form share: the applicant's choice of the result by post.

Shape only; ``cases.mailing.clean_mail`` checks the choice when the action runs.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class MailChoiceForm(forms.Form):
    mail_address = forms.CharField(label=_("邮寄地址"), max_length=200, required=False)
    mail_recipient = forms.CharField(label=_("收件人"), max_length=100, required=False)
    mail_phone = forms.CharField(
        label=_("收件人电话"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )

    MAIL_FIELDS = ("mail_address", "mail_recipient", "mail_phone")

    def mail(self) -> dict[str, Any] | None:
        """The choice as the actions take it; None when nothing of it was typed (no delivery by post)."""
        d = self.cleaned_data
        values = {name.removeprefix("mail_"): d.get(name, "") for name in self.MAIL_FIELDS}
        return values if any(str(v).strip() for v in values.values()) else None

    def pop_mail(self, data: dict[str, Any]) -> dict[str, Any]:
        """``data`` (an action's arguments) with the three fields folded into its ``mail``."""
        for name in self.MAIL_FIELDS:
            data.pop(name, None)
        data["mail"] = self.mail()
        return data
