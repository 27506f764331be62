"""Checking uploaded files by their content, not their name: only PDF, JPEG and PNG are taken."""

from __future__ import annotations

SIGNATURES = {
    b"%PDF-": ("application/pdf", ".pdf"),
    b"\xff\xd8\xff": ("image/jpeg", ".jpg"),
    b"\x89PNG\r\n\x1a\n": ("image/png", ".png"),
}


def sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) for a file starting with ``head``, or None when it is not allowed."""
    for magic, kind in SIGNATURES.items():
        if head.startswith(magic):
            return kind
    return None
