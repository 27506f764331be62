"""The seeds' leave approval tables, in half days of working days, ready to load for a center.

003 太湖乡 第十七条 1(3): 请假一天以内由中心主任审批,一天以上三天以内由分管领导审批,三天以上一周以内由
党委书记审批,一周以上报市委组织部审批. 003 曾家镇 第十条 1: 半天以上的(含半天)工作人员请假由中心负责人审批,
并及时报镇党政办备案.
"""

from __future__ import annotations

from typing import NamedTuple

from bianmin.attendance.models import ApproverRole, LateLeave


class PolicyRow(NamedTuple):
    min_half_days: int
    max_half_days: int | None
    approver: str
    external_body: str = ""


class Preset(NamedTuple):
    rows: tuple[PolicyRow, ...]
    late_leave: str
    filing_office: str


PRESETS: dict[str, Preset] = {
    "taihu": Preset(
        rows=(
            PolicyRow(1, 2, ApproverRole.DIRECTOR),  # 一天以内
            PolicyRow(3, 6, ApproverRole.DEPUTY),  # 一天以上三天以内
            PolicyRow(7, 14, ApproverRole.PARTY_SECRETARY),  # 三天以上一周以内
            PolicyRow(15, None, ApproverRole.EXTERNAL, "市委组织部"),  # 一周以上
        ),
        late_leave=LateLeave.ABSENCE,  # 未履行请假手续的一律作旷工处理
        filing_office="",
    ),
    "zengjia": Preset(
        rows=(PolicyRow(1, None, ApproverRole.DIRECTOR),),  # 半天以上(含半天)由中心负责人审批
        late_leave=LateLeave.NO_NOTE,  # 未按规定提交请假条的,每次扣1分
        filing_office="镇党政办",
    ),
}

# A center that loaded no table: its director approves any leave.
FALLBACK = PolicyRow(1, None, ApproverRole.DIRECTOR)
