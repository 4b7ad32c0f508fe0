"""Commands of compensation: agreements, compensation decisions, land agreements."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from expro_shared.vocabulary import AgreementKind, CompensationItemKind


@dataclass(frozen=True)
class SignAgreement:
    """签订补偿协议 / a household signs its compensation agreement (条例 Art. 25)."""

    project_id: str
    household_id: str
    kind: AgreementKind
    area_m2: str
    items: list[tuple[CompensationItemKind, int]]
    signed_on: date
    payment_due_on: date
    move_out_deadline: date
    entitled_area_m2: str | None = None
    promised_delivery_on: date | None = None


@dataclass(frozen=True)
class MakeCompensationDecision:
    """作出补偿决定 / the compensation decision for a household without agreement (Art. 26)."""

    project_id: str
    household_id: str
    area_m2: str
    items: list[tuple[CompensationItemKind, int]]
    decided_on: date
    move_out_deadline: date


@dataclass(frozen=True)
class SignLandAgreement:
    """签订土地征收补偿协议 / a collective organisation signs the land agreement."""

    project_id: str
    collective_organization: str
    area_mu: str
    amount_fen: int
    signed_on: date
