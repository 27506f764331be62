"""Form pieces shared by the counter and the hall."""

from __future__ import annotations

import uuid

from django import forms


def new_token() -> str:
    return uuid.uuid4().hex


def resubmit_token_field() -> forms.CharField:
    """A hidden token minted when the form is shown: submitting the same form twice (a double click, a
    retry after a lost answer, the back button) registers once, and the retry is shown the first result."""
    return forms.CharField(
        widget=forms.HiddenInput, required=False, max_length=64, initial=new_token, strip=True
    )
