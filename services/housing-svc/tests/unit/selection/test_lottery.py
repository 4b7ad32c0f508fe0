"""The lottery recipe, recomputed independently with hashlib (DESIGN §7.3), and the steps
of a round."""

from __future__ import annotations

import hashlib

import pytest

from housing_svc.selection import domain
from housing_svc.selection.domain import Ordering, RoundStatus

IDS = ["e-3", "e-1", "e-10", "e-2"]
SEED = "000102030405060708090a0b0c0d0e0f"
BEACON = "上证综指 3027.02"


def test_the_roster_hash_is_sha256_of_the_sorted_ids_joined_by_newlines() -> None:
    expected = hashlib.sha256(b"e-1\ne-10\ne-2\ne-3").hexdigest()
    assert domain.roster_hash(IDS) == expected
    assert domain.roster_hash(list(reversed(IDS))) == expected  # the given order does not matter


def test_the_commitment_hashes_the_seed_bytes_not_its_hex_text() -> None:
    assert domain.commitment_of(SEED) == hashlib.sha256(bytes(range(16))).hexdigest()
    assert domain.commitment_of(SEED) != hashlib.sha256(SEED.encode()).hexdigest()


def test_the_order_is_recomputable_from_seed_beacon_and_roster_alone() -> None:
    draw_seed = hashlib.sha256(bytes(range(16)) + BEACON.encode("utf-8")).hexdigest()
    assert domain.draw_seed(SEED, BEACON) == draw_seed
    tickets = {e: hashlib.sha256((draw_seed + ":" + e).encode("utf-8")).hexdigest() for e in IDS}
    expected = sorted(IDS, key=tickets.__getitem__)
    assert domain.lottery_order(IDS, draw_seed) == [(e, tickets[e]) for e in expected]


def test_another_beacon_gives_another_order_of_the_same_roster() -> None:
    many = [f"e-{i}" for i in range(20)]
    first = [e for e, _ in domain.lottery_order(many, domain.draw_seed(SEED, "a"))]
    second = [e for e, _ in domain.lottery_order(many, domain.draw_seed(SEED, "b"))]
    assert sorted(first) == sorted(second) == sorted(many) and first != second


def test_a_signing_order_is_by_day_then_id() -> None:
    from datetime import date

    entries = [("b", date(2023, 3, 2)), ("c", date(2023, 3, 1)), ("a", date(2023, 3, 2))]
    assert domain.signing_order(entries) == ["c", "a", "b"]


def test_a_commitment_needs_an_open_lottery_round() -> None:
    domain.check_commit(Ordering.LOTTERY, RoundStatus.OPEN)
    with pytest.raises(domain.NotLottery):
        domain.check_commit(Ordering.SIGNING_ORDER, RoundStatus.ORDERED)
    with pytest.raises(domain.AlreadyCommitted):
        domain.check_commit(Ordering.LOTTERY, RoundStatus.COMMITTED)
    with pytest.raises(domain.AlreadyDrawn):
        domain.check_commit(Ordering.LOTTERY, RoundStatus.DRAWN)


def test_a_draw_needs_the_commitment_and_the_seed_that_matches_it_once() -> None:
    commitment = domain.commitment_of(SEED)
    domain.check_draw(Ordering.LOTTERY, RoundStatus.COMMITTED, commitment, SEED)
    with pytest.raises(domain.NotCommitted):
        domain.check_draw(Ordering.LOTTERY, RoundStatus.OPEN, None, SEED)
    with pytest.raises(domain.SeedMismatch):
        domain.check_draw(Ordering.LOTTERY, RoundStatus.COMMITTED, commitment, "ff" * 16)
    with pytest.raises(domain.AlreadyDrawn):
        domain.check_draw(Ordering.LOTTERY, RoundStatus.DRAWN, commitment, SEED)
    with pytest.raises(domain.NotLottery):
        domain.check_draw(Ordering.SIGNING_ORDER, RoundStatus.ORDERED, None, SEED)
