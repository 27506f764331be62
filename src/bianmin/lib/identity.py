"""ID numbers: GB 11643 居民身份证 and GB 32100 统一社会信用代码 checks, and the one masking policy."""

from __future__ import annotations

import re

from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumError

from bianmin.lib.text import number_text

# GB/T 2260 province-level codes: the first two digits of every resident ID number.
PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82".split()
)
# str.isdigit() is also true for ² and ٣, which int() and python-stdnum then choke on.
_ASCII_DIGITS = re.compile("[0-9]+")
# Groups of digits joined by single hyphens: 0797-1234567, 400-800-1234.
_PHONE = re.compile("[0-9]+(?:-[0-9]+){0,3}")


def clean_resident_id(value: str) -> str | None:
    """The normalised 18-digit number in ASCII, or None when the GB 11643 check fails.

    Checks the length, the check digit, the birth date and the province. Not the full six-digit place code:
    python-stdnum's list of counties is incomplete (it refuses 瑞金 360781, for one), and a citizen must
    never be turned away because a code list is out of date. Full-width digits are read as digits; a
    superscript or another script's digit raises ``DomainError("unusual_digits")`` (see ``number_text``).
    """
    number = ric.compact(number_text(value))
    if len(number) != 18 or not _ASCII_DIGITS.fullmatch(number[:17]) or number[:2] not in PROVINCES:
        return None
    try:
        if number[-1] != ric.calc_check_digit(number):
            return None
        ric.get_birth_date(number)
    except StdnumError:
        return None
    return number


def clean_credit_code(value: str) -> str | None:
    """The 18-character GB 32100 统一社会信用代码, or None when its check fails."""
    try:
        return uscc.validate(number_text(value))
    except StdnumError:
        return None


def clean_phone(value: str) -> str | None:
    """A phone number as stored: ASCII digits in groups joined by hyphens, spaces dropped (0797-1234567,
    13800001234); ``""`` when none was given, None when it is not a phone number (7 to 12 digits)."""
    phone = number_text(value)
    if phone and not (_PHONE.fullmatch(phone) and 7 <= len(phone.replace("-", "")) <= 12):
        return None
    return phone


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


def mask_address(value: str) -> str:
    """An address as lists show it: the first 6 characters (province, county or town) kept, the rest
    starred, so the house cannot be found from a list (PIPL Art. 28)."""
    if not value:
        return ""
    if len(value) <= 6:
        return value[:2] + "*" * (len(value) - 2) if len(value) > 2 else "*" * len(value)
    return value[:6] + "*" * min(len(value) - 6, 8)
