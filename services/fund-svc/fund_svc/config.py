"""fund-svc settings: ``FUND_SVC_*`` plus the shared names."""

from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from expro_shared.settings import ServiceSettings


class FundSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="FUND_SVC_", extra="ignore")
    service_name: ClassVar[str] = "fund-svc"
