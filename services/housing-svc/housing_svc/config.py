"""housing-svc settings: ``HOUSING_SVC_*`` plus the shared names."""

from typing import ClassVar

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from expro_shared.settings import ServiceSettings
from expro_shared.vocabulary import AREA_PATTERN


class HousingSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="HOUSING_SVC_", extra="ignore")
    service_name: ClassVar[str] = "housing-svc"

    #: Stock import: the largest file and the most data rows one import takes (the HTTP
    #: edge's EXPRO_MAX_BODY_BYTES bounds every body too).
    import_max_bytes: int = Field(1_000_000, ge=1)
    import_max_rows: int = Field(5_000, ge=1)
    #: Price difference (差价): the band above the entitled area that is priced at the
    #: resettlement price times ``tolerance_rate_percent`` (㎡, a decimal string).
    tolerance_m2: str = Field("5.00", pattern=AREA_PATTERN)
    tolerance_rate_percent: int = Field(100, ge=0, le=1000)
    #: Choosing: the most a unit may exceed the entitled area (㎡); larger units are refused
    #: (409 over-entitlement). The excess beyond the tolerance band is priced at the market price.
    max_excess_m2: str = Field("15.00", pattern=AREA_PATTERN)
