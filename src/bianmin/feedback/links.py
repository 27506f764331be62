"""The rating link an SMS carries (好差评 by 短信): signed, expiring, one per case.

The link names the case and is signed with the site's key (``django.core.signing``, its own salt), so it
needs no query code and cannot be forged for another case; it lapses after ``LINK_DAYS``. A wrong or
expired link counts against the client like a wrong query code (``cases.public.LOOKUP_LIMIT``). The link
rates the case as a whole (一事一评, occasion online), on channel sms.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.http import HttpRequest
from django.utils.translation import gettext as _

from bianmin.cases.models import Case
from bianmin.cases.public import LOOKUP_LIMIT
from bianmin.lib.errors import DomainError
from bianmin.lib.public_urls import RATE_PATH

SALT = "bianmin.feedback.sms-rating"
LINK_DAYS = 30


def sms_token(case: Case) -> str:
    return signing.dumps({"n": case.number}, salt=SALT, compress=True)


def sms_rating_url(case: Case) -> str:
    """The address in the SMS sent when the case is concluded."""
    path = RATE_PATH.replace("<str:number>", case.number)
    return f"{settings.PUBLIC_BASE_URL}/{path}?{urlencode({'t': sms_token(case)})}"


def find_by_link(request: HttpRequest, number: str, token: str) -> Case:
    if not LOOKUP_LIMIT.reserve(request):
        raise DomainError("too_many_attempts", _("查询码错误次数过多，请稍后再试"), kind="throttled")
    try:
        data = signing.loads(token or "", salt=SALT, max_age=LINK_DAYS * 86400)
    except signing.SignatureExpired as exc:
        LOOKUP_LIMIT.release(request)  # a real link that lapsed is not a guess
        raise DomainError(
            "link_expired", _("评价链接已过期，请使用受理通知书上的查询码评价"), kind="not_found"
        ) from exc
    except signing.BadSignature as exc:
        raise DomainError("link_invalid", _("评价链接无效"), kind="not_found") from exc
    case = Case.objects.select_related("org").filter(number=str(data.get("n", ""))).first()
    if case is None or case.number != number:
        raise DomainError("link_invalid", _("评价链接无效"), kind="not_found")
    LOOKUP_LIMIT.release(request)
    return case
