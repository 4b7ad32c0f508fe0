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
    #: Static group membership (KIP-345), off unless set: a stable name per replica (e.g. a
    #: StatefulSet pod name) lets a restarted process take its old place in its groups.
    instance_id: str | None = Field(None, validation_alias=AliasChoices("EXPRO_INSTANCE_ID"))
    #: How long a silent consumer keeps its partitions. Apache Kafka refuses less than its
    #: group.min.session.timeout.ms (6 s by default); the embedded Tansu forms a group in
    #: about half of it and re-forms it after a crash in about this long, so `make run` sets 3 s.
    consumer_session_timeout_ms: int = Field(10000, validation_alias=AliasChoices("EXPRO_CONSUMER_SESSION_TIMEOUT_MS"))
    #: Fault injection for the reliability suite: the probability that a process kills itself
    #: (SIGKILL) right after a commit, before answering or acknowledging. Refused in production.
    fault_crash_after_commit: float = Field(
        0.0, ge=0.0, le=1.0, validation_alias=AliasChoices("EXPRO_FAULT_CRASH_AFTER_COMMIT")
    )
    consumer_heartbeat_interval_ms: int = Field(
        1000, validation_alias=AliasChoices("EXPRO_CONSUMER_HEARTBEAT_INTERVAL_MS")
    )
    #: How long the broker may hold a fetch that finds nothing new. Apache Kafka answers a
    #: waiting fetch as soon as data arrives, so a long wait costs no latency and keeps idle
    #: consumers quiet. Tansu does not (it always waits it out), so `make run` sets 100 ms,
    #: the measured trade-off between hop latency and idle polling (README, Speed).
    consumer_fetch_max_wait_ms: int = Field(
        500, ge=1, le=10000, validation_alias=AliasChoices("EXPRO_CONSUMER_FETCH_MAX_WAIT_MS")
    )

    @model_validator(mode="after")
    def _defaults_and_safety(self) -> ServiceSettings:
        if not self.database_url:
            self.database_url = f"sqlite+aiosqlite:///var/{self.service_name}.db"
        if self.migrate_on_start is None:
            self.migrate_on_start = self.environment != "production"
        if self.environment == "production" and self.fault_crash_after_commit:
            raise ValueError("EXPRO_ENV=production refuses fault injection (EXPRO_FAULT_CRASH_AFTER_COMMIT)")
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
