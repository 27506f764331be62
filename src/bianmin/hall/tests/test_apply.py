"""网上申请: a citizen applies online with uploaded materials; refusals keep the typed data and store nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from bianmin.cases.models import Attachment, Case, CaseState, Channel
from bianmin.catalog.models import Material
from bianmin.conftest import VALID_ID
from bianmin.hall.tests.conftest import PDF


def form_data(item, **extra):  # noqa: ANN001, ANN201
    data = {
        "kind": "person",
        "name": "张三",
        "id_number": VALID_ID,
        "phone": "13800000000",
        "address": "象湖镇燕子村",
    }
    data.update(extra)
    return data


def material_id(item, name):  # noqa: ANN001, ANN201
    return Material.objects.get(version=item.current, name=name).pk


def stored_files(media: Path) -> list[Path]:
    return [p for p in Path(media).rglob("*") if p.is_file()]


def test_online_application_creates_a_submitted_case_with_its_uploads(client, world, online_item, media):
    # given villager 张三 applies for 低保 online at 象湖镇 with a scan of his ID card
    upload = SimpleUploadedFile("张三身份证.pdf", PDF, content_type="application/pdf")
    data = form_data(online_item, **{f"material_{material_id(online_item, '居民身份证')}": upload})
    # when he submits the form
    response = client.post(f"/apply/{online_item.code}/?org={world.town.code}", data)
    # then he is sent to a receipt page with the acceptance number and query code
    assert response.status_code == 302 and response["Location"] == "/apply/done/"
    case = Case.objects.get()
    assert case.state == CaseState.SUBMITTED and case.channel == Channel.ONLINE and case.org == world.town
    assert case.first_contact is None and case.applicant_id_number == VALID_ID
    receipt = client.get("/apply/done/").content.decode()
    assert case.number in receipt and case.query_code in receipt
    assert f"/progress/?number={case.number}" in receipt
    # and the file is stored under MEDIA_ROOT with a random name, not the one it was uploaded with
    attachment = Attachment.objects.get()
    path = Path(attachment.file.path)
    assert path.is_file() and path.read_bytes() == PDF
    assert path.resolve().is_relative_to(Path(media).resolve())
    assert "张三" not in path.name and "身份证" not in attachment.file.name
    assert attachment.original_name == "张三身份证.pdf" and attachment.material.name == "居民身份证"


def test_the_receipt_page_needs_the_applicants_own_session(client, world, online_item):
    client.post(f"/apply/{online_item.code}/?org={world.town.code}", form_data(online_item))
    case = Case.objects.get()
    assert case.number in client.get("/apply/done/").content.decode()
    stranger = Client()
    assert stranger.get("/apply/done/").status_code == 302


@pytest.mark.parametrize(
    ("filename", "content"),
    [
        ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"),
        ("scan.pdf", b"just some text, renamed"),
    ],
)
def test_an_executable_or_a_renamed_text_file_is_refused_and_nothing_is_kept(
    client, world, online_item, media, filename, content
):
    upload = SimpleUploadedFile(filename, content, content_type="application/pdf")
    data = form_data(online_item, **{f"material_{material_id(online_item, '户口簿')}": upload})
    response = client.post(f"/apply/{online_item.code}/?org={world.town.code}", data)
    # the refusal's message is shown (file_type_not_allowed), with the typed data kept
    page = response.content.decode()
    assert response.status_code == 400
    assert f"“{filename}”不是 PDF、JPG 或 PNG 文件" in page
    assert 'value="张三"' in page and f'value="{VALID_ID}"' in page and 'value="象湖镇燕子村"' in page
    # and no case, no attachment, no file on disk
    assert Case.objects.count() == 0 and Attachment.objects.count() == 0
    assert stored_files(media) == []


def test_a_wrong_id_number_is_refused_with_the_rules_message(client, world, online_item):
    response = client.post(
        f"/apply/{online_item.code}/?org={world.town.code}",
        form_data(online_item, id_number="110105194912310021"),
    )
    assert response.status_code == 400
    assert "居民身份证号码不正确" in response.content.decode()
    assert Case.objects.count() == 0


def test_an_organization_applies_with_its_credit_code(client, world, online_item):
    data = {"kind": "organization", "name": "瑞金市某合作社", "credit_code": "91110000600037341L"}
    response = client.post(f"/apply/{online_item.code}/?org={world.town.code}", data)
    assert response.status_code == 302
    assert Case.objects.get().applicant_credit_code == "91110000600037341L"


def test_a_missing_name_is_asked_for_again(client, world, online_item):
    response = client.post(
        f"/apply/{online_item.code}/?org={world.town.code}", form_data(online_item, name="")
    )
    assert response.status_code == 400 and "请按提示修改后再提交" in response.content.decode()
    assert Case.objects.count() == 0


def test_items_that_cannot_be_applied_for_online_say_so_and_show_the_guide(client, world):
    get = client.get(f"/apply/MZ001/?org={world.town.code}")
    page = get.content.decode()
    assert get.status_code == 200
    assert "“最低生活保障申请”不能网上申请，请带齐以下材料到窗口办理" in page
    assert "家庭收入证明" in page and "/guide/MZ001/" in page and '<form method="post"' not in page
    post = client.post(f"/apply/MZ001/?org={world.town.code}", form_data(None))
    assert post.status_code == 200 and Case.objects.count() == 0


def test_a_center_that_has_not_enabled_the_item_offers_the_ones_that_have(client, world, online_item):
    page = client.get(f"/apply/{online_item.code}/?org={world.town2.code}").content.decode()
    assert "暂未开通此事项" in page and f"/apply/{online_item.code}/?org={world.town.code}" in page
    assert (
        client.post(f"/apply/{online_item.code}/?org={world.town2.code}", form_data(None)).status_code == 200
    )
    assert Case.objects.count() == 0


def test_the_form_has_one_file_input_per_material_and_csrf_is_enforced(world, online_item):
    client = Client(enforce_csrf_checks=True)
    page = client.get(f"/apply/{online_item.code}/?org={world.town.code}").content.decode()
    for name in ("居民身份证", "户口簿", "家庭收入证明", "其他证明材料"):
        assert f'name="material_{material_id(online_item, name)}"' in page
    assert page.count('type="file"') == 4 and 'enctype="multipart/form-data"' in page
    assert "csrfmiddlewaretoken" in page
    refused = client.post(f"/apply/{online_item.code}/?org={world.town.code}", form_data(online_item))
    assert refused.status_code == 403 and Case.objects.count() == 0


def test_a_file_over_the_size_limit_is_refused(client, world, online_item, media, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (1024 * 1024), content_type="application/pdf")
    data = form_data(online_item, **{f"material_{material_id(online_item, '户口簿')}": big})
    response = client.post(f"/apply/{online_item.code}/?org={world.town.code}", data)
    assert response.status_code == 400 and "“big.pdf”超过 1 MB" in response.content.decode()
    assert Case.objects.count() == 0 and stored_files(media) == []
