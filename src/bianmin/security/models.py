"""Counters behind the limits on guessing (限次): one row per guarded thing and client."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AttemptCount(models.Model):
    """限次计数: attempts one client made at one guarded thing (a case's 查询码) in the current window.

    A table in the case database, created by ``migrate`` like every other, so the limit holds across
    worker processes and nothing has to be set up beside it. The key is a hash of the scope and the
    client's address: fixed length whatever the client sends, and no address stored in the clear.
    """

    key = models.CharField(_("键"), max_length=64, primary_key=True)
    count = models.PositiveIntegerField(_("次数"), default=0)
    expires_at = models.DateTimeField(_("窗口结束"), db_index=True)

    class Meta:
        verbose_name = _("限次计数")
        verbose_name_plural = _("限次计数")

    def __str__(self) -> str:
        return f"{self.key[:12]}… {self.count}"
