"""Prometheus metrics (created once per process, labelled by service)."""

from prometheus_client import Counter, Histogram

HTTP_REQUESTS = Counter("expro_http_requests_total", "HTTP requests", ["service", "method", "route", "status"])
HTTP_LATENCY = Histogram("expro_http_request_seconds", "HTTP request latency", ["service", "method", "route"])
EVENTS_PUBLISHED = Counter("expro_events_published_total", "Outbox events published", ["service", "topic"])
EVENTS_CONSUMED = Counter("expro_events_consumed_total", "Events handled", ["service", "consumer", "outcome"])
DEAD_LETTERS = Counter("expro_dead_letters_total", "Events dead-lettered", ["service", "consumer"])
SUPERVISED_RESTARTS = Counter("expro_supervised_restarts_total", "Restarts of supervised tasks", ["service", "task"])
