"""Money as the non-tax receipt prints it (非税收入票据): exact ``Decimal`` yuan in fen, and the amount in
Chinese capitals (大写金额).

Pure helpers with no models. The capitals follow the receipt convention of the finance bureaus' 非税收入
一般缴款书: a leading ten is written 壹拾 (10 → 壹拾元整, 100000 → 壹拾万元整) so nothing can be written in
front of it; a run of zeros inside the number is one 零 (1004.05 → 壹仟零肆元零伍分); 整 ends an amount
without fen (1234.50 → 壹仟贰佰叁拾肆元伍角整); an amount under one yuan starts at its first digit
(0.05 → 伍分).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

FEN = Decimal("0.01")
MAX_YUAN = Decimal("9999999999.99")  # DecimalField(max_digits=12, decimal_places=2)

DIGITS = "零壹贰叁肆伍陆柒捌玖"
SMALL_UNITS = ("", "拾", "佰", "仟")
BIG_UNITS = ("", "万", "亿")


class BadAmount(ValueError):
    """Not an amount of money: not a number, more than two decimals, zero or negative, or too large."""


def parse_amount(value: Any, *, allow_zero: bool = False) -> Decimal:
    """A positive amount of yuan with at most two decimals, exactly as typed; ``BadAmount`` otherwise.
    A float is refused: it does not hold fen exactly."""
    if isinstance(value, float | bool):
        raise BadAmount(str(value))
    try:
        amount = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError) as exc:
        raise BadAmount(str(value)) from exc
    if not amount.is_finite() or amount != amount.quantize(FEN, rounding="ROUND_DOWN"):
        raise BadAmount(str(value))
    if amount < 0 or (amount == 0 and not allow_zero) or amount > MAX_YUAN:
        raise BadAmount(str(value))
    return amount.quantize(FEN)


def to_fen(amount: Decimal) -> int:
    """Whole fen, for sums that must add up exactly across rows and reports."""
    return int((amount * 100).to_integral_value())


def from_fen(fen: int) -> Decimal:
    return (Decimal(fen) / 100).quantize(FEN)


def yuan(amount: Decimal) -> str:
    """¥1,234.50"""
    return f"¥{amount.quantize(FEN):,}"


def _four(n: int) -> str:
    """0 < n < 10000 in capitals, zeros inside collapsed to one 零, trailing zeros dropped."""
    text = ""
    zero = False
    for pos in range(3, -1, -1):
        digit = n // 10**pos % 10
        if digit == 0:
            zero = bool(text)
            continue
        if zero:
            text += "零"
            zero = False
        text += DIGITS[digit] + SMALL_UNITS[pos]
    return text


def _integer(n: int) -> str:
    groups: list[int] = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    text = ""
    pending_zero = False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            pending_zero = bool(text)
            continue
        if text and (pending_zero or group < 1000):
            text += "零"
        pending_zero = False
        text += _four(group) + BIG_UNITS[index]
    return text


def capitals(amount: Decimal) -> str:
    """大写金额 of a non-negative amount in yuan: 1234.50 → 壹仟贰佰叁拾肆元伍角整."""
    if amount < 0:
        raise BadAmount(str(amount))
    fen = to_fen(amount.quantize(FEN))
    whole, jiao, cents = fen // 100, fen // 10 % 10, fen % 10
    if fen == 0:
        return "零元整"
    text = _integer(whole) + "元" if whole else ""
    if jiao:
        text += DIGITS[jiao] + "角"
    elif whole and cents:
        text += "零"
    if cents:
        text += DIGITS[cents] + "分"
    else:
        text += "整"
    return text
