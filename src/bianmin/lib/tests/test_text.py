"""What typed text is taken as: number fields in ASCII digits, names without line breaks or invisible
characters, no control characters, download names by what a file really is."""

import pytest

from bianmin.lib.errors import DomainError
from bianmin.lib.parsers import json_too_deep
from bianmin.lib.text import (
    clean_person_name,
    download_name,
    fold_width,
    has_control_characters,
    number_text,
    without_surrogates,
)


def test_full_width_digits_from_a_chinese_input_method_are_read_as_ascii_digits():
    """Issue 8 item 3: store canonical ASCII digits; NFKC where right (full-width → ASCII)."""
    assert number_text("１１０１０５　１９４９１２３１００２ｘ") == "11010519491231002X"
    assert fold_width("０７９７－１２３４５") == "0797-12345"


@pytest.mark.parametrize(
    "typed",
    [
        "110105194912310²2X",  # superscript two: NFKC would silently make it a 2
        "13800₀00000",  # subscript
        "1380000000①",  # circled one
        "١٣٨٠٠٠٠٠٠٠٠",  # Arabic-Indic digits
        "۱۳۸۰۰۰۰۰۰۰۰",  # Extended Arabic-Indic (Persian) digits
        "0797-〇〇〇〇",  # ideographic zero
    ],
)
def test_characters_that_only_look_like_digits_are_refused_not_guessed(typed):
    """Issue 8 item 3: superscripts must NOT silently become other digits — refuse them with a clear code."""
    with pytest.raises(DomainError) as refused:
        number_text(typed)
    assert refused.value.code == "unusual_digits"


def test_a_name_of_zero_width_spaces_is_no_name():
    """Issue 8 item 3: names that are only zero-width spaces were accepted."""
    assert clean_person_name("\u200b\u200b\ufeff") == ""
    assert clean_person_name(" 张\u200b三 ") == "张三"


@pytest.mark.parametrize("name", ["张\n三", "张\r\n三", "张\u2028三", "张\t三", "abc\u202edef", "张\x00三"])
def test_a_name_with_a_line_break_control_or_direction_override_is_refused(name):
    """Issue 8 item 3: names that contain line breaks were accepted (and printed so on notices)."""
    with pytest.raises(DomainError) as refused:
        clean_person_name(name)
    assert refused.value.code == "invalid_name"


def test_a_name_is_otherwise_kept_as_typed():
    # Outer whitespace (a pasted trailing newline) goes, inner runs become one space, and CJK
    # compatibility ideographs are not normalised into other characters.
    assert clean_person_name("  阿依古丽·买买提\n") == "阿依古丽·买买提"
    assert clean_person_name("John\u3000\u3000Smith") == "John Smith"
    assert clean_person_name("\uf900") == "\uf900"


def test_control_characters_and_lone_surrogates_are_found_tab_and_line_breaks_only_in_text():
    """Issue 8 item 2: reject NUL and other C0/C1 control characters (except tab/CR/LF in body text)."""
    for bad in ("\x00", "\x1b", "\x7f", "\x85", "\ud800"):
        assert has_control_characters(f"a{bad}b")
        assert has_control_characters(f"a{bad}b", multiline=True)
    assert has_control_characters("a\tb\r\nc")
    assert not has_control_characters("a\tb\r\nc", multiline=True)
    assert not has_control_characters("张三 0797-12345")
    assert without_surrogates("a\ud800b") == "a\ufffdb"


def test_an_upload_named_html_downloads_under_the_extension_of_what_it_is():
    """Issue 8 item 8: an uploaded file named x.html downloaded as x.html."""
    assert download_name("x.html", ".pdf", "material-1") == "x.pdf"
    assert download_name("身份证 正面.JPG", ".jpg", "material-1") == "身份证_正面.jpg"
    assert download_name('..\\..\\"<script>.html', ".png", "material-7") == "script.png"
    assert download_name(".html", ".pdf", "material-9") == "material-9.pdf"


def test_json_nesting_is_measured_without_parsing():
    """Issue 8 item 3: 1,000-deep nested JSON ended in RecursionError."""
    assert json_too_deep("[" * 1000 + "]" * 1000)
    assert not json_too_deep('{"a": [[{"b": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}]]]}')
    assert not json_too_deep('{"s": "\\"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}')
