"""Benchmarks reuse the end-to-end stack and helpers."""

from tests.e2e.conftest import api, events, finance, lead, stack  # noqa: F401
