"""网上申请 sent back: every problem in one answer, what was typed kept, and accepted files held for the retry.

Issue 8 item 9: the form reported one error per submit and dropped the chosen files. In the spirit of
一次性告知 (行政许可法 Art. 32(四): tell the applicant everything at once), one submit now lists every problem
beside its field, and a file that passed the upload rules is kept on the server for the retry.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from bianmin.cases.actions import hold_upload
from bianmin.cases.models import Attachment, Case, PendingUpload
from bianmin.conftest import VALID_ID
from bianmin.hall.tests.conftest import PDF
from bianmin.hall.tests.test_apply import form_data, material_id, stored_files

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
TOKEN = "a" * 32


def url(world, item):  # noqa: ANN001, ANN201
    return f"/apply/{item.code}/?org={world.town.code}"


def pdf(name: str = "张三身份证.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_every_problem_of_an_application_is_shown_at_once_beside_its_field(client, world, online_item):
    """一次性告知 (Art. 32(四)) for the online form: a missing name, a wrong ID number, a wrong phone and a
    file that is not a PDF are all named in one answer, next to their fields, with what was typed kept."""
    # given 张三 forgets his name, mistypes his ID number and phone, and picks a program instead of a scan
    exe = SimpleUploadedFile("户口簿.exe", b"MZ\x90\x00" * 8, content_type="application/pdf")
    data = form_data(
        online_item,
        name="",
        id_number="110105194912310021",
        phone="12",
        token=TOKEN,
        **{f"material_{material_id(online_item, '户口簿')}": exe},
    )
    # when he submits once
    response = client.post(url(world, online_item), data)
    page = response.content.decode()
    # then every problem is listed, each in the action's own words
    assert response.status_code == 400
    for message in (
        "请按提示修改后再提交",
        "申请人姓名或单位名称：该字段是必填项",
        "居民身份证号码不正确，请核对（GB 11643 校验位）",
        "联系电话格式不正确",
        "“户口簿.exe”不是 PDF、JPG 或 PNG 文件",
    ):
        assert message in page, message
    # and the summary links each one to its field
    assert 'href="#id_id_number"' in page and 'href="#id_phone"' in page
    # and what was typed is still there, and nothing was registered or kept
    assert 'value="110105194912310021"' in page and 'value="象湖镇燕子村"' in page
    assert Case.objects.count() == 0 and PendingUpload.objects.count() == 0


def test_an_accepted_file_is_held_for_the_retry_and_becomes_the_cases_attachment(
    client, world, online_item, media, django_capture_on_commit_callbacks
):
    """Browsers never refill a file input: a file that passed the rules is kept under the form's token, shown
    as already uploaded, attached when the corrected form comes back, and no longer held afterwards."""
    # given 张三 uploads his ID card scan but mistypes his ID number
    field = f"material_{material_id(online_item, '居民身份证')}"
    first = client.post(
        url(world, online_item),
        form_data(online_item, id_number="110105194912310021", token=TOKEN, **{field: pdf()}),
    )
    # then the form comes back saying the scan is already uploaded, and it is held on the server
    page = first.content.decode()
    assert first.status_code == 400
    assert "已上传：张三身份证.pdf（可重新选择替换）" in page and f'value="{TOKEN}"' in page
    held = PendingUpload.objects.get()
    assert held.token == TOKEN and held.content_type == "application/pdf" and held.size == len(PDF)
    assert "张三" not in held.file.name and Path(held.file.path).read_bytes() == PDF
    # when he corrects the number and submits again without choosing the file again
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(url(world, online_item), form_data(online_item, token=TOKEN))
    # then the case is registered with the held scan as its attachment
    assert second.status_code == 302
    case = Case.objects.get()
    attachment = Attachment.objects.get(case=case)
    assert attachment.original_name == "张三身份证.pdf" and attachment.material.name == "居民身份证"
    assert Path(attachment.file.path).read_bytes() == PDF and case.applicant_id_number == VALID_ID
    # and nothing stays held: no row, no file but the attachment's
    assert PendingUpload.objects.count() == 0
    assert stored_files(media) == [Path(attachment.file.path)]


def test_choosing_another_file_replaces_the_held_one_and_a_refused_one_keeps_it(client, world, online_item):
    field = f"material_{material_id(online_item, '户口簿')}"
    bad_id = {"id_number": "110105194912310021", "token": TOKEN}
    client.post(url(world, online_item), form_data(online_item, **bad_id, **{field: pdf("户口簿.pdf")}))
    # a refused file does not replace the held one
    exe = SimpleUploadedFile("户口簿.exe", b"MZ\x90\x00" * 8)
    page = client.post(
        url(world, online_item), form_data(online_item, **bad_id, **{field: exe})
    ).content.decode()
    assert "“户口簿.exe”不是 PDF、JPG 或 PNG 文件" in page and "已上传：户口簿.pdf" in page
    # another good file does
    png = SimpleUploadedFile("户口簿首页.png", PNG, content_type="image/png")
    page = client.post(
        url(world, online_item), form_data(online_item, **bad_id, **{field: png})
    ).content.decode()
    assert "已上传：户口簿首页.png" in page
    held = PendingUpload.objects.get()
    assert held.original_name == "户口簿首页.png" and held.content_type == "image/png"


def test_a_form_without_a_token_of_ours_gets_a_fresh_one_for_its_files(client, world, online_item):
    field = f"material_{material_id(online_item, '居民身份证')}"
    data = form_data(online_item, id_number="1", token="../../etc", **{field: pdf()})
    response = client.post(url(world, online_item), data)
    held = PendingUpload.objects.get()
    assert held.token != "../../etc" and len(held.token) == 32
    assert f'value="{held.token}"' in response.content.decode()


def test_held_files_not_claimed_within_a_day_are_removed_by_an_idempotent_command(
    world, media, django_capture_on_commit_callbacks
):
    """Periodic jobs are idempotent management commands and nothing is wrong when they have not run
    (STYLE.md 7): a held file is only ever read back by its own form."""
    now = timezone.now()
    old = hold_upload(token=TOKEN, material_id=1, upload=pdf(), now=now - dt.timedelta(hours=25))
    fresh = hold_upload(token="b" * 32, material_id=1, upload=pdf(), now=now)
    old_path = Path(old.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("discard_pending_uploads")
        call_command("discard_pending_uploads")
    assert list(PendingUpload.objects.all()) == [fresh]
    assert not old_path.exists() and Path(fresh.file.path).exists()
