"""GB 11643 居民身份证 and GB 32100 统一社会信用代码 checks, and the one masking policy."""

import pytest

from bianmin.lib.identity import clean_credit_code, clean_resident_id, mask_id, mask_name, mask_phone


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
