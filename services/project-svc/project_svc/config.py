"""project-svc settings: ``PROJECT_SVC_*`` plus the shared names."""

from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from expro_shared.settings import ServiceSettings


class ProjectSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PROJECT_SVC_", extra="ignore")
    service_name: ClassVar[str] = "project-svc"
