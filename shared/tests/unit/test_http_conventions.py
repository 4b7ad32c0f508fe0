"""Prefer: wait parsing, trace context and development tokens."""

import time
from types import SimpleNamespace

import jwt
import pytest
from starlette.requests import Request

from expro_shared.auth import Principal, RoleBearer, TokenVerifier, issue_token
from expro_shared.problems import ProblemError
from expro_shared.settings import DEV_JWT_SECRET, ServiceSettings
from expro_shared.tracing import child_traceparent, parse_traceparent
from expro_shared.waiting import MAX_WAIT_SECONDS, parse_prefer_wait


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        (None, None),
        ("", None),
        ("wait=5", 5.0),
        ("respond-async, wait=10", 10.0),
        ("wait=100", MAX_WAIT_SECONDS),
        ("return=minimal", None),
        ("wait=abc", None),
    ],
)
def test_prefer_wait_is_read_and_capped(header: str | None, seconds: float | None) -> None:
    assert parse_prefer_wait(header) == seconds


def test_a_child_span_keeps_the_callers_trace() -> None:
    parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    child = child_traceparent(parent)
    assert parse_traceparent(child) is not None
    assert child.split("-")[1] == "4bf92f3577b34da6a3ce929d0e0e4736"
    assert child.split("-")[2] != "00f067aa0ba902b7"


def test_an_invalid_traceparent_starts_a_new_trace() -> None:
    assert parse_traceparent("00-" + "0" * 32 + "-00f067aa0ba902b7-01") is None
    assert parse_traceparent(child_traceparent("garbage")) is not None


def test_a_development_token_carries_sub_roles_and_org() -> None:
    verifier = TokenVerifier(ServiceSettings())
    token = issue_token(DEV_JWT_SECRET, "u1", ["owner_unit"], "城投公司")
    assert verifier.verify(token) == Principal("u1", frozenset({"owner_unit"}), "城投公司")


def test_a_token_signed_with_another_key_is_refused() -> None:
    verifier = TokenVerifier(ServiceSettings())
    with pytest.raises(ProblemError) as err:
        verifier.verify(issue_token("another-key-that-is-long-enough-for-hs256", "u1", ["finance"]))
    assert err.value.status == 401


def test_an_expired_token_is_refused() -> None:
    verifier = TokenVerifier(ServiceSettings())
    with pytest.raises(ProblemError):
        verifier.verify(issue_token(DEV_JWT_SECRET, "u1", ["finance"], ttl_seconds=-10))


def test_a_verified_token_is_checked_again_only_once_it_expires(monkeypatch: pytest.MonkeyPatch) -> None:
    """The signature is checked on a token's first use; later uses hit the cache until the
    token's own ``exp``, and a refused token is checked every time."""
    now = [time.time()]
    verifier = TokenVerifier(ServiceSettings(), clock=lambda: now[0])
    decoded: list[str] = []
    real_decode = jwt.decode

    def counting_decode(token: str, *args: object, **kwargs: object) -> object:
        decoded.append(token)
        return real_decode(token, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(jwt, "decode", counting_decode)
    token = issue_token(DEV_JWT_SECRET, "u1", ["finance"], ttl_seconds=30)
    assert verifier.verify(token) == verifier.verify(token) == Principal("u1", frozenset({"finance"}))
    assert decoded == [token]
    now[0] = real_decode(token, options={"verify_signature": False})["exp"]  # the moment it expires
    verifier.verify(token)
    assert decoded == [token, token]

    forged = issue_token("another-key-that-is-long-enough-for-hs256", "u1", ["finance"])
    for _ in range(2):
        with pytest.raises(ProblemError):
            verifier.verify(forged)
    assert decoded[2:] == [forged, forged]


def test_unknown_roles_cannot_be_issued() -> None:
    with pytest.raises(ValueError):
        issue_token(DEV_JWT_SECRET, "u1", ["root"])


def test_production_refuses_the_development_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXPRO_ENV", "production")
    with pytest.raises(ValueError, match="refuses the development JWT key"):
        ServiceSettings()
    monkeypatch.setenv("EXPRO_JWT_SECRET", "a-real-secret-from-the-vault-0123456789abcdef")
    assert ServiceSettings().migrate_on_start is False


def test_owner_units_see_their_org_districts_their_district_and_no_role_sees_nothing() -> None:
    from expro_shared.auth import can_read

    owner = Principal("o", frozenset({"owner_unit"}), "城投公司")
    district = Principal("d", frozenset({"district"}), "城南区")
    center = Principal("c", frozenset({"center_staff", "owner_unit"}), "城投公司")
    nobody = Principal("x", frozenset(), "城投公司")
    assert can_read(owner, "城投公司", "城北区") and not can_read(owner, "其他公司", "城北区")
    assert can_read(district, "其他公司", "城南区") and not can_read(district, "城投公司", "城北区")
    assert can_read(center, "其他公司", "城北区")
    assert not can_read(nobody, "城投公司", "城南区")


def _bearer_request(authorization: str | None) -> Request:
    app = SimpleNamespace(state=SimpleNamespace(verifier=TokenVerifier(ServiceSettings())))
    headers = [] if authorization is None else [(b"authorization", authorization.encode())]
    return Request({"type": "http", "method": "GET", "path": "/", "headers": headers, "app": app})


async def test_the_bearer_scheme_reads_the_header_as_http_bearer_does() -> None:
    """``RoleBearer`` reads ``Authorization`` as FastAPI's ``HTTPBearer`` did before it: the
    scheme in any case, the token without the space around it; no token, or another scheme,
    is 401; a valid token without one of the roles is 403."""
    token = issue_token(DEV_JWT_SECRET, "u1", ["finance"])
    finance = RoleBearer(("finance",))
    for header in (f"Bearer {token}", f"bearer {token}", f"Bearer  {token} "):
        assert (await finance(_bearer_request(header))).sub == "u1"
    for header in (None, "", "Bearer", "Bearer ", f"Basic {token}", token):
        with pytest.raises(ProblemError) as err:
            await finance(_bearer_request(header))
        assert err.value.status == 401, header
    with pytest.raises(ProblemError) as err:
        await RoleBearer(("center_leader",))(_bearer_request(f"Bearer {token}"))
    assert err.value.status == 403
    assert (await RoleBearer()(_bearer_request(f"Bearer {token}"))).sub == "u1"
