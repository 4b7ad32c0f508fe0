"""fund-svc settings: ``FUND_SVC_*`` plus the shared names."""

from typing import ClassVar

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from expro_shared.money import YUAN_PATTERN, parse_yuan
from expro_shared.settings import ServiceSettings


class FundSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="FUND_SVC_", extra="ignore")
    service_name: ClassVar[str] = "fund-svc"

    #: ``FUND_SVC_LEADER_THRESHOLD``: a disbursement of at least this many yuan needs the
    #: center leader's approval after the finance review (below it the review approves).
    leader_threshold: str = Field("500000.00", pattern=YUAN_PATTERN)
    #: ``FUND_SVC_OVERDUE_SWEEP_SECONDS``: how often the service looks for payables past due
    #: (and emits ``payable_overdue`` once each); 0 turns the background sweep off.
    overdue_sweep_seconds: float = Field(3600.0, ge=0)

    @property
    def leader_threshold_fen(self) -> int:
        return parse_yuan(self.leader_threshold)
