"""The printed forms of a submission: the print page (HTML with print CSS), the same page as a PDF
(``cases.pdf.render_pdf``: WeasyPrint with the CJK cut) and the workbook (``reports.exports``'s table with the
form's header and signature rows). All from the frozen table: a reprint says what was submitted."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from bianmin.cases.pdf import render_pdf
from bianmin.submissions import display, exports, figures
from bianmin.submissions.models import Submission, SubmissionState
from bianmin.submissions.schedule import period_for
from bianmin.submissions.views import visible_submission


def _submitted(request: HttpRequest, pk: int) -> Submission:
    s = visible_submission(request, pk)
    if s.state != SubmissionState.SUBMITTED:
        raise Http404  # a draft has no printed form: its figures are not frozen yet
    return s


def form_context(s: Submission) -> dict[str, Any]:
    period = period_for(s.kind, s.period_key)
    table = figures.thawed(s.table, period)
    staff = getattr(s.submitted_by, "staff", None)
    return {
        "s": s,
        "title": display.title_of(s.org.name, s.kind, period),
        "period": period,
        "table": table,
        "sheet": display.sheet(table, s.by),
        "filled_by": staff.name
        if staff is not None
        else (s.submitted_by.get_username() if s.submitted_by else ""),
        "submitted_on": timezone.localtime(s.submitted_at).date() if s.submitted_at else None,
        "landscape": s.by != "kind",
    }


def form_html(s: Submission, *, bar: bool) -> str:
    return render_to_string("submissions/print.html", {**form_context(s), "bar": bar})


def _filename(s: Submission, ext: str) -> str:
    name = f"{s.number}.{ext}"
    return f"attachment; filename={name}; filename*=UTF-8''{quote(name)}"


@login_required
def print_page(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse(form_html(_submitted(request, pk), bar=True))


@login_required
def pdf(request: HttpRequest, pk: int) -> HttpResponse:
    s = _submitted(request, pk)
    response = HttpResponse(render_pdf(form_html(s, bar=False)), content_type="application/pdf")
    response["Content-Disposition"] = _filename(s, "pdf")
    return response


@login_required
def xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    s = _submitted(request, pk)
    response = HttpResponse(
        exports.submission_xlsx(s, form_context(s)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = _filename(s, "xlsx")
    return response
