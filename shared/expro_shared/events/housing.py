"""Events published by housing-svc on ``expro.housing.events``.

None yet: housing-svc only projects project-svc's events for now. Stock import, selection
rounds and allocation (DESIGN §7.3) add their contracts here.
"""

from __future__ import annotations

from expro_shared.events.base import HOUSING_TOPIC

__all__ = ["HOUSING_TOPIC"]
