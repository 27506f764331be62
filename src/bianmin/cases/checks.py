"""Start-up checks of the case app: what is printed on paper must lead back to this server."""

from __future__ import annotations

import ipaddress
import os
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.utils.translation import gettext as _

PUBLIC_URL_ENV = "BIANMIN_PUBLIC_URL"


def is_local_host(host: str) -> bool:
    """localhost, a loopback address or the unspecified one: no citizen's phone reaches these."""
    host = host.strip().strip("[]").lower().rstrip(".")
    if host in {"", "localhost"} or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def public_url_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """bianmin.W001: QR codes on notices and 便民卡 are built from ``BIANMIN_PUBLIC_URL``.

    Unset, they point to http://127.0.0.1:8000, which a citizen's phone cannot open. An explicit local
    address is right only when the server is local too (the demo sets it so): it is wrong as soon as the
    server answers to another host name. A debugging developer is not bothered.
    """
    if settings.DEBUG:
        return []
    url = settings.PUBLIC_BASE_URL
    if not os.environ.get(PUBLIC_URL_ENV, "").strip():
        return [
            checks.Warning(
                _("未设置 BIANMIN_PUBLIC_URL：通知书和便民卡上的二维码将指向 %(url)s，群众扫码无法打开。")
                % {"url": url},
                hint=_("设置群众访问本系统的地址，如 BIANMIN_PUBLIC_URL=https://bianmin.example.gov.cn"),
                id="bianmin.W001",
            )
        ]
    remote = [h for h in settings.ALLOWED_HOSTS if h == "*" or not is_local_host(h.lstrip("."))]
    if is_local_host(urlsplit(url).hostname or "") and remote:
        return [
            checks.Warning(
                _("BIANMIN_PUBLIC_URL 指向本机地址 %(url)s，但服务对外使用 %(hosts)s：二维码扫码无法打开。")
                % {"url": url, "hosts": "、".join(remote)},
                hint=_("把 BIANMIN_PUBLIC_URL 设为群众访问本系统的地址"),
                id="bianmin.W001",
            )
        ]
    return []
