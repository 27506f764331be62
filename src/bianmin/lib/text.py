"""Small pieces of wording shared by messages in any language: how a list of names is joined."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import pgettext


def join_names(names: Iterable[Any]) -> str:
    """Names in one message: 居民身份证、户口簿 in Chinese, "ID card, household register" in English."""
    return pgettext("list separator", "、").join(str(name) for name in names)


def join_clauses(clauses: Iterable[Any]) -> str:
    """Clauses in one message: joined by a full-width semicolon in Chinese, by "; " in English."""
    return pgettext("list separator", "；").join(str(clause) for clause in clauses)
