"""邮寄送达: the result of a case sent to the applicant by post.

The applicant chooses it at registration or at conclusion (address, recipient, phone); at dispatch (寄出,
``Step.DISPATCH_MAIL``) the clerk enters the tracking number; the case is delivered (``deliver`` with method
mail) when the recipient has signed for it, with the signer and the day. GB/T 39046's completion data item
"是否邮寄" reads ``mail_address`` (chosen or not). The address is personal data: lists show it masked
(``lib.identity.mask_address``).

Below the models: ``Case`` takes these columns from ``MailDelivery``, and the actions clean the choice here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bianmin.lib.errors import DomainError, typed_text
from bianmin.lib.identity import clean_phone
from bianmin.lib.text import clean_person_name, number_text

# A tracking number as the carriers print it (EMS 13 characters like EA123456789CN, others up to 20 digits).
_TRACKING = re.compile(r"[A-Z0-9]{8,30}")


class MailDelivery(models.Model):
    """邮寄送达 columns of a case: the choice, the dispatch, the signature."""

    mail_address = models.CharField(gettext_lazy("邮寄地址"), max_length=200, blank=True)
    mail_recipient = models.CharField(gettext_lazy("收件人"), max_length=100, blank=True)
    mail_phone = models.CharField(gettext_lazy("收件人电话"), max_length=40, blank=True)
    mail_carrier = models.CharField(gettext_lazy("寄递单位"), max_length=40, blank=True)
    mail_tracking_number = models.CharField(gettext_lazy("邮件单号"), max_length=30, blank=True)
    mail_dispatched_at = models.DateTimeField(gettext_lazy("寄出时间"), null=True, blank=True)
    mail_signed_on = models.DateField(gettext_lazy("签收日期"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def mail_chosen(self) -> bool:
        return bool(self.mail_address)


def clean_mail(mail: Mapping[str, Any] | None) -> dict[str, str]:
    """The applicant's choice of delivery by post, checked: an address, a recipient and a phone the postman
    can call. ``None`` or an empty mapping is no choice (the columns stay as they are)."""
    if not mail:
        return {}
    address = typed_text(
        mail.get("address"), max_length=200, code="mail_address_required", message=_("邮寄送达须填写邮寄地址")
    )
    recipient = clean_person_name(mail.get("recipient"))
    if not recipient or len(recipient) > 100:
        raise DomainError("mail_recipient_required", _("邮寄送达须填写收件人姓名（不超过 100 字）"))
    phone = clean_phone(str(mail.get("phone") or ""))
    if phone is None:
        raise DomainError("invalid_mail_phone", _("收件人电话格式不正确"))
    if not phone:
        raise DomainError("mail_phone_required", _("邮寄送达须填写收件人的联系电话"))
    return {"mail_address": address, "mail_recipient": recipient, "mail_phone": phone}


def clean_tracking_number(value: Any) -> str:
    number = number_text(value).replace("-", "").upper()
    if not number:
        raise DomainError("tracking_number_required", _("请填写邮件单号"))
    if not _TRACKING.fullmatch(number):
        raise DomainError("invalid_tracking_number", _("邮件单号应为 8 到 30 位字母或数字"))
    return number
