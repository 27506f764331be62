"""REST plumbing shared by every app: the error shape and pagination."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, pagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from bianmin.lib.errors import DomainError
from bianmin.lib.parsers import InvalidJSON
from bianmin.lib.text import without_surrogates

_DRF_CODES = {
    InvalidJSON: "invalid_json",
    exceptions.NotAuthenticated: "not_authenticated",
    exceptions.AuthenticationFailed: "authentication_failed",
    exceptions.PermissionDenied: "permission_denied",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.Throttled: "throttled",
    exceptions.ParseError: "parse_error",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
}


def encodable(data: Any) -> Any:
    """``data`` with lone surrogates replaced in every string, so an error that echoes what the client
    sent (``"\\ud800" is not a valid choice``) can still be written as UTF-8."""
    if isinstance(data, str):
        return without_surrogates(data)
    if isinstance(data, dict):
        return {encodable(k): encodable(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [encodable(v) for v in data]
    return data


def error_response(code: str, detail: Any, status: int, **extra: Any) -> Response:
    return Response(encodable({"code": code, "detail": detail, **extra}), status=status)


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """Every error the API returns has the shape ``{"code": …, "detail": …}``, and can be encoded
    whatever the client sent."""
    if isinstance(exc, DomainError):
        return error_response(exc.code, str(exc.message), exc.status, **exc.data)
    if isinstance(exc, ValidationError):
        return error_response("invalid", exc.messages, 400)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = encodable({"code": "invalid", "detail": _("请求数据有误"), "errors": response.data})
        return response
    code = next((c for cls, c in _DRF_CODES.items() if isinstance(exc, cls)), "error")
    detail = response.data.get("detail") if isinstance(response.data, dict) else response.data
    response.data = encodable({"code": code, "detail": str(detail)})
    return response


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500
