"""Names, not codes: citizens read 民政 and 国土和规划 where the catalog stores MZ and GT (窗口 = a named counter)."""

from __future__ import annotations

from bianmin.hall.selectors import WindowName, window_names


def test_the_guide_without_a_center_names_windows_not_codes(client, world):
    """The guide before a center is chosen shows the window names the centers give a code."""
    page = client.get("/guide/").content.decode()
    assert "窗口：民政" in page and "窗口：MZ" not in page
    assert "窗口：国土和规划" in page and "窗口：GT" not in page


def test_the_item_page_and_the_card_at_the_county_name_windows_not_codes(client, world):
    """The county center has no windows of its own: its towns' names stand in for GT and LY."""
    # given the joint item 农村宅基地审批 (GT with LY taking part), looked at from the county center
    page = client.get(f"/guide/{world.homestead.code}/", {"org": world.county.code}).content.decode()
    # then the 受理窗口 and the 并联审批 windows are named
    assert "<dd>国土和规划</dd>" in page
    assert "<li>林业：林地核查" in page and "<li>LY" not in page and "<li>GT" not in page
    card = client.get(f"/guide/{world.dibao.code}/card/").content.decode()
    assert "<dd>民政</dd>" in card and "<dd>MZ</dd>" not in card


def test_a_center_names_its_own_windows_with_their_numbers(client, world):
    page = client.get(f"/guide/{world.homestead.code}/", {"org": world.town.code}).content.decode()
    assert "5号窗口 国土和规划" in page and "6号窗口 林业" in page


def test_window_names_prefer_the_center_then_its_county_and_keep_an_unknown_code(world):
    """One lookup per page: own windows with numbers, the nearest center's name otherwise, the code last."""
    names = window_names(world.town2, ["MZ", "GT", "XX"])
    assert names["MZ"] == WindowName("MZ", "民政", 1)  # 壬田镇's own 民政 window
    assert names["GT"] == WindowName("GT", "国土和规划")  # 壬田镇 has none: 象湖镇's name, no number
    assert names["XX"] == WindowName("XX", "XX")
