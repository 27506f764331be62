import pytest
from django.core.files.base import ContentFile
from bianmin.hall.tests.conftest import publish_online, PDF
from bianmin.hall.tests.test_screen import png
from bianmin.orgs.models import Staff, Whereabouts
from bianmin.conftest import VALID_ID

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

def test_shots(browser_page, world, tmp_path):
    p = browser_page
    publish_online(world)
    s = Staff.objects.get(name="李窗口"); s.photo.save("li.png", ContentFile(png()), save=True)
    Staff.objects.filter(name="陈承办").update(whereabouts=Whereabouts.OUT, whereabouts_note="入户调查", phone="0797-2345678")
    for name, url in [("home", f"/?org={world.town.code}"), ("guide", f"/guide/?org={world.town.code}"),
                      ("guide-all", "/guide/"), ("card", f"/guide/MZ101/card/?org={world.town.code}"),
                      ("apply", f"/apply/MZ101/?org={world.town.code}"), ("apply-no", f"/apply/MZ001/?org={world.town.code}"),
                      ("screen", f"/screen/{world.town.code}/")]:
        p.goto(url); p.screenshot(path=f"/tmp/shots/{name}.png", full_page=True)
    p.goto(f"/apply/MZ101/?org={world.town.code}")
    p.get_by_label("申请人姓名或单位名称").fill("张三")
    p.get_by_label("居民身份证号码").fill("110105194912310021")
    p.get_by_role("button", name="提交申请").click()
    p.screenshot(path="/tmp/shots/apply-error.png", full_page=True)
    p.get_by_label("居民身份证号码").fill(VALID_ID)
    p.get_by_role("button", name="提交申请").click()
    p.screenshot(path="/tmp/shots/applied.png", full_page=True)
    p.context.add_cookies([{"name": "large_text", "value": "1", "url": p.url}])
    p.goto(f"/screen/{world.town.code}/"); p.screenshot(path="/tmp/shots/screen-large.png", full_page=True)
    p.goto(f"/guide/?org={world.town.code}"); p.screenshot(path="/tmp/shots/guide-large.png", full_page=True)
    p.emulate_media(media="print"); p.goto(f"/guide/MZ101/card/?org={world.town.code}")
    p.screenshot(path="/tmp/shots/card-print.png", full_page=True)
    p.pdf(path="/tmp/shots/card.pdf") if False else None
