"""PDF of a stored notice, rendered by WeasyPrint from the very HTML that was issued."""

from weasyprint import HTML

from bianmin.cases.models import Notice


def notice_pdf(notice: Notice) -> bytes:
    return HTML(string=notice.html).write_pdf()
