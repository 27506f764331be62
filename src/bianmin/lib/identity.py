"""ID numbers: GB 11643 居民身份证 and GB 32100 统一社会信用代码 checks, and the one masking policy."""

from __future__ import annotations

from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumError


def clean_resident_id(value: str) -> str | None:
    """The normalised 18-digit number, or None when the GB 11643 check fails."""
    try:
        number = ric.validate(value)
    except StdnumError:
        return None
    return number if len(number) == 18 else None


def clean_credit_code(value: str) -> str | None:
    try:
        return uscc.validate(value)
    except StdnumError:
        return None


def mask_id(value: str) -> str:
    """First 6 and last 4 shown, everything else starred — one fixed policy everywhere (PIPL Art. 28)."""
    if not value:
        return ""
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_name(value: str) -> str:
    """张三 → 张*, 欧阳小明 → 欧***."""
    if not value:
        return ""
    return value[0] + "*" * max(1, len(value) - 1)


def mask_phone(value: str) -> str:
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]
