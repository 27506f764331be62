"""Every kind of step a case's ledger can hold (办件环节), with the label staff read and the one citizens read.

This is the vocabulary of ``CaseEvent.type``. It sits below the models so the event table takes its
choices from it; ``lifecycle.py`` declares which of these steps are actions and how each one behaves.
A step without a public label is never shown on the citizen's progress page.
"""

from __future__ import annotations

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Step(models.TextChoices):
    """办件环节: the label is what staff read on the case page's timeline."""

    REGISTER = "register", _("登记")
    NOTIFY_MISSING = "notify_missing", _("一次性告知")
    SUPPLEMENT = "supplement", _("补正材料")
    ACCEPT = "accept", _("受理")
    REJECT = "reject", _("不予受理")
    ASSIGN = "assign", _("交办")
    COMPLETE_TASK = "complete_task", _("联办窗口办结")
    RECORD_STEP = "record_step", _("办理环节")
    SUSPEND = "suspend", _("启动特别程序")
    RESUME = "resume", _("恢复办理")
    # 延期 as one leader's step, retired: older ledgers keep it and still read "延期" (now requested by the
    # handler and decided by a leader: request_extension, approve_extension, refuse_extension).
    EXTEND = "extend", _("延期")
    REQUEST_EXTENSION = "request_extension", _("申请延期")
    APPROVE_EXTENSION = "approve_extension", _("批准延期")
    REFUSE_EXTENSION = "refuse_extension", _("不批准延期")
    CONCLUDE = "conclude", _("办结")
    DISPATCH_MAIL = "dispatch_mail", _("邮寄寄出")
    DELIVER = "deliver", _("送达")
    ARCHIVE = "archive", _("归档")
    WITHDRAW = "withdraw", _("撤回")
    REVEAL_ID_NUMBER = "reveal_id_number", _("查看完整证件号码")
    RECOMPUTE_DUE = "recompute_due", _("重新计算办结日")
    # The network (三级便民服务网络): village → town → county and back.
    FORWARD = "forward", _("代办点报送")
    RECEIVE = "receive", _("乡镇签收")
    ESCALATE = "escalate", _("上报县级")
    RETURN_ESCALATION = "return_escalation", _("退回乡镇")
    UPSTREAM_RETURNED = "upstream_returned", _("县级退回")
    UPSTREAM_SETTLED = "upstream_settled", _("县级办理完毕")
    RETURN_TO_AGENT = "return_to_agent", _("结果交回代办员")
    HAND_BACK = "hand_back", _("代办员转交结果")
    GREEN_CHANNEL = "green_channel", _("开通绿色通道")
    # The leader's day (000 篇2 帶班領導: 批示, 督办): staff-only steps, the state never changes.
    URGE = "urge", _("督办")
    REPLY_URGE = "reply_urge", _("督办回复")
    # "daily_review", not "review": the counter's /cases/<number>/review/ is the online applications' 网上预审.
    REVIEW = "daily_review", _("批示")

    @property
    def public_label(self) -> Promise | None:
        """What a citizen reads for this step on the progress page, or None when it is staff-only."""
        return PUBLIC_LABELS.get(self)


# The citizen's wording where it differs from the staff's, and None for steps citizens never see.
PUBLIC_LABELS: dict[Step, Promise | None] = {
    Step.REGISTER: _("登记"),
    Step.NOTIFY_MISSING: _("一次性告知"),
    Step.SUPPLEMENT: _("补正材料"),
    Step.ACCEPT: _("受理"),
    Step.REJECT: _("不予受理"),
    Step.ASSIGN: _("交办承办"),
    Step.COMPLETE_TASK: _("联办窗口办结"),
    Step.RECORD_STEP: _("办理环节"),
    Step.SUSPEND: _("特别程序"),
    Step.RESUME: _("恢复办理"),
    Step.EXTEND: _("延期"),
    Step.REQUEST_EXTENSION: None,
    Step.APPROVE_EXTENSION: _("延期"),
    Step.REFUSE_EXTENSION: None,
    Step.CONCLUDE: _("办结"),
    Step.DISPATCH_MAIL: _("办理结果已邮寄"),
    Step.DELIVER: _("送达"),
    Step.ARCHIVE: _("归档"),
    Step.WITHDRAW: _("撤回"),
    Step.REVEAL_ID_NUMBER: None,
    Step.RECOMPUTE_DUE: None,
    Step.FORWARD: _("代办员报送便民服务中心"),
    Step.RECEIVE: _("便民服务中心签收"),
    Step.ESCALATE: _("上报县级政务服务中心"),
    Step.RETURN_ESCALATION: _("县级中心退回乡镇"),
    Step.UPSTREAM_RETURNED: _("县级中心退回乡镇"),
    Step.UPSTREAM_SETTLED: _("县级中心办理完毕"),
    Step.RETURN_TO_AGENT: _("办理结果交回代办员"),
    Step.HAND_BACK: _("代办员转交办理结果"),
    Step.GREEN_CHANNEL: _("开通绿色通道"),
    Step.URGE: None,
    Step.REPLY_URGE: None,
    Step.REVIEW: None,
}
