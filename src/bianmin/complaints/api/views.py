"""Complaints and opinion entries over the API.

``POST /complaints/`` and ``POST /opinions/`` also take posts without an account (``online`` only, to the
center named by ``center``, rate-limited per client like the public lookup); everything else is for the
center's staff, scoped like the pages (out of scope is not found).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bianmin.complaints import actions, public, selectors
from bianmin.complaints.api import serializers as s
from bianmin.complaints.filters import ComplaintFilter, OpinionFilter
from bianmin.complaints.models import Complaint, OpinionEntry, ReplyNotice
from bianmin.complaints.notices import reply_pdf
from bianmin.lib.api import KnownQueryParameters, PDFRenderer
from bianmin.lib.errors import DomainError
from bianmin.lib.schema import api_errors
from bianmin.lib.text import row_id
from bianmin.orgs.models import Staff
from bianmin.orgs.selectors import staff_of


class _ViewOrPublicPost(permissions.BasePermission):
    perm = ""

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method == "POST" and getattr(view, "action", None) == "create":
            return True  # anyone may complain; who is asking decides how (see ``create``)
        return bool(request.user and request.user.is_authenticated and request.user.has_perm(self.perm))


class ComplaintPermission(_ViewOrPublicPost):
    perm = "complaints.view_complaint"


class OpinionPermission(_ViewOrPublicPost):
    perm = "complaints.view_opinionentry"


# A post without an account is accepted too (online only): the schema says authentication is optional.
# (drf-spectacular types it as names, but puts it in the schema as security requirements, which it is.)
OPTIONAL_AUTH: Any = [{"tokenAuth": []}, {"cookieAuth": []}, {}]


def _own_center(request: Request, code: Any) -> Any:
    """A staff member's post goes to their own center, or to the one named if they see several."""
    if code:
        return public.center_for(code)
    staff = staff_of(request.user)
    if staff is None:
        raise DomainError("center_not_found", _("请选择便民服务中心"), kind="not_found")
    return staff.org


