"""Settings base: every service reads its configuration from the environment.

Shared names (``KAFKA_BOOTSTRAP_SERVERS``, ``EXPRO_ENV``, ``EXPRO_JWT_*``) are the same for
all services; service-owned names carry the service prefix (``FUND_SVC_DATABASE_URL``).
Outside development the settings refuse the published development signing key.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

#: Development-only signing key. Refused when EXPRO_ENV=production.
DEV_JWT_SECRET = "expro-dev-only-signing-key-change-me-0123456789"


class ServiceSettings(BaseSettings):
    """Base of every service's settings; subclasses set ``service_name``, prefix and port."""

    model_config = SettingsConfigDict(extra="ignore")

    service_name: ClassVar[str] = "service"

    environment: Literal["development", "production"] = Field("development", validation_alias=AliasChoices("EXPRO_ENV"))
    database_url: str = ""
    kafka_bootstrap_servers: str = Field("127.0.0.1:19092", validation_alias=AliasChoices("KAFKA_BOOTSTRAP_SERVERS"))
    jwt_secret: str = Field(DEV_JWT_SECRET, validation_alias=AliasChoices("EXPRO_JWT_SECRET"))
    jwt_public_key: str | None = Field(None, validation_alias=AliasChoices("EXPRO_JWT_PUBLIC_KEY"))
    jwt_jwks_url: str | None = Field(None, validation_alias=AliasChoices("EXPRO_JWT_JWKS_URL"))
    jwt_issuer: str | None = Field(None, validation_alias=AliasChoices("EXPRO_JWT_ISSUER"))
    migrate_on_start: bool | None = None
    relay_sweep_seconds: float = 1.0
    consumer_max_attempts: int = 3
    log_level: str = Field("INFO", validation_alias=AliasChoices("EXPRO_LOG_LEVEL"))

    @model_validator(mode="after")
    def _defaults_and_safety(self) -> ServiceSettings:
        if not self.database_url:
            self.database_url = f"sqlite+aiosqlite:///var/{self.service_name}.db"
        if self.migrate_on_start is None:
            self.migrate_on_start = self.environment != "production"
        if (
            self.environment == "production"
            and self.jwt_secret == DEV_JWT_SECRET
            and not (self.jwt_public_key or self.jwt_jwks_url)
        ):
            raise ValueError(
                "EXPRO_ENV=production refuses the development JWT key: set EXPRO_JWT_SECRET, "
                "EXPRO_JWT_PUBLIC_KEY or EXPRO_JWT_JWKS_URL"
            )
        return self
