"""The annual report, pure: hand-computed figures from hand-made events, by business dates."""

from __future__ import annotations

from typing import Any

import pytest

from audit_svc.reports.domain import (
    AGREEMENT_SIGNED,
    DECISION_MADE,
    DEMOLITION_RECORDED,
    DISBURSEMENT_PAID,
    JUDICIAL_PROCEDURE_STARTED,
    LAND_AGREEMENT_SIGNED,
    LAND_CLEARED,
    PROJECT_REGISTERED,
    UNITS_IMPORTED,
    annual_figures,
    hundredths,
    two_decimals,
    wan_yuan,
    whole_m2,
)

STATE, COLLECTIVE, UNKNOWN = "p-state", "p-collective", "p-unregistered"
Event = tuple[str, dict[str, Any]]


def registered(project: str, land_type: str) -> Event:
    return PROJECT_REGISTERED, {"project_id": project, "land_type": land_type}


def agreement(project: str, household: str, area: str, signed_on: str) -> Event:
    return AGREEMENT_SIGNED, {"project_id": project, "household_id": household, "area_m2": area, "signed_on": signed_on}


def decision(project: str, household: str, area: str, decided_on: str) -> Event:
    data = {"project_id": project, "household_id": household, "area_m2": area, "decided_on": decided_on}
    return DECISION_MADE, data


def paid(
    project: str,
    amount: str,
    paid_on: str,
    *,
    category: str = "compensation",
    household: str = "h-x",
    fee: str | None = None,
    on_behalf: str | None = None,
) -> Event:
    transition = None if fee is None else {"kind": fee, "period_from": "2021-01-01", "period_to": "2021-12-31"}
    return DISBURSEMENT_PAID, {
        "project_id": project,
        "disbursement_id": f"d-{project}-{amount}-{paid_on}",
        "category": category,
        "amount": amount,
        "household_id": household,
        "agreement_id": None,
        "transition_fee": transition,
        "paid_on_behalf_of": on_behalf,
        "paid_on": paid_on,
    }


EVENTS: list[Event] = [
    registered(STATE, "state_owned"),
    registered(COLLECTIVE, "collective"),
    # state-owned: 3 distinct households in 2022 (h1, h2 signed; h4 decided), 350.75 ㎡
    agreement(STATE, "h1", "100.50", "2022-03-01"),
    agreement(STATE, "h2", "200.25", "2022-12-31"),
    agreement(STATE, "h3", "999.00", "2021-12-31"),  # another year
    decision(STATE, "h4", "50.00", "2022-06-30"),
    agreement(UNKNOWN, "h8", "70.00", "2022-05-05"),  # a project the trail never saw registered
    (AGREEMENT_SIGNED, {"project_id": STATE, "household_id": "h7", "area_m2": "abc", "signed_on": "2022-01-01"}),
    # compensation paid on the state-owned project: 40,000,000 + 2,065,358 = 42,065,358 yuan
    paid(STATE, "40000000.00", "2022-01-15"),
    paid(STATE, "2065358.00", "2022-11-15"),
    paid(STATE, "1.00", "2023-01-01"),  # next year
    paid(STATE, "5000.00", "2022-02-02", category="demolition"),  # not compensation
    paid(COLLECTIVE, "7000.00", "2022-02-02"),  # collective: not counted as state-owned compensation
    # transition fees: late delivery 500,000 + 668,000 = 1,168,000 yuan (116.8万元)
    paid(STATE, "500000.00", "2022-04-01", category="temporary_resettlement", household="h1", fee="late_delivery"),
    paid(STATE, "668000.00", "2022-05-01", category="temporary_resettlement", household="h2", fee="late_delivery"),
    paid(STATE, "1000.00", "2022-05-01", category="temporary_resettlement", household="h1", fee="transition"),
    paid(COLLECTIVE, "2500.00", "2022-07-01", category="temporary_resettlement", household="h9", fee="transition"),
    paid(
        STATE,
        "3000.00",
        "2022-08-01",
        category="temporary_resettlement",
        household="h5",
        fee="late_delivery",
        on_behalf="某区住建局",
    ),
    paid(STATE, "9999.00", "2021-08-01", category="temporary_resettlement", household="h6", fee="transition"),
    # demolitions, clearances, land agreements, court enforcement
    (DEMOLITION_RECORDED, {"project_id": STATE, "area_m2": "1000.40", "buildings": 3, "demolished_on": "2022-09-09"}),
    (
        DEMOLITION_RECORDED,
        {"project_id": COLLECTIVE, "area_m2": "80.00", "buildings": 4, "demolished_on": "2022-09-09"},
    ),
    (
        DEMOLITION_RECORDED,
        {"project_id": COLLECTIVE, "area_m2": "80.00", "buildings": 9, "demolished_on": "2021-09-09"},
    ),
    (LAND_CLEARED, {"project_id": STATE, "area_mu": "12.5", "cleared_on": "2022-10-01"}),
    (LAND_CLEARED, {"project_id": STATE, "area_mu": "3.25", "cleared_on": "2022-10-20"}),
    (LAND_CLEARED, {"project_id": COLLECTIVE, "area_mu": "40.00", "cleared_on": "2022-10-20"}),
    (LAND_AGREEMENT_SIGNED, {"project_id": COLLECTIVE, "area_mu": "30.00", "signed_on": "2022-02-01"}),
    (LAND_AGREEMENT_SIGNED, {"project_id": COLLECTIVE, "area_mu": "10.00", "signed_on": "2022-02-03"}),
    (LAND_AGREEMENT_SIGNED, {"project_id": COLLECTIVE, "area_mu": "10.00", "signed_on": "2020-02-03"}),
    agreement(COLLECTIVE, "h9", "120.00", "2022-03-03"),
    (JUDICIAL_PROCEDURE_STARTED, {"project_id": STATE, "household_id": "h3", "filed_on": "2022-11-11"}),
    (JUDICIAL_PROCEDURE_STARTED, {"project_id": COLLECTIVE, "household_id": "h10", "filed_on": "2022-11-11"}),
    (JUDICIAL_PROCEDURE_STARTED, {"project_id": COLLECTIVE, "household_id": "h11", "filed_on": "2022-01-11"}),
    (
        UNITS_IMPORTED,
        {
            "project_id": None,
            "units": [
                {"unit_id": "u1", "completed_on": "2022-06-01"},
                {"unit_id": "u2", "completed_on": "2022-06-01"},
                {"unit_id": "u3", "completed_on": "2021-06-01"},
            ],
        },
    ),
    (UNITS_IMPORTED, {"project_id": None, "units": [{"unit_id": "u4", "completed_on": "2022-12-31"}]}),
]