def _user_staff(org: Any, user_id: Any) -> Staff | None:
    if user_id is None:
        return None
    staff = Staff.objects.filter(user_id=user_id, org=org).first()
    if staff is None:
        raise DomainError("staff_not_of_center", _("被投诉人不是本中心的工作人员"))
    return staff


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("效能投诉列表")),
    retrieve=extend_schema(summary=gettext_lazy("效能投诉")),
)
class ComplaintViewSet(KnownQueryParameters, viewsets.ReadOnlyModelViewSet):
    """Complaints of the caller's center (county roles: the county's), latest first. The complainant is
    masked for everyone but supervisors (003 曾家镇 三 对投诉人予以保密)."""

    serializer_class = s.ComplaintSerializer
    filterset_class = ComplaintFilter
    permission_classes = [ComplaintPermission]

    def get_queryset(self) -> QuerySet[Complaint]:
        return (
            selectors.with_relations(selectors.complaints_for(self.request.user))
            .select_related("reply_notice")
            .defer("reply_notice__html", "reply_notice__pdf")
            .order_by("-received_at", "-id")
        )

    def _one(self, pk: Any) -> Complaint:
        number = row_id(pk)
        complaint = self.get_queryset().filter(pk=number).first() if number is not None else None
        if complaint is None:
            raise DomainError("complaint_not_found", _("找不到该投诉"), kind="not_found")
        return complaint

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(self.get_serializer(self._one(pk)).data)

    @extend_schema(
        request=s.ComplaintInput,
        responses={201: s.ComplaintCreated, **api_errors(400, 403, 404, 429)},
        summary=gettext_lazy("提交效能投诉"),
        auth=OPTIONAL_AUTH,
        description=gettext_lazy(
            "工作人员登记各渠道投诉；未登录的群众只能提交网上投诉(channel 为 online，须填 center)，"
            "须留姓名和电话，按客户端限制提交频率。"
        ),
    )
    def create(self, request: Request) -> Response:
        if not request.user.is_authenticated:
            # Counted before the body is even read: a refused post counts as much as an accepted one.
            public.reserve_post(request._request)
        body = s.ComplaintInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if request.user.is_authenticated:
            org = _own_center(request, data.get("center"))
            complaint = actions.receive_complaint(
                actor=request.user,
                org=org,
                channel=data["channel"],
                content=data["content"],
                complainant_name=data["complainant_name"],
                complainant_phone=data["complainant_phone"],
                against_staff=_user_staff(org, data.get("staff")),
                against_window=public.window_of_center(org, data.get("window")),
                case=public.case_of_center(org, data.get("case")),
                major=data["major"],
            )
        else:
            if data.get("staff") is not None or data["major"]:
                raise DomainError("field_not_allowed", _("网上投诉不能指定被投诉人或重大投诉标记"))
            complaint = public.submit_complaint(
                center=data.get("center"),
                channel=data["channel"],
                content=data["content"],
                case=data.get("case"),
                window=data.get("window"),
                complainant_name=data["complainant_name"],
                complainant_phone=data["complainant_phone"],
            )
        return Response({"id": complaint.pk, "due_date": complaint.due_date}, status=status.HTTP_201_CREATED)

    def _act(self, request: Request, pk: str, input_class: Any, run: Any) -> Response:
        body = input_class(data=request.data)
        body.is_valid(raise_exception=True)
        complaint = self._one(pk)
        run(complaint, body.validated_data)
        return Response(self.get_serializer(self._one(pk)).data)

    @extend_schema(
        request=s.ReplyInput,
        responses={200: s.ComplaintSerializer, **api_errors(400, 403, 404, 409)},
        summary=gettext_lazy("答复投诉"),
    )
    @action(detail=True, methods=["post"])
    def reply(self, request: Request, pk: str) -> Response:
        return self._act(
            request,
            pk,
            s.ReplyInput,
            lambda c, d: actions.reply_complaint(c, actor=request.user, text=d["text"], mode=d["mode"]),
        )

    @extend_schema(
        request=s.DecideInput,
        responses={200: s.ComplaintSerializer, **api_errors(400, 403, 404, 409)},
        summary=gettext_lazy("认定投诉是否成立"),
    )
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str) -> Response:
        return self._act(
            request,
            pk,
            s.DecideInput,
            lambda c, d: actions.decide_complaint(
                c, actor=request.user, upheld=d["upheld"], findings=d["findings"], reason=d["reason"]
            ),
        )

    @extend_schema(
        request=s.ReferInput,
        responses={200: s.ComplaintSerializer, **api_errors(400, 403, 404, 409)},
        summary=gettext_lazy("移送重大投诉"),
    )
    @action(detail=True, methods=["post"])
    def refer(self, request: Request, pk: str) -> Response:
        def run(complaint: Complaint, data: dict[str, Any]) -> None:
            target = None
            if data.get("to_user") is not None:
                staff = Staff.objects.filter(user_id=data["to_user"], org_id=complaint.org_id).first()
                if staff is None:
                    raise DomainError("staff_not_of_center", _("只能移送给本中心的领导"))
                target = staff.user
            actions.refer_complaint(
                complaint, actor=request.user, note=data["note"], to_user=target, to_body=data["to_body"]
            )

        return self._act(request, pk, s.ReferInput, run)


class ReplyPdfView(KnownQueryParameters, APIView):
    """The written reply (投诉答复书) as PDF, rendered on first download and kept."""

    renderer_classes = [PDFRenderer]

    @extend_schema(responses={(200, "application/pdf"): bytes}, summary=gettext_lazy("投诉答复书(PDF)"))
    def get(self, request: Request, pk: int) -> Response:
        if not request.user.has_perm("complaints.view_complaint"):
            raise DomainError("permission_denied", _("你没有查看投诉的权限"), kind="forbidden")
        number = row_id(pk)  # the path takes any digits; an id past the column's range is simply not found
        notice = None
        if number is not None:
            notice = ReplyNotice.objects.filter(
                complaint_id=number, complaint__in=selectors.complaints_for(request.user)
            ).first()
        if notice is None:
            raise DomainError("reply_notice_not_found", _("找不到该投诉答复书"), kind="not_found")
        disposition = f'inline; filename="complaint-reply-{notice.complaint_id}.pdf"'
        return Response(reply_pdf(notice), headers={"Content-Disposition": disposition})


