"""The API's OpenAPI schema (drf-spectacular), made to say what the API really answers.

Every operation documents the errors it can answer in the one shape ``{"code", "detail"}``
(``lib.api.ErrorSerializer``): 400 everywhere (a malformed parameter, or a control character the edge
refuses), 401/403 where a caller can authenticate, 404 where a path names something or a page number is
read, 413/415 where a body is read. Views add what only they answer (409 for a case in the wrong state,
429 for the query-code limit) with ``api_errors()``.
"""

from __future__ import annotations

from typing import Any

import uritemplate
from django.utils.translation import gettext_lazy as _
from drf_spectacular import openapi
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from bianmin.lib.api import ErrorSerializer, InputSerializer

ERROR_DESCRIPTIONS = {
    400: _("请求有误：参数或请求体不符合要求，code 说明原因"),
    401: _("未登录，或令牌无效"),
    403: _("没有权限执行此操作"),
    404: _("找不到（或不在本人可见范围内）"),
    409: _("与办件或事项的当前状态冲突"),
    413: _("请求体过大"),
    415: _("不支持的请求体格式（请使用 application/json）"),
    429: _("尝试次数过多，请稍后再试"),
}

# What the edge refuses (``lib.middleware``): control characters anywhere in a path or a query parameter,
# and in a JSON body's strings all but tab, line feed and carriage return. Said in the schema, so that a
# client knows, and a generated request that the schema calls valid is one the API accepts.
_CONTROL = r"\x00-\x1f\x7f-\x9f"
_CONTROL_IN_TEXT = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
PARAMETER_PATTERN = rf"^[^{_CONTROL}]*$"
# Text that may be blank: drf-spectacular documents it as this pattern or an empty string (oneOf), so the
# pattern itself must not match "".
TEXT_PATTERN = rf"^[^{_CONTROL_IN_TEXT}]+$"
# A required text field of DRF is read without its outer whitespace and may then not be empty.
NONBLANK_TEXT_PATTERN = rf"^[^{_CONTROL_IN_TEXT}]*[^\s{_CONTROL}][^{_CONTROL_IN_TEXT}]*$"

# HH:MM[:SS[.ffffff]] as DRF writes a time of day. OpenAPI's "time" format is RFC 3339's full-time, which
# requires a UTC offset that an office's opening hours do not have.
TIME_OF_DAY_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$"

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def api_errors(*statuses: int) -> dict[int, OpenApiResponse]:
    """Error responses to document on an operation, for ``extend_schema(responses={…, **api_errors(409)})``."""
    return {
        status: OpenApiResponse(ErrorSerializer, description=ERROR_DESCRIPTIONS[status])
        for status in statuses
    }


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema, plus the error responses every operation can answer, and times of day
    documented as they are written."""

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        for status, response in api_errors(*self._error_statuses()).items():
            if str(status) not in responses:
                responses[str(status)] = self._get_response_for_code(
                    response, str(status), ["application/json"], direction
                )
        return dict(sorted(responses.items()))

    def _error_statuses(self) -> set[int]:
        statuses = {400}
        if self.view.get_authenticators():
            # Even a public view refuses a wrong token (401) and a session without its CSRF token (403).
            statuses |= {401, 403}
        if uritemplate.variables(self.path) or (self._is_list_view() and self._get_paginator()):
            statuses.add(404)
        if self.method in BODY_METHODS:
            statuses |= {413, 415}
        return statuses

    def _map_basic_serializer(self, serializer: Any, direction: Any) -> Any:
        schema = super()._map_basic_serializer(serializer, direction)
        if not type(serializer).__dict__.get("__doc__"):
            # A component is described by its own docstring, not by a base class's (InputSerializer's).
            schema.pop("description", None)
        if direction == "response" and isinstance(serializer, serializers.ModelSerializer):
            # A model instance has every attribute, so a model serializer writes every field, also those
            # that a request may leave out.
            schema["required"] = sorted(schema["properties"])
        if direction == "request" and isinstance(serializer, InputSerializer):
            schema["additionalProperties"] = False
        return schema

    def _map_serializer_field(self, field: Any, direction: Any, bypass_extensions: bool = False) -> Any:
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, serializers.TimeField) and schema.get("format") == "time":
            del schema["format"]
            schema["pattern"] = TIME_OF_DAY_PATTERN
        if (
            direction == "request"
            and type(field) is serializers.CharField
            and schema.get("type") == "string"
            and "pattern" not in schema
        ):
            schema["pattern"] = TEXT_PATTERN if field.allow_blank else NONBLANK_TEXT_PATTERN
            if not field.allow_blank:
                schema.setdefault("minLength", 1)
        if direction == "request" and isinstance(field, serializers.ListField) and not field.allow_empty:
            schema.setdefault("minItems", 1)
        return schema

    def _get_parameters(self) -> list[dict[str, Any]]:
        parameters = super()._get_parameters()
        for parameter in parameters:
            schema = parameter.get("schema", {})
            if parameter["in"] in ("path", "query") and schema.get("type") == "string":
                if not ({"enum", "format", "pattern"} & schema.keys()):
                    schema["pattern"] = PARAMETER_PATTERN
        return parameters
