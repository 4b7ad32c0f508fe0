"""Schemathesis hooks (SCHEMATHESIS_HOOKS=tests.fuzz.hooks): a real client gives every
distinct request its own Idempotency-Key; reusing one with another body is a client error
(422 idempotency-key-reused) that the fuzzer would otherwise provoke at random."""

from __future__ import annotations

import uuid
from typing import Any

import schemathesis


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    if case.headers and "Idempotency-Key" in case.headers:
        case.headers["Idempotency-Key"] = uuid.uuid4().hex