@extend_schema_view(
    list=extend_schema(summary=gettext_lazy("意见簿列表")),
    retrieve=extend_schema(summary=gettext_lazy("意见簿条目")),
)
class OpinionViewSet(KnownQueryParameters, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.OpinionSerializer
    filterset_class = OpinionFilter
    permission_classes = [OpinionPermission]

    def get_queryset(self) -> QuerySet[OpinionEntry]:
        return (
            selectors.opinions_for(self.request.user)
            .select_related("org", "author_staff")
            .order_by("-recorded_at", "-id")
        )

    def _one(self, pk: Any) -> OpinionEntry:
        number = row_id(pk)
        entry = self.get_queryset().filter(pk=number).first() if number is not None else None
        if entry is None:
            raise DomainError("opinion_not_found", _("找不到该意见"), kind="not_found")
        return entry

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(self.get_serializer(self._one(pk)).data)

    @extend_schema(
        request=s.OpinionInput,
        responses={201: s.OpinionCreated, **api_errors(400, 403, 404, 429)},
        summary=gettext_lazy("登记意见或建议"),
        auth=OPTIONAL_AUTH,
    )
    def create(self, request: Request) -> Response:
        if not request.user.is_authenticated:
            public.reserve_post(request._request)
        body = s.OpinionInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        if request.user.is_authenticated:
            org = _own_center(request, data.get("center"))
            author_staff = None
            if data.get("author_staff") is not None:
                author_staff = Staff.objects.filter(user_id=data["author_staff"], org=org).first()
                if author_staff is None:
                    raise DomainError("staff_not_of_center", _("提出人不是本中心的工作人员"))
            entry = actions.record_opinion(
                actor=request.user,
                org=org,
                source=data["source"],
                content=data["content"],
                author_kind=data["author_kind"],
                author_name=data["author_name"],
                author_phone=data["author_phone"],
                author_staff=author_staff,
                consent_to_publish=data["consent_to_publish"],
            )
        else:
            if data["source"] != "online" or data["author_kind"] == "staff":
                raise DomainError("source_not_allowed", _("网上只能提交网上留言"))
            entry = actions.record_opinion(
                actor=None,
                org=public.center_for(data.get("center")),
                source=data["source"],
                content=data["content"],
                author_kind=data["author_kind"],
                author_name=data["author_name"],
                author_phone=data["author_phone"],
                consent_to_publish=data["consent_to_publish"],
            )
        return Response({"id": entry.pk}, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.AnswerInput,
        responses={200: s.OpinionSerializer, **api_errors(400, 403, 404, 409)},
        summary=gettext_lazy("答复意见"),
    )
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: str) -> Response:
        body = s.AnswerInput(data=request.data)
        body.is_valid(raise_exception=True)
        entry = self._one(pk)
        actions.answer_opinion(entry, actor=request.user, **body.validated_data)
        return Response(self.get_serializer(self._one(pk)).data)

    @extend_schema(
        request=s.AdoptInput,
        responses={200: s.OpinionSerializer, **api_errors(400, 403, 404, 409)},
        summary=gettext_lazy("采纳建议"),
    )
    @action(detail=True, methods=["post"])
    def adopt(self, request: Request, pk: str) -> Response:
        body = s.AdoptInput(data=request.data)
        body.is_valid(raise_exception=True)
        entry = self._one(pk)
        actions.adopt_opinion(entry, actor=request.user, note=body.validated_data["note"])
        return Response(self.get_serializer(self._one(pk)).data)
