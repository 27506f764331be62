"""The API's JSON parser: DRF's, with a limit on nesting, refusing what it cannot read as ``invalid_json``.

Kept apart from ``lib.api``: DRF reads its parser setting when ``rest_framework.views`` is first imported,
which ``lib.api`` does.
"""

from __future__ import annotations

import re
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers
from rest_framework.utils import json as drf_json

# Deeper than any request of this API nests (an applicant inside a case is three levels); Python's JSON
# decoder recurses once per level and a body nested a thousand deep ends in RecursionError.
MAX_JSON_DEPTH = 32
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_JSON_BRACKET = re.compile(r"[\[\]{}]")


def json_too_deep(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether the JSON ``text`` nests arrays and objects deeper than ``limit``, found without parsing it
    (brackets inside strings do not count)."""
    depth = 0
    for bracket in _JSON_BRACKET.findall(_JSON_STRING.sub('""', text)):
        depth = depth + 1 if bracket in "[{" else depth - 1
        if depth > limit:
            return True
    return False


class InvalidJSON(exceptions.ParseError):
    default_code = "invalid_json"


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser with a nesting limit; any body it cannot read is refused as ``invalid_json``."""

    def parse(self, stream: IO[bytes], media_type: str | None = None, parser_context: Any = None) -> Any:
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = stream.read().decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise InvalidJSON(_("请求体不是有效的 JSON")) from exc
        if json_too_deep(text):
            raise InvalidJSON(_("JSON 嵌套过深（最多 %(max)d 层）") % {"max": MAX_JSON_DEPTH})
        try:
            return drf_json.loads(text, parse_constant=drf_json.strict_constant if self.strict else None)
        except (ValueError, RecursionError) as exc:
            raise InvalidJSON(_("请求体不是有效的 JSON")) from exc
