"""Middleware that guards the edge: requests carrying control characters, and the Content-Security-Policy."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.utils.translation import gettext as _
from django.views.defaults import bad_request

from bianmin.lib.parsers import json_too_deep
from bianmin.lib.text import has_control_characters

FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


def _is_json(content_type: str) -> bool:
    return content_type == "application/json" or content_type.endswith("+json")


def _json_strings(data: Any) -> Iterator[tuple[str, bool]]:
    """Every string of a parsed JSON body as (text, is_key), without recursion."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item, False
        elif isinstance(item, dict):
            for key, value in item.items():
                yield key, True
                stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)


def _pairs_bad(pairs: Iterable[tuple[str, list[str]]], *, multiline_values: bool) -> bool:
    for key, values in pairs:
        if has_control_characters(key):
            return True
        if any(has_control_characters(v, multiline=multiline_values) for v in values):
            return True
    return False


class RejectControlCharactersMiddleware:
    """NUL and the other C0/C1 control characters are refused with 400 before any view sees them.

    PostgreSQL cannot store NUL in text and refuses a query that carries one, so ``/guide/%00/`` or
    ``?org=%00`` would otherwise end in a 500 on every page that looks something up. None of them has a
    place in a path, a query parameter, a cookie or a form field name; body text fields may hold tab, CR
    and LF (a textarea). A JSON body is checked after parsing, so ``"\\u0000"`` is caught as well as a
    raw NUL, and so are lone surrogates (``"\\ud800"``), which no database can store either.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._carries_control_characters(request):
            return self._refuse(request)
        return self.get_response(request)

    def _carries_control_characters(self, request: HttpRequest) -> bool:
        if has_control_characters(request.path):
            return True
        if _pairs_bad(request.GET.lists(), multiline_values=False):
            return True
        if any(has_control_characters(k) or has_control_characters(v) for k, v in request.COOKIES.items()):
            return True
        return self._body_bad(request)

    def _body_bad(self, request: HttpRequest) -> bool:
        content_type = request.content_type or ""
        if content_type in FORM_TYPES:
            # Uploaded file names need no check: Django drops non-printable characters from them.
            if request.method == "POST":
                if request.path.startswith("/api/"):
                    # Read through the cached body, which the API's parsers (DRF) can read again after
                    # this: they answer a form sent where JSON is read with 415, not with empty data.
                    request.body  # noqa: B018
                form = request.POST
            elif content_type == "application/x-www-form-urlencoded":
                form = QueryDict(request.body, encoding=request.encoding)
            else:
                return False  # Django parses multipart bodies of POST requests only
            return _pairs_bad(form.lists(), multiline_values=True)
        if _is_json(content_type) and request.body:
            try:
                text = request.body.decode(request.encoding or settings.DEFAULT_CHARSET)
            except (UnicodeDecodeError, LookupError):
                return False  # the API's parser refuses it as invalid JSON
            if json_too_deep(text):
                return False  # likewise
            try:
                data = json.loads(text)
            except ValueError:
                return False
            return any(has_control_characters(s, multiline=not is_key) for s, is_key in _json_strings(data))
        return False

    def _refuse(self, request: HttpRequest) -> HttpResponse:
        detail = _("请求中含有不允许的字符（控制字符或无法存储的字符）")
        if request.path.startswith("/api/"):
            return JsonResponse({"code": "invalid_characters", "detail": detail}, status=400)
        return bad_request(request, ValueError(detail))


class ContentSecurityPolicyMiddleware:
    """Sends ``settings.CONTENT_SECURITY_POLICY`` with every response that does not set its own.

    Pages load scripts only from our static files (no inline script, no event-handler attributes), so an
    injected ``<script>`` or ``onerror=`` does not run.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = settings.CONTENT_SECURITY_POLICY
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        return response
