"""The annual report (年度统计), pure: computed from sealed events alone, by business dates.

Every figure counts a step in the year its business date falls in (``signed_on``,
``decided_on``, ``paid_on``, ``demolished_on``, ``cleared_on``, ``filed_on``,
``completed_on``), never the time a record was written. A project's land type comes from
its ``project_registered``; a step of a project the trail never saw registered counts only
where the land type does not matter (the paid-on-behalf fees, the housing stock). Data that
does not parse (the trail keeps broken events too) is left out.

Money is integer fen, areas integer hundredths (㎡ or 亩): floats never touch them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

AGREEMENT_SIGNED = "expro.project.agreement_signed.v1"
DECISION_MADE = "expro.project.compensation_decision_made.v1"
PROJECT_REGISTERED = "expro.project.project_registered.v1"
DEMOLITION_RECORDED = "expro.project.demolition_recorded.v1"
LAND_CLEARED = "expro.project.land_cleared.v1"
LAND_AGREEMENT_SIGNED = "expro.project.land_agreement_signed.v1"
JUDICIAL_PROCEDURE_STARTED = "expro.project.judicial_procedure_started.v1"
DISBURSEMENT_PAID = "expro.fund.disbursement_paid.v1"
UNITS_IMPORTED = "expro.housing.units_imported.v1"

#: The event types the report reads (the trail is filtered to these before the walk).
TYPES = (
    PROJECT_REGISTERED,
    AGREEMENT_SIGNED,
    DECISION_MADE,
    DEMOLITION_RECORDED,
    LAND_CLEARED,
    LAND_AGREEMENT_SIGNED,
    JUDICIAL_PROCEDURE_STARTED,
    DISBURSEMENT_PAID,
    UNITS_IMPORTED,
)

STATE_OWNED, COLLECTIVE = "state_owned", "collective"
_DECIMAL = re.compile(r"^(0|[1-9][0-9]{0,14})(\.[0-9]{1,2})?$")


def hundredths(text: Any) -> int:
    """``"13716.5"`` → 1371650: a two-decimal string as an integer of hundredths."""
    if not isinstance(text, str) or not _DECIMAL.match(text):
        raise ValueError(f"not a decimal with at most two places: {text!r}")
    whole, _, frac = text.partition(".")
    return int(whole) * 100 + int(frac.ljust(2, "0"))


def two_decimals(value: int) -> str:
    """Hundredths (or fen) as ``"1234.50"``."""
    return f"{value // 100}.{value % 100:02d}"


def wan_yuan(fen: int) -> str:
    """Fen as 万元 (yuan ÷ 10,000) without trailing zeros: 42065358000 fen → ``"4206.5358"``."""
    whole, frac = divmod(fen, 1_000_000)
    digits = f"{frac:06d}".rstrip("0")
    return f"{whole}.{digits}" if digits else str(whole)


def whole_m2(value: int) -> str:
    """Hundredths of ㎡ as whole ㎡, rounded half up: 1371650 → ``"13717"``."""
    return str((value + 50) // 100)


@dataclass
class Tally:
    """Distinct households and an amount (fen)."""

    households: set[str] = field(default_factory=set)
    amount: int = 0

    def add(self, household: str, fen: int) -> None:
        self.households.add(household)
        self.amount += fen


@dataclass
class AnnualFigures:
    year: int
    # state-owned land (国有土地上房屋征收)
    households_expropriated: set[str] = field(default_factory=set)
    area_m2: int = 0
    compensation_paid: int = 0
    demolished_area_m2: int = 0
    land_cleared_mu: int = 0
    projects_cleared: set[str] = field(default_factory=set)
    judicial_state_owned: int = 0
    # collective land (集体土地征收)
    land_agreements: int = 0
    house_agreements: int = 0
    buildings_demolished: int = 0
    judicial_collective: int = 0
    # transition fees (过渡费)
    fee_households: set[str] = field(default_factory=set)
    state_owned_late: Tally = field(default_factory=Tally)
    state_owned_other: Tally = field(default_factory=Tally)
    collective_fees: Tally = field(default_factory=Tally)
    paid_on_behalf: Tally = field(default_factory=Tally)
    # resettlement housing (安置房)
    units_completed: int = 0

    def as_report(self) -> dict[str, Any]:
        """The report's JSON: exactly the keys of DESIGN §7.4."""

        def tally(t: Tally) -> dict[str, Any]:
            return {"households": len(t.households), "amount": two_decimals(t.amount)}

        return {
            "state_owned": {
                "households_expropriated": len(self.households_expropriated),
                "area_m2": two_decimals(self.area_m2),
                "compensation_paid": two_decimals(self.compensation_paid),
                "demolished_area_m2": two_decimals(self.demolished_area_m2),
                "land_cleared_mu": two_decimals(self.land_cleared_mu),
                "projects_cleared": len(self.projects_cleared),
                "judicial_procedures_started": self.judicial_state_owned,
            },
            "collective": {
                "land_agreements": self.land_agreements,
                "house_agreements": self.house_agreements,
                "buildings_demolished": self.buildings_demolished,
                "judicial_procedures_started": self.judicial_collective,
            },
            "transition_fees": {
                "households": len(self.fee_households),
                "state_owned_late": tally(self.state_owned_late),
                "state_owned_other": tally(self.state_owned_other),
                "collective": tally(self.collective_fees),
                "paid_on_behalf": tally(self.paid_on_behalf),
            },
            "resettlement_housing": {"units_completed": self.units_completed},
            "text_zh": self.text_zh(),
        }

    def text_zh(self) -> str:
        """The paragraph as the center writes it in its annual performance report."""
        t = self
        return (
            f"{t.year}年，市区总计新增国有土地上房屋征收{len(t.households_expropriated)}户，"
            f"面积{whole_m2(t.area_m2)}㎡，支付房屋征收补偿款{wan_yuan(t.compensation_paid)}万元，"
            f"拆除房屋面积{whole_m2(t.demolished_area_m2)}㎡，腾空土地{two_decimals(t.land_cleared_mu)}亩，"
            f"完成{len(t.projects_cleared)}个项目的土地腾空，申请人民法院强制执行{t.judicial_state_owned}件；"
            f"集体土地征收签订土地征收补偿协议{t.land_agreements}份、房屋征收补偿协议{t.house_agreements}份，"
            f"拆除房屋{t.buildings_demolished}栋，申请人民法院强制执行{t.judicial_collective}件；"
            f"发放过渡费{len(t.fee_households)}户，其中国有土地上逾期安置过渡费{len(t.state_owned_late.households)}户"
            f"{wan_yuan(t.state_owned_late.amount)}万元、其他过渡费{len(t.state_owned_other.households)}户"
            f"{wan_yuan(t.state_owned_other.amount)}万元，集体土地过渡费{len(t.collective_fees.households)}户"
            f"{wan_yuan(t.collective_fees.amount)}万元，代为发放过渡费{len(t.paid_on_behalf.households)}户"
            f"{wan_yuan(t.paid_on_behalf.amount)}万元；安置房竣工{t.units_completed}套。"
        )


