"""The form in which people-typed strings are compared: identities (maker-checker) and
references (a bank transfer recorded once). Display keeps what was typed; comparison uses
``comparison_key``, so ``ICBC-1``, ``icbc-1`` and ``ＩＣＢＣ－１`` with a zero-width space, or
``fin-x`` and ``FIN-X `` are one and the same."""

from __future__ import annotations

import re
import unicodedata


def _ranges(codepoints: list[int]) -> str:
    out, start = [], None
    for cp, nxt in zip(codepoints, [*codepoints[1:], None], strict=True):
        start = cp if start is None else start
        if nxt != cp + 1:
            out.append(re.escape(chr(start)) if start == cp else f"{re.escape(chr(start))}-{re.escape(chr(cp))}")
            start = None
    return "".join(out)


#: Characters that render as nothing and are dropped before comparing: control (Cc) and
#: format (Cf: zero-width space, joiners, BOM, bidi marks) characters of the Basic
#: Multilingual Plane that are not whitespace (whitespace collapses to one space instead).
DROPPED = (
    "["
    + _ranges([cp for cp in range(0x10000) if unicodedata.category(chr(cp)) in ("Cc", "Cf") and not chr(cp).isspace()])
    + "]"
)
_DROPPED_RE = re.compile(DROPPED)
#: A JSON Schema ``pattern`` for text with at least one character that survives comparison
#: and no U+0000 (which PostgreSQL cannot store; see ``expro_shared.requests.Text``).
_DROPPED_BUT_NUL = "[" + _ranges([cp for cp in range(1, 0x10000) if _DROPPED_RE.fullmatch(chr(cp))]) + "]"
HAS_VISIBLE_PATTERN = rf"^(\s|{_DROPPED_BUT_NUL})*[^\s{DROPPED[1:-1]}][^\x00]*$"


def comparison_key(text: str) -> str:
    """NFKC (full-width and compatibility forms fold to their plain letters), control and
    format characters dropped, whitespace runs collapsed and trimmed, case folded."""
    return " ".join(_DROPPED_RE.sub("", unicodedata.normalize("NFKC", text)).split()).casefold()


def same_person(sub_a: str, sub_b: str) -> bool:
    """Maker-checker compares people, not spellings of their ``sub``."""
    return comparison_key(sub_a) == comparison_key(sub_b)
