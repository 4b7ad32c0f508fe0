"""``wait_for_outcome``: the Prefer: wait loop every wait-for-outcome endpoint shares."""

from __future__ import annotations

import asyncio

from expro_shared.waiting import wait_for_outcome


async def test_an_outcome_committed_without_a_wake_up_is_seen_when_the_wait_ends() -> None:
    """Another replica's consumer settled it: nobody woke this process, the last look finds it."""
    store = {"status": "pending_funds"}

    async def reload() -> str:
        return store["status"]

    async def settle_elsewhere() -> None:
        store["status"] = "issued"

    await settle_elsewhere()
    state = await wait_for_outcome(asyncio.Event(), 0.01, "pending_funds", lambda s: s != "pending_funds", reload)

    assert state == "issued"


async def test_a_wake_up_reloads_and_a_settled_state_ends_the_wait() -> None:
    woken = asyncio.Event()
    loads: list[str] = []

    async def reload() -> str:
        loads.append("issued")
        return "issued"

    woken.set()
    state = await wait_for_outcome(woken, 5, "pending_funds", lambda s: s != "pending_funds", reload)

    assert state == "issued" and loads == ["issued"]


async def test_without_a_wait_the_state_is_answered_as_it_is() -> None:
    async def reload() -> str:
        raise AssertionError("no wait, no reload")

    assert await wait_for_outcome(asyncio.Event(), None, "pending_funds", lambda s: False, reload) == "pending_funds"
