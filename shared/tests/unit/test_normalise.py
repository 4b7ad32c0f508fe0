"""People-typed strings compared as people mean them."""

import pytest

from expro_shared.normalise import comparison_key, same_person


@pytest.mark.parametrize(
    "spelling",
    ["ICBC-1", "icbc-1", "ＩＣＢＣ－１", "ICBC-1\u200b", "\ufeffICBC-1", "ICBC\u2060-1", "  ICBC-1  ", "ICBC-1\t"],
)
def test_spellings_of_one_reference_share_one_key(spelling: str) -> None:
    assert comparison_key(spelling) == "icbc-1"


def test_different_references_keep_different_keys() -> None:
    assert comparison_key("ICBC-1") != comparison_key("ICBC-10")
    assert comparison_key("ICBC 1") != comparison_key("ICBC1"), "inner space is kept (collapsed)"
    assert comparison_key("ICBC  1") == comparison_key("ICBC 1")


def test_invisible_only_text_has_an_empty_key() -> None:
    assert comparison_key("\u200b\u200c\ufeff") == ""


def test_maker_checker_compares_people_not_spellings() -> None:
    assert same_person("fin-x", "FIN-X ")
    assert same_person("财务-甲", "财务-甲\u200b")
    assert not same_person("fin-x", "fin-y")


def test_the_schema_pattern_and_the_comparison_agree_on_every_character() -> None:
    """What the OpenAPI pattern accepts is exactly what keeps a non-empty key, so a
    schema-valid reference is never refused for having no visible character."""
    import re
    import sys

    from expro_shared.normalise import HAS_VISIBLE_PATTERN

    pattern = re.compile(HAS_VISIBLE_PATTERN)
    for cp in range(sys.maxunicode + 1):
        if 0xD800 <= cp <= 0xDFFF:
            continue  # lone surrogates are not text
        ch = chr(cp)
        assert bool(pattern.search(ch)) == bool(comparison_key(ch)), hex(cp)
