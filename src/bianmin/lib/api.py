"""REST plumbing shared by every app: the error shape, the error pages under ``/api/``, how bodies, query
parameters, filters and pages are read, and pagination.

Every answer of the API that is not a success has the shape ``{"code": …, "detail": …}``: a stable code a
client can branch on and a plain message a person can read. That holds for the refusals of the views
(DRF's exceptions and ``DomainError``) and for what Django answers before or after any view runs: an
unknown URL (404), a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (413), a crash (500, without a traceback).

Requests are read as strictly as the schema (``/api/v1/schema/``) states them: what it does not document
(an unknown field or query parameter, a number where it says text, an empty filter) is refused with 400
rather than ignored or converted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import defaults
from django_filters import BooleanFilter, CharFilter
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, pagination, serializers
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from bianmin.lib.errors import DomainError
from bianmin.lib.parsers import InvalidJSON
from bianmin.lib.serializers import fresh_copy
from bianmin.lib.text import without_surrogates

API_PREFIX = "/api/"

_DRF_CODES = {
    InvalidJSON: "invalid_json",
    exceptions.NotAuthenticated: "not_authenticated",
    exceptions.AuthenticationFailed: "authentication_failed",
    exceptions.PermissionDenied: "permission_denied",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.NotAcceptable: "not_acceptable",
    exceptions.Throttled: "throttled",
    exceptions.ParseError: "parse_error",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
}


class ErrorSerializer(serializers.Serializer):
    """What every refusal of the API looks like (documented on every operation)."""

    code = serializers.CharField(
        help_text=gettext_lazy("稳定的错误代码，如 invalid、not_found、case_not_found")
    )
    detail = serializers.CharField(help_text=gettext_lazy("给人看的说明"))
    # DRF moves declared fields off the class, so this does not shadow Serializer.errors at run time.
    errors = serializers.JSONField(  # type: ignore[assignment]
        required=False, help_text=gettext_lazy("请求数据有误时：按字段列出的错误（code 为 invalid）")
    )


def _json_type_error(field: serializers.Field, value: Any) -> str | None:
    """Why ``value`` is not of the JSON type the schema gives ``field``, or None. DRF reads leniently (a
    number as text, "5" as a number); the API takes what it documents."""
    if value is None:
        return None  # null is the field's own rule (allow_null)
    if isinstance(field, serializers.CharField) and not isinstance(value, str):
        return _("应为字符串")
    if isinstance(field, serializers.IntegerField) and (
        isinstance(value, bool) or not isinstance(value, int)
    ):
        return _("应为整数")
    if isinstance(field, serializers.BooleanField) and not isinstance(value, bool):
        return _("应为 true 或 false")
    if isinstance(field, serializers.ListField) and isinstance(value, list):
        return next((e for e in (_json_type_error(field.child, v) for v in value) if e), None)
    return None


class InputSerializer(serializers.Serializer):
    """A request body, read as strictly as the schema states it. A field it does not declare is refused
    (400), not dropped: a misspelt optional field ("reson") would otherwise vanish without a word. A value
    of another JSON type than the field's is refused, not converted."""

    def get_fields(self) -> dict[str, serializers.Field]:
        # The declared fields, each copied as cheaply as it can be (DRF deep-copies every one).
        return {name: fresh_copy(field) for name, field in self._declared_fields.items()}

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            writable = {name: field for name, field in self.fields.items() if not field.read_only}
            errors = {str(key): [_("没有这个字段")] for key in data if key not in writable}
            typed = not isinstance(data, QueryDict)  # a form or multipart body holds only text
            for name, field in writable.items():
                problem = _json_type_error(field, data[name]) if typed and name in data else None
                if problem:
                    errors[name] = [problem]
            if errors:
                raise exceptions.ValidationError(errors)
        return super().to_internal_value(data)


class KnownQueryParameters:
    """For API views: a query parameter the view does not read is refused (400), like an unknown body
    field, rather than ignored — ``?pagesize=10`` or ``?stat=accepted`` would otherwise quietly answer
    something else than was asked.

    Known are the view's own ``query_parameters`` (the same ``OpenApiParameter`` list its schema
    documents), its filters', its paginator's, and DRF's ``?format=``.
    """

    query_parameters: Sequence[OpenApiParameter] = ()

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        method = request.method.lower()
        if method not in getattr(self, "http_method_names", ()) or not hasattr(self, method):
            return  # a method the view does not answer: DRF's 405 says so, whatever the query holds
        unknown = sorted(set(request.query_params) - self.known_query_parameters())
        if unknown:
            raise exceptions.ValidationError({name: [_("没有这个查询参数")] for name in unknown})

    def known_query_parameters(self) -> set[str]:
        view: Any = self
        names = {api_settings.URL_FORMAT_OVERRIDE, *(p.name for p in self.query_parameters)}
        if getattr(view, "paginator", None) is not None:
            names |= {p["name"] for p in view.paginator.get_schema_operation_parameters(view)}
        filterset_class = getattr(view, "filterset_class", None)
        if filterset_class is not None and view.filter_backends:
            names |= set(filterset_class.base_filters)
        return names


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


