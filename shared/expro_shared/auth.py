"""Bearer-token authentication and role/organisation authorisation.

Claims: ``sub``, ``roles`` (list), optional ``org`` (the owner unit or district the user
belongs to) and ``exp``. Development signs with a shared HS256 key; production verifies
against a configured public key or a JWKS endpoint (PyJWT's ``PyJWKClient``).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal, get_args

import jwt
from cachetools import TLRUCache
from fastapi import Depends, Request
from fastapi.security import HTTPBearer
from fastapi.security.utils import get_authorization_scheme_param
from sqlalchemy import ColumnElement, false, or_, true

from expro_shared.problems import forbidden, unauthorized
from expro_shared.settings import DEV_JWT_SECRET, ServiceSettings

Role = Literal[
    "center_staff",  # 中心工作人员
    "center_leader",  # 中心负责人
    "finance",  # 财务
    "owner_unit",  # 业主单位
    "district",  # 属地（区、镇街）
    "housing_admin",  # 安置房管理
    "auditor",  # 审计
]
ROLES: frozenset[str] = frozenset(get_args(Role))
#: Roles that see every project of the city.
CITY_WIDE: frozenset[str] = frozenset({"center_staff", "center_leader", "finance", "auditor", "housing_admin"})


@dataclass(frozen=True)
class Principal:
    """The authenticated caller."""

    sub: str
    roles: frozenset[str]
    org: str | None = None

    def has_any(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))


class TokenVerifier:
    """Verifies bearer tokens (HS256 with the shared secret, or a public key / JWKS).

    A verified token's principal is kept until the token's ``exp`` (at most ``cache_size``
    tokens, least recently used out first), so a client's next request skips the signature
    check: a token is as valid on its second use as on its first, and a cached one expires
    exactly when the token does. Only the exact token string is looked up; a token that fails
    is never cached."""

    def __init__(
        self, settings: ServiceSettings, cache_size: int = 4096, clock: Callable[[], float] = time.time
    ) -> None:
        self._verified: TLRUCache[str, tuple[Principal, float]] = TLRUCache(
            maxsize=cache_size, ttu=lambda _token, entry, _now: entry[1], timer=clock
        )
        self._issuer = settings.jwt_issuer
        self._jwks = jwt.PyJWKClient(settings.jwt_jwks_url) if settings.jwt_jwks_url else None
        if settings.jwt_public_key:
            self._key: Any = settings.jwt_public_key
            self._algorithms = ["RS256", "ES256", "EdDSA"]
        else:
            self._key = settings.jwt_secret
            self._algorithms = ["HS256"]

    def verify(self, token: str) -> Principal:
        cached = self._verified.get(token)
        if cached is not None:
            return cached[0]
        principal, expires = self._verify(token)
        self._verified[token] = (principal, expires)
        return principal

    def _verify(self, token: str) -> tuple[Principal, float]:
        try:
            key = self._jwks.get_signing_key_from_jwt(token).key if self._jwks else self._key
            claims = jwt.decode(
                token,
                key,
                algorithms=self._algorithms,
                issuer=self._issuer,
                options={"require": ["sub", "exp"], "verify_aud": False},
            )
        except jwt.PyJWTError as exc:
            raise unauthorized(f"invalid bearer token: {exc}") from exc
        roles = claims.get("roles", [])
        if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
            raise unauthorized("invalid bearer token: roles must be a list of strings")
        org = claims.get("org")
        principal = Principal(
            sub=str(claims["sub"]),
            roles=frozenset(r for r in roles if r in ROLES),
            org=str(org) if org else None,
        )
        return principal, float(claims["exp"])


def issue_token(secret: str, sub: str, roles: list[str], org: str | None = None, ttl_seconds: int = 12 * 3600) -> str:
    """Sign a development token (HS256)."""
    unknown = set(roles) - ROLES
    if unknown:
        raise ValueError(f"unknown roles: {sorted(unknown)}; known: {sorted(ROLES)}")
    now = int(time.time())
    claims: dict[str, Any] = {"sub": sub, "roles": roles, "iat": now, "exp": now + ttl_seconds}
    if org:
        claims["org"] = org
    return jwt.encode(claims, secret, algorithm="HS256")


_BEARER_DESCRIPTION = "JWT: sub, roles, org, exp"


class RoleBearer(HTTPBearer):
    """The OpenAPI ``HTTPBearer`` scheme, which also admits the caller: it verifies the
    token (401 problem+json without a valid one) and its roles (403), so an authenticated
    route has one dependency for FastAPI to solve per request, not a credentials
    dependency beneath a checking one (FastAPI's dependency solving was about a fifth of a
    deposit's Python time in a profile of fund-svc). ``roles`` empty admits every valid token."""

    def __init__(self, roles: tuple[Role, ...] = ()) -> None:
        super().__init__(auto_error=False, scheme_name="HTTPBearer", description=_BEARER_DESCRIPTION)
        self.roles = roles

    async def __call__(self, request: Request) -> Principal:  # type: ignore[override]
        scheme, token = get_authorization_scheme_param(request.headers.get("authorization"))
        if scheme.lower() != "bearer" or not token:
            raise unauthorized("a bearer token is required")
        verifier: TokenVerifier = request.app.state.verifier
        principal = verifier.verify(token)
        if self.roles and not principal.has_any(*self.roles):
            raise forbidden(f"requires one of the roles: {', '.join(self.roles)}")
        return principal


CurrentPrincipal = Annotated[Principal, Depends(RoleBearer())]


def require_roles(*roles: Role) -> Any:
    """A dependency that admits callers holding any of ``roles`` (401 without a valid
    token, 403 without one of the roles)."""
    return Depends(RoleBearer(roles))


def can_read(principal: Principal, owner_unit: str, district: str | None = None) -> bool:
    """The visibility rule in Python (for rows already loaded, and for fakes): city-wide
    roles see every project, ``owner_unit`` users their own org's, ``district`` users their
    district's; a token with no known role sees nothing."""
    if principal.has_any(*CITY_WIDE):
        return True
    if "owner_unit" in principal.roles and principal.org and principal.org == owner_unit:
        return True
    return "district" in principal.roles and principal.org is not None and principal.org == district


def readable_clause(principal: Principal, owner_unit: Any, district: Any = None) -> ColumnElement[bool]:
    """The same rule as ``can_read`` as a SQL condition on a table's owner-unit (and
    district) columns: every repository's ``readable(principal)`` is built on it."""
    if principal.has_any(*CITY_WIDE):
        return true()
    clauses: list[ColumnElement[bool]] = []
    if "owner_unit" in principal.roles and principal.org:
        clauses.append(owner_unit == principal.org)
    if "district" in principal.roles and principal.org and district is not None:
        clauses.append(district == principal.org)
    return or_(*clauses) if clauses else false()


def main() -> None:
    parser = argparse.ArgumentParser(description="Print a development bearer token.")
    parser.add_argument("--sub", required=True)
    parser.add_argument("--roles", required=True, help="comma-separated roles")
    parser.add_argument("--org", default=None)
    parser.add_argument("--ttl", type=int, default=12 * 3600)
    args = parser.parse_args()
    import os

    secret = os.environ.get("EXPRO_JWT_SECRET", DEV_JWT_SECRET)
    roles = [r.strip() for r in args.roles.split(",") if r.strip()]
    if not args.sub.strip():
        parser.exit(2, "make token: SUB=<id> is required\n")
    if not roles:
        parser.exit(2, f"make token: ROLES=<role,role> is required; known roles: {', '.join(sorted(ROLES))}\n")
    unknown = sorted(set(roles) - ROLES)
    if unknown:
        parser.exit(2, f"make token: unknown role(s) {', '.join(unknown)}; known roles: {', '.join(sorted(ROLES))}\n")
    print(issue_token(secret, args.sub, roles, args.org or None, args.ttl))


if __name__ == "__main__":
    main()
