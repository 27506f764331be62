"""办结公告 (办事结果公开): a center's concluded cases of a quarter, published to the people.

000 篇7: "办事结果每季度滚动性向群众公开". A quarter that is over is frozen as a ``Disclosure`` snapshot by
``bianmin disclosure_publish``, so the archive shows what was published even after ratings or a rebuilt
ledger would count differently; the public page computes the same content live for any quarter without a
snapshot (the current one, or a past one before the command ran).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from bianmin.orgs.models import Org


class Disclosure(models.Model):
    """办结公告存档: one center's published quarter: the rows (masked, no personal data) and the figures."""

    org = models.ForeignKey(Org, on_delete=models.PROTECT, related_name="+", verbose_name=_("中心"))
    quarter = models.CharField(_("季度"), max_length=7)  # YYYY-Qn
    first_day = models.DateField(_("起始日"))
    last_day = models.DateField(_("截止日"))
    # [{"number", "item", "result", "concluded_on", "applicant"}], the applicant masked (lib.identity).
    rows = models.JSONField(_("办结办件"), default=list)
    figures = models.JSONField(_("统计数据"), default=dict)
    row_count = models.PositiveIntegerField(_("办结件数"), default=0)
    published_at = models.DateTimeField(_("公开时间"))

    class Meta:
        verbose_name = _("办结公告")
        verbose_name_plural = _("办结公告")
        ordering = ["org", "-quarter"]
        constraints = [models.UniqueConstraint(fields=["org", "quarter"], name="one_disclosure_per_quarter")]

    def __str__(self) -> str:
        return f"{self.org} {self.quarter}"
