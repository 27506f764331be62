"""Checking uploaded files by their content, not their name: only PDF, JPEG and PNG are taken; and serving a
kept file to those allowed to read it, typed by what it is."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from bianmin.lib.errors import DomainError

SIGNATURES = {
    b"%PDF-": ("application/pdf", ".pdf"),
    b"\xff\xd8\xff": ("image/jpeg", ".jpg"),
    b"\x89PNG\r\n\x1a\n": ("image/png", ".png"),
}


def sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) for a file starting with ``head``, or None when it is not allowed."""
    for magic, kind in SIGNATURES.items():
        if head.startswith(magic):
            return kind
    return None


def check_upload(upload: Any) -> tuple[str, str]:
    """(content type, extension) of an uploaded file that may be kept: PDF, JPEG or PNG by its content, not
    its name, and not over ``UPLOAD_MAX_BYTES``. Refused with ``file_too_large``/``file_type_not_allowed``."""
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise DomainError(
            "file_too_large",
            _("“%(name)s”超过 %(size)s MB")
            % {"name": upload.name, "size": settings.UPLOAD_MAX_BYTES // (1024 * 1024)},
        )
    head = upload.read(16)
    upload.seek(0)
    kind = sniff(head)
    if kind is None:
        raise DomainError(
            "file_type_not_allowed", _("“%(name)s”不是 PDF、JPG 或 PNG 文件") % {"name": upload.name}
        )
    return kind


def private_file(file: FieldFile, *, name: str, missing: str) -> FileResponse:
    """A kept file as a download named ``name`` + the extension its content has (never what the uploader
    called it), not cached and not sniffed by the browser; the 404 page saying ``missing`` when it is gone."""
    try:
        handle = file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(missing) from exc
    content_type, extension = sniff(handle.read(16)) or ("application/octet-stream", ".bin")
    handle.seek(0)
    response = FileResponse(
        handle, as_attachment=True, filename=f"{name}{extension}", content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
