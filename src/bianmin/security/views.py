"""Login endpoints guarded by django-axes: the API's token endpoint, and the answer to a locked-out client."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy, ngettext
from drf_spectacular.utils import extend_schema
from rest_framework import parsers, serializers
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from bianmin.lib.api import InputSerializer, KnownQueryParameters
from bianmin.lib.errors import DomainError
from bianmin.lib.parsers import JSONParser
from bianmin.lib.schema import api_errors


def lockout_message() -> str:
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return ngettext(
        "登录失败次数过多，已暂停登录 %(minutes)d 分钟；如需提前解锁，请联系中心主任",
        "登录失败次数过多，已暂停登录 %(minutes)d 分钟；如需提前解锁，请联系中心主任",
        minutes,
    ) % {"minutes": minutes}


def locked_out(
    request: HttpRequest, response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """What a locked-out client gets (``AXES_LOCKOUT_CALLABLE``): 429 with ``{code, detail}`` from the API,
    a page from the login form. The right password is refused too until the cool-off time has passed or
    the lock is lifted (``bianmin axes_reset_username``, or the director in the admin)."""
    detail = lockout_message()
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "login_locked", "detail": detail}, status=429)
    return render(request, "security/locked.html", {"detail": detail}, status=429)


class TokenInput(InputSerializer, AuthTokenSerializer):
    """Username and password, and nothing else."""


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=gettext_lazy("之后的请求带上 Authorization: Token <token>"))


class TokenView(KnownQueryParameters, ObtainAuthToken):
    """POST username and password, get the API token: counted and locked out like the login page.

    DRF's own view authenticates with its wrapped request, on which django-axes can neither read the
    client nor flag a lockout; this one hands axes the plain Django request. Whoever asks is not yet
    anyone: no token or session is read here.
    """

    parser_classes = (JSONParser, parsers.FormParser, parsers.MultiPartParser)
    authentication_classes = ()
    permission_classes = (AllowAny,)
    serializer_class = TokenInput

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "request": self.request._request}

    @extend_schema(
        request=TokenInput,
        responses={200: TokenSerializer, **api_errors(429)},
        summary=gettext_lazy("用户名和密码换取 API 令牌"),
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            if getattr(request._request, "axes_locked_out", False):
                raise DomainError("login_locked", lockout_message(), kind="throttled")
            raise ValidationError(serializer.errors)
        token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})
