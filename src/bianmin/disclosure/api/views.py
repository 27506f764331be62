"""``GET /api/v1/public/disclosure/{org}/?quarter=YYYY-Qn``: the public disclosure (办结公告) over the API,
no account, the same content as the page (``selectors.quarter_content``) and the same per-client limit."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from bianmin.disclosure import selectors
from bianmin.disclosure.api.serializers import DisclosureSerializer
from bianmin.disclosure.limits import reserve_view
from bianmin.lib.api import KnownQueryParameters
from bianmin.lib.errors import DomainError
from bianmin.lib.schema import api_errors

QUARTER = OpenApiParameter(
    "quarter",
    OpenApiTypes.STR,
    pattern=r"^[1-9][0-9]{3}-Q[1-4]$",
    description=gettext_lazy("季度 YYYY-Qn，默认为本季度"),
)


class PublicDisclosureView(KnownQueryParameters, GenericAPIView):
    """A center's concluded cases of a quarter (applicant masked, no ID number, phone or address), its
    figures and the archive of published quarters; a past quarter from its snapshot when published."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    serializer_class = DisclosureSerializer
    query_parameters = [QUARTER]

    @extend_schema(
        parameters=[QUARTER],
        responses={200: DisclosureSerializer, **api_errors(404, 429)},
        summary=gettext_lazy("办结公告(公众)"),
    )
    def get(self, request: Request, org: str) -> Response:
        reserve_view(request._request)
        center = selectors.center(org)
        if center is None:
            raise DomainError("center_not_found", _("找不到该便民服务中心"), kind="not_found")
        today = timezone.localdate()
        period = selectors.quarter_choice(request.query_params.get("quarter"), today)
        content = selectors.quarter_content(center, period, today)
        rows: Any = self.paginate_queryset(content.rows)  # type: ignore[arg-type]
        paginator: Any = self.paginator
        assert paginator is not None and rows is not None
        data = {
            "org": center.code,
            "org_name": center.name,
            "quarter": period.key,
            "first_day": period.first,
            "last_day": period.last,
            "source": content.source,
            "as_of": content.as_of,
            "published_at": content.published_at,
            "figures": content.figures,
            "archive": [{"quarter": q, "published_at": at} for q, at in selectors.archive(center)],
            "count": paginator.page.paginator.count,
            "next": paginator.get_next_link(),
            "previous": paginator.get_previous_link(),
            "results": [{**row, "result_label": selectors.result_label(row["result"])} for row in rows],
        }
        return Response(DisclosureSerializer(data).data)
