"""Small helpers for messages people read, shared by the CLI and the GUI (no Qt here)."""

from __future__ import annotations


def counted(n: int, noun: str, plural: str = "") -> str:
    """ "1 contact", "2 contacts", "1,200 pairs": messages read better than "contact(s)"."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"
