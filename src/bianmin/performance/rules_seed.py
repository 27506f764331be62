# ruff: noqa: E501
"""The seeds' tables as data: 003 曾家镇 效能评估考核管理办法 (points) and 003 太湖乡 第十八–二十一条 (fines).

Each row: code, description (the seed's words), article, amount, source, scope, bars awards. The seed gives
no base score; ``PERFORMANCE_BASE_POINTS`` (100) is the setting a ranking starts from.
"""

from __future__ import annotations

from decimal import Decimal

ZENGJIA_NAME = "曾家镇便民服务中心效能评估考核管理办法"
TAIHU_NAME = "太湖乡便民服务中心考勤罚款"

D = Decimal
# fmt: off
ZENGJIA_RULES: list[tuple[str, str, str, Decimal, str, str, bool]] = [
    ("uncivil_language", "未按规定使用文明用语", "第二条1", D(-1), "manual", "person", False),
    ("uncivil_language_bad", "未使用文明用语造成不良影响", "第二条1", D(-5), "manual", "person", False),
    ("late", "无故迟到", "第二条2", D(-2), "attendance", "person", False),
    ("left_early", "无故早退", "第二条2", D(-2), "attendance", "person", False),
    ("left_post", "无故离岗", "第二条2", D(-2), "manual", "person", False),
    ("absent_half_day", "旷工(每半天)", "第二条2", D(-5), "attendance", "person", False),
    ("leave_without_note", "请假未提交请假条", "第二条3", D(-1), "attendance", "person", False),
    ("games_stocks", "上班时间玩电脑游戏或炒股", "第二条4", D(-6), "manual", "person", False),
    ("overdue_unfamiliar", "因业务不熟悉造成不能按期办结", "第三条1", D(-5), "supervision", "person", False),
    ("complaint_attitude", "因工作态度引起投诉或与当事人争吵", "第三条2", D(-2), "complaint", "person", False),
    ("complaint_attitude_serious", "因工作态度引起投诉或争吵,情节严重", "第三条2", D(-6), "complaint", "person", False),
    ("brush_off", "对当事人的咨询推诿,导致不满意", "第四条1", D(-5), "manual", "person", False),
    ("sent_to_department", "将当事人推到部门去咨询", "第四条2", D(-10), "manual", "person", False),
    ("not_one_time_notice", "未一次性完整告知应提交的申报材料", "第四条3", D(-2), "case", "person", False),
    ("refused_missing_material", "未在3日内履行告知义务并以材料不齐为由不予办理", "第四条4", D(-2), "supervision", "window_and_person", False),
    ("improper_handling", "未按规定办理行政服务事项,造成不良影响", "第四条5", D(-10), "manual", "person", False),
    ("corruption_or_criticism", "吃拿卡要等不廉洁行为经查实,或受通报批评", "第五条1", D(-20), "manual", "person", False),
    ("intermediary", "向中介机构介绍业务或从事有偿中介活动", "第五条2", D(-10), "manual", "person", True),
    ("adopted_suggestion", "合理化建议被采纳", "第六条2", D(5), "suggestion", "person", False),
    ("wronged_no_quarrel", "受到委屈且未与当事人争吵", "第六条3", D(5), "manual", "person", False),
    ("thanked_praised", "优质服务受到当事人感谢或表扬", "第六条4", D(5), "rating", "person", False),
    ("praised_by_inspection", "受到省、市级考察、检查部门表扬", "第六条4", D(10), "manual", "person", False),
]

TAIHU_RULES: list[tuple[str, str, str, Decimal, str, str, bool]] = [
    ("late", "迟到", "第十八条", D(10), "attendance", "person", False),
    ("left_early", "早退", "第十八条", D(10), "attendance", "person", False),
    ("absent_day", "旷工一天", "第十八条", D(20), "attendance", "person", False),
    ("cleaning_criticised", "值班清洁卫生打扫受到通报", "第十八条", D(10), "manual", "person", False),
    ("games_chat", "上班玩游戏、聊天", "第十九条", D(20), "manual", "person", False),
    ("games_chat_circulated", "上班玩游戏、聊天,受到相关单位和媒体通报", "第十九条", D(50), "manual", "person", False),
    ("bribe", "收受红包、礼品以及吃拿卡要", "第二十条", D(50), "manual", "person", False),
    ("bribe_punished", "收受红包等情节严重,受到相关单位处罚", "第二十条", D(100), "manual", "person", False),
    ("wrong_policy", "违反政策规定给予办理相关事项", "第二十一条", D(20), "manual", "person", False),
    ("wrong_policy_circulated", "违反政策办理造成工作失误并受到上级部门通报", "第二十一条", D(50), "manual", "person", False),
]
# fmt: on
