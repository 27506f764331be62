"""Pinyin initials for search (低保申请 → dbsq)."""

from pypinyin import Style, lazy_pinyin


def initials(text: str) -> str:
    letters = lazy_pinyin(text, style=Style.FIRST_LETTER, errors="default")
    return "".join(ch for ch in "".join(letters).lower() if ch.isalnum())