def _too_large_detail() -> str:
    return _("请求体过大（最多 %(max)d 字节）") % {"max": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """Every error the API returns has the shape ``{"code": …, "detail": …}`` in JSON, whatever the client
    accepts or the view renders on success, and can be encoded whatever the client sent."""
    response = _error_for(exc, context)
    request = context.get("request")
    if response is not None and request is not None:
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = JSONRenderer.media_type
    return response


def _error_for(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, DomainError):
        return error_response(exc.code, str(exc.message), exc.status, **exc.data)
    if isinstance(exc, ValidationError):
        return error_response("invalid", " ".join(exc.messages), 400, errors=exc.messages)
    if isinstance(exc, RequestDataTooBig):
        return error_response("request_too_large", _too_large_detail(), 413)
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


# ------------------------------------------------- Django's error views (``handler400`` … in ``urls.py``)


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _json_error(code: str, detail: str, status: int) -> JsonResponse:
    return JsonResponse(
        {"code": code, "detail": detail}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """400, or 413 for a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (Django raises RequestDataTooBig)."""
    if not _is_api(request):
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        return _json_error("request_too_large", _too_large_detail(), 413)
    return _json_error("bad_request", _("请求无效"), 400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if not _is_api(request):
        return defaults.permission_denied(request, exception)
    return _json_error("permission_denied", _("没有权限执行此操作"), 403)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """An unknown URL under ``/api/`` (``/api/v1/nothing/``, ``/api/v1/items/X/versions/x/``)."""
    if not _is_api(request):
        return defaults.page_not_found(request, exception)
    return _json_error("not_found", _("找不到该地址"), 404)


def server_error(request: HttpRequest) -> HttpResponse:
    """A crash: the API says so in its own shape, and nothing of the traceback reaches the client."""
    if not _is_api(request):
        return defaults.server_error(request)
    return _json_error("server_error", _("服务器内部错误，请稍后再试"), 500)


class FilterBackend(DjangoFilterBackend):
    """The API's list filters (django-filter), read strictly: a parameter that is sent must hold a value
    its filter reads. A list page's form sends its unused fields empty, meaning "any"; an API client that
    sends ``?kind=`` or ``?overdue=yes`` made a mistake, and is told so (400) instead of getting every row."""

    def get_filterset(self, request: Any, queryset: Any, view: Any) -> Any:
        filterset = super().get_filterset(request, queryset, view)
        if filterset is None:
            return None
        errors = {}
        for name, declared in filterset.filters.items():
            values = request.query_params.getlist(name)
            if isinstance(declared, CharFilter):
                continue
            if "" in values:
                errors[name] = [_("不能为空")]
            elif isinstance(declared, BooleanFilter) and not set(values) <= {"true", "false"}:
                errors[name] = [_("应为 true 或 false")]
        if errors:
            raise exceptions.ValidationError(errors)
        return filterset


def _positive_int(request: Any, name: str) -> int | None:
    """The query parameter ``name`` as a whole number from 1, None when absent; anything else is refused
    (400) rather than quietly read as the default."""
    raw = request.query_params.get(name)
    if raw is None:
        return None
    if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
        raise DomainError(
            f"invalid_{name}", _("参数 %(name)s 应为不小于 1 的整数") % {"name": name}, field=name
        )
    return int(raw)


class PageNumberPagination(pagination.PageNumberPagination):
    """``?page=`` from 1 (a page past the end answers 404); ``?page_size=`` from 1, larger ones served as
    ``max_page_size``."""

    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request: Any) -> int | None:
        size = _positive_int(request, self.page_size_query_param)
        return self.page_size if size is None else min(size, self.max_page_size)

    def get_page_number(self, request: Any, paginator: Any) -> int:
        return _positive_int(request, self.page_query_param) or 1

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = _("每页条数，默认 %(default)d，大于 %(max)d 时按 %(max)d") % {
                    "default": self.page_size,
                    "max": self.max_page_size,
                }
        return parameters


class PDFRenderer(BaseRenderer):
    """Bytes that already are a PDF (a stored notice), for ``Accept: application/pdf`` or ``?format=pdf``."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> Any:
        return data
