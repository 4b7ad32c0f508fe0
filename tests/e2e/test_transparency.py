"""audit-svc's transparency log on the running stack: an event project-svc publishes is
sealed by the real consumer, and anyone (no token) can prove it is in the log — the
inclusion proof verifies against the latest checkpoint, whose signature opens with the
published key (RFC 9162, C2SP; the independent checker of tests/rfc9162.py)."""

from __future__ import annotations

import asyncio

import pytest

from tests.rfc9162 import open_checkpoint, verify_consistency, verify_inclusion

pytestmark = pytest.mark.e2e


async def test_a_sealed_event_is_provably_in_the_signed_log(api, events, lead) -> None:
    pid = await api.new_project(lead, "城投公司", "100.00", events)
    registered = await events.wait_for("expro.project.project_registered.v1", project_id=pid)
    sealed = await events.wait_for("expro.audit.record_sealed.v1", event_id=registered.id)
    assert sealed.data["leaf_index"] == sealed.data["seq"] - 1

    key = (await api.client.get(f"{api.audit}/v1/audit/checkpoints/key")).json()["key"]
    first = (await api.client.get(f"{api.audit}/v1/audit/checkpoints/latest")).json()
    _, size, root = open_checkpoint(first["note"], key)
    assert size > sealed.data["leaf_index"]
    r = await api.client.get(
        f"{api.audit}/v1/audit/records/{registered.id}/inclusion-proof", params={"tree_size": size}
    )
    assert r.status_code == 200, r.text
    proof = r.json()
    path = [bytes.fromhex(h) for h in proof["audit_path"]]
    assert verify_inclusion(proof["leaf_index"], size, bytes.fromhex(proof["leaf_hash"]), path, root)
    assert proof["leaf_hash"] == sealed.data["leaf_hash"]

    # the log only grows: a later checkpoint is consistent with this one
    await api.new_project(lead, "城投公司", "100.00", events)
    for _ in range(100):
        later = (await api.client.get(f"{api.audit}/v1/audit/checkpoints/latest")).json()
        if later["tree_size"] > size:
            break
        await asyncio.sleep(0.1)
    _, later_size, later_root = open_checkpoint(later["note"], key)
    assert later_size > size
    p = (
        await api.client.get(f"{api.audit}/v1/audit/consistency-proof", params={"first": size, "second": later_size})
    ).json()
    assert verify_consistency(size, later_size, root, later_root, [bytes.fromhex(h) for h in p["proof"]])
