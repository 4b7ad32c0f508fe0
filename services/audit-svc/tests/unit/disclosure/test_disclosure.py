"""The public disclosure, pure: masking, and what is (and is not) disclosed."""

from __future__ import annotations

import json

import pytest

from audit_svc.disclosure.domain import (
    AGREEMENT_SIGNED,
    DECISION_MADE,
    HOUSEHOLD_REGISTERED,
    PLAN_APPROVED,
    PROJECT_REGISTERED,
    disclosure,
    mask_id_number,
    mask_name,
)


@pytest.mark.parametrize(
    ("name", "masked"), [("张三", "张*"), ("张三丰", "张**"), ("欧阳娜娜", "欧***"), ("张", "*"), ("", "")]
)
def test_a_name_keeps_only_its_first_character(name: str, masked: str) -> None:
    assert mask_name(name) == masked


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("431202199001011234", "4312**********1234"),
        ("43120219900101123X", "4312**********123X"),
        ("431202900101123", "4312*******1123"),  # 15-digit (first generation)
        ("12345678", "********"),
        ("", ""),
    ],
)
def test_an_id_number_keeps_its_first_and_last_four(number: str, masked: str) -> None:
    assert mask_id_number(number) == masked


P = "p-1"
EVENTS = [
    (PROJECT_REGISTERED, {"project_id": P, "code": "ZS-1", "name": "城南片区", "land_type": "state_owned",
                          "district": "城南区", "owner_unit": "城投公司"}),
    (HOUSEHOLD_REGISTERED, {"project_id": P, "household_id": "h1", "head_name": "张三丰",
                            "id_number": "431202199001011234", "address": "城南路1号", "members": 4,
                            "registered_area_m2": "120.00", "unregistered": [{"area_m2": "10.00",
                            "classification": "合法"}], "phone": "13800000000"}),
    (HOUSEHOLD_REGISTERED, {"project_id": "p-other", "household_id": "h9", "head_name": "李四",
                            "id_number": "431202199001019999", "address": "x", "members": 1,
                            "registered_area_m2": "1.00", "unregistered": []}),
    (PLAN_APPROVED, {"project_id": P, "plan_id": "plan-1", "approved_on": "2022-02-01", "changes": "无",
                     "standards": [{"item": "house_value", "rule": "评估价"}]}),
    (DECISION_MADE, {"project_id": P, "household_id": "h1", "area_m2": "120.00", "items": [],
                     "total": "1.00", "decided_on": "2022-05-01"}),
    (AGREEMENT_SIGNED, {"project_id": P, "household_id": "h1", "kind": "monetary", "area_m2": "120.00",
                        "items": [{"item": "house_value", "amount": "900000.00"}], "total": "900000.00",
                        "signed_on": "2022-06-01", "payment_due_on": "2022-07-01"}),
]  # fmt: skip


def test_the_disclosure_shows_survey_standards_and_results_masked() -> None:
    found = disclosure(P, EVENTS)
    assert found is not None
    assert found["project"]["code"] == "ZS-1"
    assert found["survey"] == [
        {
            "household_id": "h1",
            "head_name": "张**",
            "id_number": "4312**********1234",
            "address": "城南路1号",
            "members": 4,
            "registered_area_m2": "120.00",
            "unregistered": [{"area_m2": "10.00", "classification": "合法"}],
        }
    ]
    assert found["standards"] == {
        "plan_id": "plan-1",
        "approved_on": "2022-02-01",
        "standards": [{"item": "house_value", "rule": "评估价"}],
    }
    # the agreement signed after the decision is the household's result
    assert found["household_results"] == [
        {
            "household_id": "h1",
            "head_name": "张**",
            "outcome": "agreement",
            "kind": "monetary",
            "area_m2": "120.00",
            "items": [{"item": "house_value", "amount": "900000.00"}],
            "total": "900000.00",
            "on": "2022-06-01",
        }
    ]
    text = json.dumps(found, ensure_ascii=False)
    for secret in ("张三丰", "431202199001011234", "13800000000", "李四", "p-other"):
        assert secret not in text


def test_a_project_the_trail_never_saw_registered_has_no_disclosure() -> None:
    assert disclosure("p-unknown", EVENTS) is None
