"""Hand-entered adjustments to the working-day calendar (调休/节假日调整)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from bianmin.workdays.calendar import FIRST_DAY, LAST_DAY

REGION_CODE_PATTERN = r"^[0-9]{6}$"  # [0-9], not \d: \d also matches full-width digits such as "３"

validate_region_code = RegexValidator(
    REGION_CODE_PATTERN, _("行政区划代码应为 6 位数字"), code="invalid_region"
)


class OverrideKind(models.TextChoices):
    WORKDAY = "workday", _("上班")
    HOLIDAY = "holiday", _("放假")


class CalendarOverride(models.Model):
    """调休/节假日调整: one day declared a working day or a day off, nationally or for one county.

    National rows (empty ``region_code``) record State Council arrangements not yet in the bundled
    calendar; county rows record local holidays such as an ethnic festival (民族节日) and win over
    national rows on the same date for that county.
    """

    date = models.DateField(_("日期"))
    kind = models.CharField(_("类型"), max_length=16, choices=OverrideKind.choices)
    name = models.CharField(_("名称"), max_length=64, help_text=_("如“国庆节”“春节调休上班”"))
    region_code = models.CharField(
        _("行政区划代码"),
        max_length=6,
        blank=True,
        default="",
        validators=[validate_region_code],
        help_text=_("留空表示全国；只对某县生效时填写该县 6 位行政区划代码"),
    )
    note = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("调休/节假日调整")
        verbose_name_plural = _("调休/节假日调整")
        ordering = ["date", "region_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["date", "region_code"], name="workdays_override_unique_date_region"
            ),
        ]

    def __str__(self) -> str:
        scope = self.region_code or _("全国")
        return _("%(date)s %(name)s（%(kind)s，%(scope)s）") % {
            "date": f"{self.date:%Y-%m-%d}",
            "name": self.name,
            "kind": self.get_kind_display(),
            "scope": scope,
        }

    def clean(self) -> None:
        super().clean()
        if self.date and not FIRST_DAY <= self.date <= LAST_DAY:
            raise ValidationError(
                {
                    "date": _("日期应在 %(first)s 至 %(last)s 之间")
                    % {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()}
                }
            )

    @property
    def is_workday(self) -> bool:
        return self.kind == OverrideKind.WORKDAY
