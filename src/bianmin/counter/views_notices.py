"""Printed notices (文书): the stored HTML as issued, with a print bar that stays off the paper; and its PDF.

The stored HTML is served unchanged apart from the bar inserted after ``<body>``: its SHA-256 proves a
reprint is the document that was issued, so it is never re-rendered here. The PDF is rendered from it on the
first download and stored (``cases.pdf``): every later copy is those bytes, served like the API's.
"""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin

from bianmin.cases.models import Notice
from bianmin.cases.pdf import notice_pdf
from bianmin.counter import selectors
from bianmin.counter.exports import download_header

BODY_TAG = re.compile(r"<body[^>]*>", re.IGNORECASE)


def _notice_or_404(request: HttpRequest, pk: int) -> Notice:
    notice = selectors.notice_for(request.user, pk)
    if notice is None:
        raise Http404(_("找不到该文书"))
    return notice


def with_print_bar(html: str, bar: str) -> str:
    match = BODY_TAG.search(html)
    if match is None:
        return bar + html
    return html[: match.end()] + bar + html[match.end() :]


@login_required
@xframe_options_sameorigin  # the case page previews a new notice in a frame, ready to print
def notice_html(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _notice_or_404(request, pk)
    if request.GET.get("embed"):
        # Inside the case page's preview frame, whose own buttons print it.
        return HttpResponse(notice.html, content_type="text/html; charset=utf-8")
    bar = render_to_string("counter/_print_bar.html", {"notice": notice}, request=request)
    return HttpResponse(with_print_bar(notice.html, bar), content_type="text/html; charset=utf-8")


@login_required
def notice_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _notice_or_404(request, pk)
    response = HttpResponse(notice_pdf(notice), content_type="application/pdf")
    response["Content-Disposition"] = download_header(f"{notice.number}.pdf")
    return response
