"""审计留痕 — the tamper-evident audit trail: every event sealed into a hash chain."""
