"""The form in which people-typed strings are compared: identities (maker-checker) and
references (a bank transfer recorded once). Display keeps what was typed; comparison uses
``comparison_key``, so ``ICBC-1``, ``icbc-1`` and ``ICBC‑1`` with a zero-width space, or
``fin-x`` and ``FIN-X `` are one and the same."""

from __future__ import annotations

import unicodedata

#: Unicode categories that render as nothing: format (zero-width space, joiners, BOM, bidi
#: marks) and control characters.
_INVISIBLE = frozenset({"Cf", "Cc"})


def comparison_key(text: str) -> str:
    """NFKC (full-width and compatibility forms fold to their plain letters), invisible
    characters removed, whitespace runs collapsed and trimmed, case folded."""
    folded = unicodedata.normalize("NFKC", text)
    visible = "".join(ch for ch in folded if unicodedata.category(ch) not in _INVISIBLE or ch.isspace())
    return " ".join(visible.split()).casefold()


def same_person(sub_a: str, sub_b: str) -> bool:
    """Maker-checker compares people, not spellings of their ``sub``."""
    return comparison_key(sub_a) == comparison_key(sub_b)
