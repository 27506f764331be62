"""例会与培训 pages: the center's meetings and training, attendance per staff member, minutes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from bianmin.duty import actions, selectors
from bianmin.duty.forms import MeetingForm, MinutesForm
from bianmin.duty.models import MeetingAttendance, Presence
from bianmin.lib.errors import DomainError
from bianmin.lib.uploads import private_file
from bianmin.orgs.models import Staff
from bianmin.orgs.selectors import staff_of

VIEW = "duty.view_meeting"
PAGE_SIZE = 50


@login_required
@permission_required(VIEW, raise_exception=True)
def meeting_list(request: HttpRequest) -> HttpResponse:
    form = MeetingForm()
    own = staff_of(request.user)
    can_schedule = request.user.has_perm("duty.schedule_meeting") and own is not None
    if request.method == "POST" and can_schedule and own is not None:
        form = MeetingForm(request.POST)
        if form.is_valid():
            try:
                meeting = actions.schedule_meeting(actor=request.user, org=own.org, **form.cleaned_data)
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("已安排"))
                return redirect("duty-meeting", meeting.pk)
    page = Paginator(selectors.meetings(request.user).order_by("-starts_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    upcoming = selectors.upcoming_for(own, timezone.now())
    return render(
        request,
        "duty/meeting_list.html",
        {"page": page, "form": form, "can_schedule": can_schedule, "upcoming": upcoming},
    )


@login_required
@permission_required(VIEW, raise_exception=True)
def meeting_page(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for(request.user, pk)
    if meeting is None:
        raise Http404
    staff = list(Staff.objects.filter(org_id=meeting.org_id).order_by("name", "pk"))
    minutes_form = MinutesForm(initial={"minutes": meeting.minutes})
    if request.method == "POST":
        try:
            if request.POST.get("step") == "attendance":
                presence: dict[Staff | int, str] = {
                    s.pk: request.POST[f"p{s.pk}"]
                    for s in staff
                    if request.POST.get(f"p{s.pk}") in Presence.values
                }
                actions.record_attendance(meeting, actor=request.user, presence=presence)
                messages.success(request, _("出席情况已保存"))
                return redirect("duty-meeting", meeting.pk)
            if request.POST.get("step") == "minutes_file":
                actions.attach_minutes_file(meeting, actor=request.user, upload=request.FILES.get("file"))
                messages.success(request, _("会议记录附件已上传"))
                return redirect("duty-meeting", meeting.pk)
            if request.POST.get("step") == "minutes":
                minutes_form = MinutesForm(request.POST)
                if minutes_form.is_valid():
                    actions.record_minutes(
                        meeting, actor=request.user, minutes=minutes_form.cleaned_data["minutes"]
                    )
                    messages.success(request, _("会议记录已保存"))
                    return redirect("duty-meeting", meeting.pk)
            else:
                raise DomainError("unknown_step", _("无法识别的操作"))
        except DomainError as exc:
            messages.error(request, exc.message)
    recorded = {a.staff_id: a.presence for a in MeetingAttendance.objects.filter(meeting=meeting)}
    context = {
        "meeting": meeting,
        "rows": [{"staff": s, "presence": recorded.get(s.pk, "")} for s in staff],
        "presences": Presence.choices,
        "minutes_form": minutes_form,
        "can_record": request.user.has_perm("duty.record_meeting"),
    }
    return render(request, "duty/meeting.html", context)


@login_required
@permission_required(VIEW, raise_exception=True)
def minutes_file(request: HttpRequest, pk: int) -> FileResponse:
    """The minutes file, only to those who see the meeting; typed by its content, never a public URL."""
    meeting = selectors.meeting_for(request.user, pk)
    if meeting is None or not meeting.minutes_file:
        raise Http404(_("找不到会议记录附件"))
    return private_file(meeting.minutes_file, name=f"minutes-{meeting.pk}", missing=_("找不到会议记录附件"))
