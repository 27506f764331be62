"""Channels behind one interface: ``send(message)`` returns the provider's receipt or raises
``DeliveryError`` (temporary: try again later; permanent: trying again cannot help).

- SMS through a configurable HTTP gateway. Like the common Chinese SMS APIs it takes the registered
  template's id and its parameters (the rendered text goes along for gateways without templates), under the
  center's 短信签名, signed with HMAC-SHA256 of the body by the key's secret.
- E-mail through Django's e-mail backend (SMTP in production).
- Letters: the message goes on the window's print list (those without a phone); printing takes it off.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import smtplib
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from bianmin.notify.kinds import ChannelKind
from bianmin.notify.models import Message


class DeliveryError(Exception):
    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


class Channel(Protocol):
    def send(self, message: Message) -> str: ...


def signature(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class HttpSmsGateway:
    """POST ``{"appKey", "phone", "signName", "templateCode", "templateParam", "content", "outId",
    "timestamp", "nonce"}`` as JSON with the signature in ``X-Signature``; the gateway answers 2xx with
    ``{"code": "OK", "bizId": …}``. A 5xx, a timeout or a refused connection is tried again; a 4xx or another
    code is not (a wrong number stays wrong)."""

    def __init__(
        self,
        url: str = "",
        key: str = "",
        secret: str = "",
        sign_name: str = "",
        timeout: float | None = None,
    ) -> None:
        self.url = url or settings.NOTIFY_SMS_URL
        self.key = key or settings.NOTIFY_SMS_KEY
        self.secret = secret or settings.NOTIFY_SMS_SECRET
        self.sign_name = sign_name or settings.NOTIFY_SMS_SIGNATURE
        self.timeout = timeout if timeout is not None else settings.NOTIFY_SMS_TIMEOUT

    def send(self, message: Message) -> str:
        if not self.url:
            raise DeliveryError("SMS gateway not configured (BIANMIN_NOTIFY_SMS_URL)")
        body = json.dumps(
            {
                "appKey": self.key,
                "phone": message.recipient,
                "signName": self.sign_name,
                "templateCode": message.gateway_template,
                "templateParam": message.params,
                "content": message.body,
                "outId": str(message.pk),
                "timestamp": int(time.time()),
                "nonce": secrets.token_hex(8),
            },
            ensure_ascii=False,
        ).encode()
        request = urllib.request.Request(
            self.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "X-Signature": signature(self.secret, body),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (configured URL)
                answer = response.read(4096)
        except urllib.error.HTTPError as exc:
            raise DeliveryError(
                f"HTTP {exc.code}", permanent=400 <= exc.code < 500 and exc.code != 429
            ) from exc
        except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise DeliveryError(f"{type(exc).__name__}: {reason}"[:300]) from exc
        try:
            data = json.loads(answer.decode("utf-8") or "{}")
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise DeliveryError("gateway answered no JSON") from exc
        if not isinstance(data, Mapping) or str(data.get("code", "")).upper() != "OK":
            code = data.get("code", "") if isinstance(data, Mapping) else ""
            text = data.get("message", "") if isinstance(data, Mapping) else ""
            raise DeliveryError(f"gateway refused: {code} {text}"[:300], permanent=True)
        return str(data.get("bizId", ""))[:100]


class EmailChannel:
    """Django's e-mail backend (``EMAIL_BACKEND``: SMTP in production, locmem in tests)."""

    def __init__(self, connection: Any = None) -> None:
        self.connection = connection

    def send(self, message: Message) -> str:
        mail = EmailMessage(
            subject=message.subject or message.get_kind_display(),
            body=message.body,
            to=[message.recipient],
            connection=self.connection or get_connection(fail_silently=False),
        )
        try:
            mail.send()
        except smtplib.SMTPRecipientsRefused as exc:
            raise DeliveryError(f"recipient refused: {exc.recipients}"[:300], permanent=True) from exc
        except smtplib.SMTPResponseException as exc:
            raise DeliveryError(f"SMTP {exc.smtp_code}"[:300], permanent=500 <= exc.smtp_code < 600) from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryError(f"{type(exc).__name__}: {exc}"[:300]) from exc
        return mail.extra_headers.get("Message-ID", "")


class LetterChannel:
    """书面通知: the letter is on the print list once handed over; the window prints and marks it."""

    def send(self, message: Message) -> str:
        return "print-list"


class LocmemSms:
    """An SMS channel that keeps what it sends (the demo's and tests' stand-in), refusing listed numbers."""

    def __init__(self, refuse: frozenset[str] = frozenset()) -> None:
        self.outbox: list[Message] = []
        self.refuse = refuse

    def send(self, message: Message) -> str:
        if message.recipient in self.refuse:
            raise DeliveryError("gateway refused: isv.MOBILE_NUMBER_ILLEGAL", permanent=True)
        self.outbox.append(message)
        return f"local-{message.pk}"


def configured() -> dict[str, Channel]:
    return {
        ChannelKind.SMS: HttpSmsGateway(),
        ChannelKind.EMAIL: EmailChannel(),
        ChannelKind.LETTER: LetterChannel(),
    }