def _in(year: int, value: Any) -> bool:
    """Whether the business date ``value`` (RFC 3339 full-date) falls in ``year``."""
    return isinstance(value, str) and date.fromisoformat(value).year == year


def annual_figures(year: int, events: Iterable[tuple[str, Mapping[str, Any]]]) -> AnnualFigures:
    """The figures of ``year`` from sealed events ``(type, data)`` in trail order."""
    rows = list(events)
    land: dict[str, str] = {}
    for kind, data in rows:
        if kind == PROJECT_REGISTERED and isinstance(data.get("project_id"), str):
            land[data["project_id"]] = str(data.get("land_type"))
    f = AnnualFigures(year)
    for kind, data in rows:
        try:
            _count(f, year, kind, data, land.get(str(data.get("project_id"))))
        except (ValueError, TypeError, KeyError, AttributeError):
            continue  # data that breaks its contract is not counted (it stays on the trail)
    return f


def _count(f: AnnualFigures, year: int, kind: str, d: Mapping[str, Any], land: str | None) -> None:
    if kind in (AGREEMENT_SIGNED, DECISION_MADE):
        if not _in(year, d["signed_on"] if kind == AGREEMENT_SIGNED else d["decided_on"]):
            return
        area = hundredths(d["area_m2"])
        if land == STATE_OWNED:
            f.households_expropriated.add(str(d["household_id"]))
            f.area_m2 += area
        elif land == COLLECTIVE and kind == AGREEMENT_SIGNED:
            f.house_agreements += 1
    elif kind == DEMOLITION_RECORDED and _in(year, d["demolished_on"]):
        area, buildings = hundredths(d["area_m2"]), int(d["buildings"])
        if land == STATE_OWNED:
            f.demolished_area_m2 += area
        elif land == COLLECTIVE:
            f.buildings_demolished += buildings
    elif kind == LAND_CLEARED and _in(year, d["cleared_on"]) and land == STATE_OWNED:
        f.land_cleared_mu += hundredths(d["area_mu"])
        f.projects_cleared.add(str(d["project_id"]))
    elif kind == LAND_AGREEMENT_SIGNED and _in(year, d["signed_on"]):
        hundredths(d["area_mu"])  # well-formed, or not counted
        f.land_agreements += 1
    elif kind == JUDICIAL_PROCEDURE_STARTED and _in(year, d["filed_on"]):
        if land == STATE_OWNED:
            f.judicial_state_owned += 1
        elif land == COLLECTIVE:
            f.judicial_collective += 1
    elif kind == DISBURSEMENT_PAID and _in(year, d["paid_on"]):
        _disbursement(f, d, land)
    elif kind == UNITS_IMPORTED:
        f.units_completed += sum(1 for u in d["units"] if _in(year, u["completed_on"]))


def _disbursement(f: AnnualFigures, d: Mapping[str, Any], land: str | None) -> None:
    amount = hundredths(d["amount"])
    if d.get("category") == "compensation" and land == STATE_OWNED:
        f.compensation_paid += amount
    fee = d.get("transition_fee")
    if fee is None:
        return
    household = str(d["household_id"])
    if d.get("paid_on_behalf_of"):
        f.paid_on_behalf.add(household, amount)
    elif land == STATE_OWNED:
        (f.state_owned_late if fee["kind"] == "late_delivery" else f.state_owned_other).add(household, amount)
    elif land == COLLECTIVE:
        f.collective_fees.add(household, amount)
    else:
        return  # a fee of a project whose land type the trail never saw
    f.fee_households.add(household)
