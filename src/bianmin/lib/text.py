"""Text shared by every app: how lists of names are joined, and what typed text is taken as.

What a citizen or a clerk types goes through one set of rules, so the API, the public pages and the counter
accept and refuse the same things with the same words:

- number fields (ID numbers, phones, credit codes) fold the full-width characters a Chinese input method
  produces (１１０１０５ → 110105) and refuse anything else that only looks like a digit (², ①, ٣, 〇) instead
  of guessing which digit was meant;
- names drop invisible characters (zero-width spaces) and refuse line breaks and control characters, which
  would break printed notices and could hide a different name behind the one shown;
- nothing anywhere carries a control character (checked at the edge, ``lib.middleware``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from bianmin.lib.errors import DomainError


def join_names(names: Iterable[Any]) -> str:
    """Names in one message: 居民身份证、户口簿 in Chinese, "ID card, household register" in English."""
    return pgettext("list separator", "、").join(str(name) for name in names)


def join_clauses(clauses: Iterable[Any]) -> str:
    """Clauses in one message: joined by a full-width semicolon in Chinese, by "; " in English."""
    return pgettext("list separator", "；").join(str(clause) for clause in clauses)


# --------------------------------------------------------------------------------------- control characters

# C0 controls, DEL and C1 controls. PostgreSQL cannot store NUL at all; the others have no place in a form
# value, a URL or a name, and some terminals and printers act on them.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
# Body text fields may span lines: tab, line feed and carriage return are allowed there, and nowhere else.
_CONTROL_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Half of a UTF-16 surrogate pair on its own: JSON can spell one ("\ud800"), but no database or encoder
# can store or send it.
_SURROGATE = re.compile("[\ud800-\udfff]")


def has_control_characters(text: str, *, multiline: bool = False) -> bool:
    """Whether ``text`` holds a control character or a lone surrogate; ``multiline`` allows tab/CR/LF."""
    pattern = _CONTROL_IN_TEXT if multiline else _CONTROL
    return pattern.search(text) is not None or _SURROGATE.search(text) is not None


def without_surrogates(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD, so it can always be encoded as UTF-8."""
    return _SURROGATE.sub("\ufffd", text)


# ------------------------------------------------------------------------------------------ number fields


def fold_width(text: str) -> str:
    """Full-width forms to their ASCII twins (０-９, Ａ-Ｚ, the ideographic space), nothing else.

    NFKC, but only where it is right: it also turns ² into 2 and ① into 1, and a number that was typed
    with a superscript was not typed the way it is meant to be read.
    """
    return "".join(
        unicodedata.normalize("NFKC", ch) if unicodedata.decomposition(ch).startswith("<wide>") else ch
        for ch in text
    )


def number_text(value: Any) -> str:
    """What was typed into a number field, in ASCII: full-width folded, spaces removed, letters upper-case.

    Raises ``DomainError("unusual_digits")`` when a character reads as a number but is not 0-9: superscripts
    and subscripts (²), circled numbers (①), other scripts' digits (٣, ۳), Chinese numerals (〇, 一).
    """
    text = "".join(fold_width(str(value or "")).split()).upper()
    for ch in text:
        if ch.isnumeric() and not ("0" <= ch <= "9"):
            raise DomainError(
                "unusual_digits",
                _("号码中的“%(char)s”不是 0-9 的数字，请用普通数字填写") % {"char": ch},
            )
    return text


# ------------------------------------------------------------------------------------------------- names

# Invisible characters a copy and paste brings along; they carry nothing and are dropped.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff"))


def row_id(value: Any) -> int | None:
    """A row's id as typed in a URL or a form, or None: ASCII digits only (not ², ①, ٣, which ``str.isdigit``
    accepts and ``int`` may not) and at most 18 of them, so it fits a bigint column."""
    text = str(value)
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


def clean_person_name(value: Any) -> str:
    """A person's or an organization's name as it is stored and printed: outer whitespace and invisible
    characters dropped, inner runs of spaces (also the ideographic space) made one space. May be empty;
    the caller decides whether a name is required.

    Raises ``DomainError("invalid_name")`` for a line break, a control character or a bidirectional
    override inside the name. The name is otherwise kept exactly as typed: no NFKC, which would change
    CJK compatibility ideographs, and rare characters a font or Python does not know yet are allowed.
    """
    text = str(value or "").translate(_INVISIBLE).strip()
    for ch in text:
        category = unicodedata.category(ch)
        if category in {"Cc", "Cf", "Cs", "Zl", "Zp"}:
            raise DomainError("invalid_name", _("姓名或名称中不能有换行、控制字符或不可见字符"))
    return " ".join(text.split())


# ------------------------------------------------------------------------------------------------- files

_UNSAFE_IN_FILE_NAME = re.compile(r"[^\w-]+")


def download_name(original: str, extension: str, fallback: str) -> str:
    """The name a stored file is offered under: the stem of the name it was uploaded with, letters (CJK
    too), digits, ``-`` and ``_`` only, and the ``extension`` of what the file really is. An upload named
    ``x.html`` that is a PDF downloads as ``x.pdf``, never as a page a browser would open and run."""
    stem = original.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    stem = _UNSAFE_IN_FILE_NAME.sub("_", stem).strip("_")[:80]
    return (stem or fallback) + extension


# ------------------------------------------------------------------------------------------------- forms


def clean_form_fields(form: forms.Form, cleaners: Mapping[str, Callable[[Any], str]]) -> None:
    """Run the cleaners above over a validated form's fields (``{"name": clean_person_name, …}``), from
    its ``clean()``: a refusal becomes that field's error, in the words the API and the actions use."""
    for name, clean in cleaners.items():
        if name not in form.cleaned_data:
            continue
        try:
            form.cleaned_data[name] = clean(form.cleaned_data[name])
        except DomainError as exc:
            form.add_error(name, forms.ValidationError(str(exc.message), code=exc.code))
