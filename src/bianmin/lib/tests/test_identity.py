"""GB 11643 居民身份证 and GB 32100 统一社会信用代码 checks, and the one masking policy."""

import pytest

from bianmin.lib.errors import DomainError
from bianmin.lib.identity import (
    clean_credit_code,
    clean_phone,
    clean_resident_id,
    mask_id,
    mask_name,
    mask_phone,
)


@pytest.mark.parametrize("number", ["11010519491231002X", "11010519491231002x", "360781195803120024"])
def test_valid_resident_ids_pass(number):
    assert clean_resident_id(number) == number.upper()


def test_a_jiangxi_county_code_missing_from_code_lists_is_still_accepted():
    # 瑞金市 360781: python-stdnum's county list does not know it; the check digit decides
    assert clean_resident_id("360781195803120024") == "360781195803120024"


@pytest.mark.parametrize(
    "number",
    [
        "110105194912310021",  # wrong check digit (weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, mod 11)
        "11010519491331002X",  # month 13
        "99010519491231002X",  # no such province
        "1101051949123100",  # too short
        "",
    ],
)
def test_invalid_resident_ids_fail(number):
    assert clean_resident_id(number) is None


def test_credit_code():
    assert clean_credit_code("91110000600037341L") == "91110000600037341L"
    assert clean_credit_code("91110000600037341X") is None


def test_one_mask_everywhere_first_six_and_last_four():
    assert mask_id("11010519491231002X") == "110105********002X"
    assert mask_id("91110000600037341L") == "911100********341L"
    assert mask_name("张三") == "张*" and mask_name("欧阳小明") == "欧***"
    assert mask_phone("13800001234") == "138****1234"


def test_full_width_resident_id_is_stored_in_ascii_digits():
    """Issue 8 item 3: non-ASCII digits in ID numbers were stored as typed; full-width ones are folded."""
    assert clean_resident_id("１１０１０５１９４９１２３１００２Ｘ") == "11010519491231002X"


def test_superscript_digit_in_resident_id_is_refused_with_its_own_code():
    """Issue 8 item 3: ``110105194912310²2X`` made python-stdnum raise (500); it must not become a 2."""
    with pytest.raises(DomainError) as refused:
        clean_resident_id("110105194912310²2X")
    assert refused.value.code == "unusual_digits"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("13800001234", "13800001234"),
        ("138 0000 1234", "13800001234"),
        ("０７９７－１２３４５６７", "0797-1234567"),
        ("", ""),
    ],
)
def test_phone_numbers_are_stored_in_ascii_digits(typed, stored):
    """Issue 8 item 3: phones with non-ASCII digits were stored as typed."""
    assert clean_phone(typed) == stored


@pytest.mark.parametrize("typed", ["abc", "123", "0797--1234567", "-13800001234", "1" * 13])
def test_what_is_not_a_phone_number_is_refused(typed):
    assert clean_phone(typed) is None


def test_arabic_indic_digits_in_a_phone_are_refused_with_their_own_code():
    """Issue 8 item 3: Arabic-Indic digits were accepted and stored as typed."""
    with pytest.raises(DomainError) as refused:
        clean_phone("١٣٨٠٠٠٠١٢٣٤")
    assert refused.value.code == "unusual_digits"
