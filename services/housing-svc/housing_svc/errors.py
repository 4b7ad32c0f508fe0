"""housing-svc's named refusals: each business refusal is its own problem type, declared by
the routes that can answer with it (RFC 9457).

None yet: housing-svc only reads its projection of projects, whose failures are the generic
401, 403 and 404. Stock import, selection rounds and allocation (DESIGN §7.3) add theirs
here. (``UnknownProject`` is a domain exception of the projection, not an HTTP refusal: it
lives in ``housing_svc.projects.domain``.)"""

from __future__ import annotations