def test_the_report_of_a_year_counts_by_business_dates() -> None:
    report = annual_figures(2022, EVENTS).as_report()
    assert report == {
        "state_owned": {
            "households_expropriated": 3,
            "area_m2": "350.75",
            "compensation_paid": "42065358.00",
            "demolished_area_m2": "1000.40",
            "land_cleared_mu": "15.75",
            "projects_cleared": 1,
            "judicial_procedures_started": 1,
        },
        "collective": {
            "land_agreements": 2,
            "house_agreements": 1,
            "buildings_demolished": 4,
            "judicial_procedures_started": 2,
        },
        "transition_fees": {
            "households": 4,
            "state_owned_late": {"households": 2, "amount": "1168000.00"},
            "state_owned_other": {"households": 1, "amount": "1000.00"},
            "collective": {"households": 1, "amount": "2500.00"},
            "paid_on_behalf": {"households": 1, "amount": "3000.00"},
        },
        "resettlement_housing": {"units_completed": 3},
        "text_zh": (
            "2022年，市区总计新增国有土地上房屋征收3户，面积351㎡，支付房屋征收补偿款4206.5358万元，"
            "拆除房屋面积1000㎡，腾空土地15.75亩，完成1个项目的土地腾空，申请人民法院强制执行1件；"
            "集体土地征收签订土地征收补偿协议2份、房屋征收补偿协议1份，拆除房屋4栋，申请人民法院强制执行2件；"
            "发放过渡费4户，其中国有土地上逾期安置过渡费2户116.8万元、其他过渡费1户0.1万元，"
            "集体土地过渡费1户0.25万元，代为发放过渡费1户0.3万元；安置房竣工3套。"
        ),
    }


def test_another_year_counts_only_its_own_steps() -> None:
    report = annual_figures(2021, EVENTS).as_report()
    assert report["state_owned"]["households_expropriated"] == 1
    assert report["state_owned"]["area_m2"] == "999.00"
    assert report["state_owned"]["compensation_paid"] == "0.00"
    assert report["collective"]["buildings_demolished"] == 9
    assert report["transition_fees"]["state_owned_other"] == {"households": 1, "amount": "9999.00"}
    assert report["resettlement_housing"]["units_completed"] == 1
    assert report["text_zh"].startswith(
        "2021年，市区总计新增国有土地上房屋征收1户，面积999㎡，支付房屋征收补偿款0万元，"
    )


def test_an_empty_trail_gives_zeros() -> None:
    report = annual_figures(2014, []).as_report()
    assert report["state_owned"]["compensation_paid"] == "0.00"
    assert report["transition_fees"]["paid_on_behalf"] == {"households": 0, "amount": "0.00"}


@pytest.mark.parametrize(
    ("fen", "text"),
    [
        (4_206_535_800, "4206.5358"),
        (116_800_000, "116.8"),
        (1_000_000, "1"),
        (0, "0"),
        (1, "0.000001"),
        (123_456_789_012, "123456.789012"),
    ],
)
def test_wan_yuan_has_no_trailing_zeros(fen: int, text: str) -> None:
    assert wan_yuan(fen) == text


def test_square_metres_are_whole_and_mu_have_two_decimals() -> None:
    assert whole_m2(hundredths("13716.00")) == "13716"
    assert whole_m2(hundredths("13716.49")) == "13716"
    assert whole_m2(hundredths("13716.5")) == "13717"
    assert two_decimals(hundredths("12.5")) == "12.50"
    assert two_decimals(hundredths("0.05")) == "0.05"
    assert hundredths("7") == 700
    for bad in ("1e3", "-1", "1.234", "", None, 3.5):
        with pytest.raises(ValueError):
            hundredths(bad)
