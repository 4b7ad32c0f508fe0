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
