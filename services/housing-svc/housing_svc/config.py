"""housing-svc settings: ``HOUSING_SVC_*`` plus the shared names."""

from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from expro_shared.settings import ServiceSettings


class HousingSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="HOUSING_SVC_", extra="ignore")
    service_name: ClassVar[str] = "housing-svc"
