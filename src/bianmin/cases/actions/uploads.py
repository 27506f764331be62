"""Uploaded materials before there is a case: checked once, held for the applicant's retry, then attached.

An online applicant whose form comes back (a wrong ID number, a missing name) would otherwise choose every
file again: browsers never refill a file input. So each file that passes the upload rules is held as a
``PendingUpload`` under the form's hidden token and shown as already uploaded; ``register(held=token)``
turns the held files into the case's attachments in the case's own transaction and removes them.
``discard_pending_uploads`` (a management command) removes what was never submitted again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from bianmin.cases.actions._base import current_time
from bianmin.cases.models import PendingUpload
from bianmin.lib.errors import DomainError
from bianmin.lib.uploads import check_upload

# How long a held file waits for its form to come back; the command removes older ones.
PENDING_MAX_AGE = dt.timedelta(hours=24)
# The hidden token is minted by the server (32 hex digits); anything else is not ours and holds nothing.
_TOKEN = re.compile("[0-9A-Za-z_-]{16,64}")


def valid_token(token: Any) -> bool:
    return isinstance(token, str) and _TOKEN.fullmatch(token) is not None


def sha256_of(upload: Any) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _delete_files_on_commit(names: list[str]) -> None:
    def delete() -> None:
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(delete)


def hold_upload(
    *, token: str, material_id: int, upload: Any, now: dt.datetime | None = None
) -> PendingUpload:
    """Keep one checked file for the form with ``token``, replacing the one held for the same material.

    Refused like an upload with the case (``check_upload``); a token the server did not mint is refused too.
    """
    if not valid_token(token):
        raise DomainError("invalid_token", _("表单已失效，请刷新页面后重新选择文件"))
    content_type, extension = check_upload(upload)
    row = PendingUpload(
        token=token,
        material_id=int(material_id),
        original_name=str(upload.name)[:200],
        content_type=content_type,
        extension=extension,
        size=upload.size,
        sha256=sha256_of(upload),
        uploaded_at=current_time(now),
    )
    row.file.save(f"upload{extension}", upload, save=False)
    try:
        with transaction.atomic():
            row.save()
            older = PendingUpload.objects.filter(token=token, material_id=row.material_id).exclude(pk=row.pk)
            _delete_files_on_commit(list(older.values_list("file", flat=True)))
            older.delete()
    except BaseException:
        default_storage.delete(row.file.name)
        raise
    return row


def discard_held(token: str) -> int:
    """Remove every file held for the form with ``token`` (its application was registered); idempotent."""
    rows = PendingUpload.objects.filter(token=token)
    _delete_files_on_commit(list(rows.values_list("file", flat=True)))
    return rows.delete()[0]


@transaction.atomic
def discard_stale_uploads(*, now: dt.datetime | None = None, max_age: dt.timedelta = PENDING_MAX_AGE) -> int:
    """Remove held files whose form did not come back within ``max_age``; safe to run at any time, twice."""
    rows = PendingUpload.objects.filter(uploaded_at__lt=current_time(now) - max_age)
    _delete_files_on_commit(list(rows.values_list("file", flat=True)))
    return rows.delete()[0]
