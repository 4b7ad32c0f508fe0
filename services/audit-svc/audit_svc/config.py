"""audit-svc settings: ``AUDIT_SVC_*`` plus the shared names."""

from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from expro_shared.settings import ServiceSettings


class AuditSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="AUDIT_SVC_", extra="ignore")
    service_name: ClassVar[str] = "audit-svc"
