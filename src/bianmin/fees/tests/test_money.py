"""大写金额 and exact money (issue 14: the receipt prints ¥1,234.50 as 壹仟贰佰叁拾肆元伍角整; money is Decimal
in fen-exact columns, never float). The 非税收入 receipt convention: a leading ten is 壹拾."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bianmin.fees.money import BadAmount, capitals, from_fen, parse_amount, to_fen, yuan


@pytest.mark.parametrize(
    ("amount", "written"),
    [
        ("0.05", "伍分"),
        ("0.50", "伍角整"),
        ("0.55", "伍角伍分"),
        ("1", "壹元整"),
        ("1.05", "壹元零伍分"),
        ("10", "壹拾元整"),
        ("10.10", "壹拾元壹角整"),
        ("15", "壹拾伍元整"),
        ("101", "壹佰零壹元整"),
        ("110", "壹佰壹拾元整"),
        ("1004.05", "壹仟零肆元零伍分"),
        ("1010", "壹仟零壹拾元整"),
        ("1234.50", "壹仟贰佰叁拾肆元伍角整"),
        ("10001", "壹万零壹元整"),
        ("100000", "壹拾万元整"),
        ("100010", "壹拾万零壹拾元整"),
        ("105000", "壹拾万伍仟元整"),
        ("1000000", "壹佰万元整"),
        ("10000001", "壹仟万零壹元整"),
        ("200000000", "贰亿元整"),
        ("120000000.30", "壹亿贰仟万元叁角整"),
        ("9999999999.99", "玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
        ("0", "零元整"),
    ],
)
def test_amount_in_chinese_capitals_as_the_non_tax_receipt_writes_it(amount: str, written: str) -> None:
    """Issue 14: "amount in figures and in Chinese capitals 壹贰叁…"; 1234.50 → 壹仟贰佰叁拾肆元伍角整."""
    assert capitals(Decimal(amount)) == written


def test_figures_are_printed_with_the_yuan_sign_and_thousands() -> None:
    assert yuan(Decimal("1234.5")) == "¥1,234.50"


@pytest.mark.parametrize(
    "typed", ["0", "0.00", "-1", "1.234", "abc", "", "NaN", "Infinity", "1e3x", "10000000000"]
)
def test_amounts_that_are_not_money_are_refused(typed: str) -> None:
    """Issue 14: reject amounts with more than 2 decimals, negative, zero."""
    with pytest.raises(BadAmount):
        parse_amount(typed)


def test_a_float_is_refused_because_it_does_not_hold_fen_exactly() -> None:
    with pytest.raises(BadAmount):
        parse_amount(0.1)


def test_zero_is_allowed_only_when_asked() -> None:
    assert parse_amount("0", allow_zero=True) == Decimal("0.00")


def test_money_adds_up_exactly_in_fen() -> None:
    """Money arithmetic exact: ten payments of ¥0.10 are ¥1.00, not 0.9999999."""
    total = sum((parse_amount("0.10") for _ in range(10)), Decimal("0"))
    assert total == Decimal("1.00") and to_fen(total) == 100
    assert from_fen(to_fen(parse_amount("1234.50"))) == Decimal("1234.50")
    assert parse_amount(" 80 ") == Decimal("80.00")
