"""The audit hash chain, pure: sealing links records, verification finds the first bad one."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta

import pytest

from audit_svc.trail.domain import GENESIS, Head, Link, canonical_json, seal, verify

T0 = datetime(2022, 3, 1, 2, 0, tzinfo=UTC)


def event(n: int, subject: str = "p-1") -> dict[str, object]:
    return {
        "specversion": "1.0",
        "id": f"e-{n}",
        "source": "/fund-svc",
        "type": "expro.fund.deposit_recorded.v1",
        "subject": subject,
        "time": (T0 + timedelta(minutes=n)).isoformat().replace("+00:00", "Z"),
        "datacontenttype": "application/json",
        "actor": "finance-01",
        "data": {"project_id": subject, "amount": f"{n}000.00", "payer": "城投公司"},
    }


def sealed_chain(n: int) -> list[Link]:
    links: list[Link] = []
    prev = GENESIS
    for i in range(1, n + 1):
        doc = event(i)
        payload = canonical_json(doc)
        links.append(
            Link(
                seq=i,
                event_id=str(doc["id"]),
                event_type=str(doc["type"]),
                source=str(doc["source"]),
                subject=str(doc["subject"]),
                actor=str(doc["actor"]),
                event_time=T0 + timedelta(minutes=i),
                payload=payload,
                prev_hash=prev,
                hash=seal(prev, payload),
            )
        )
        prev = links[-1].hash
    return links


def head_of(links: list[Link]) -> Head:
    return Head(seq=links[-1].seq, hash=links[-1].hash) if links else Head(seq=0, hash=GENESIS)


def test_the_first_record_links_to_sixty_four_zeros() -> None:
    assert GENESIS == "0" * 64
    assert sealed_chain(1)[0].prev_hash == GENESIS


def test_a_seal_is_the_sha256_of_the_previous_hash_followed_by_the_payload() -> None:
    payload = '{"id":"e-1","subject":"项目"}'
    expected = hashlib.sha256((GENESIS + payload).encode("utf-8")).hexdigest()
    assert seal(GENESIS, payload) == expected
    # a fixed vector, so the rule cannot drift: printf '%s{}' 000…000 | sha256sum
    assert seal(GENESIS, "{}") == "5508d2b710e64bc470079e1b211d9c58e21011e59d0559e422345dc19d659a75"


def test_the_canonical_form_sorts_keys_drops_spaces_and_keeps_chinese() -> None:
    assert canonical_json({"b": 1, "a": {"d": "城南区", "c": [1, 2]}}) == '{"a":{"c":[1,2],"d":"城南区"},"b":1}'


def test_the_same_event_always_gives_the_same_payload_whatever_its_key_order() -> None:
    doc = event(1)
    shuffled = dict(reversed(list(doc.items())))
    assert canonical_json(doc) == canonical_json(shuffled)


def test_an_untouched_chain_is_valid_up_to_its_head() -> None:
    links = sealed_chain(5)
    report = verify(links, head_of(links))
    assert report.valid
    assert report.records == 5
    assert report.head == links[-1].hash
    assert report.first_invalid_seq is None


def test_an_empty_chain_is_valid_and_its_head_is_genesis() -> None:
    report = verify([], Head(seq=0, hash=GENESIS))
    assert (report.valid, report.records, report.head, report.first_invalid_seq) == (True, 0, GENESIS, None)


def test_a_tampered_payload_is_reported_at_its_seq() -> None:
    links = sealed_chain(5)
    links[2] = links[2]._replace(payload=links[2].payload.replace("3000.00", "300.00"))
    report = verify(links, head_of(links))
    assert not report.valid
    assert report.first_invalid_seq == 3
    assert report.records == 5


def test_a_tampered_record_whose_hash_was_recomputed_breaks_the_next_link() -> None:
    links = sealed_chain(5)
    payload = links[2].payload.replace("3000.00", "300.00")
    links[2] = links[2]._replace(payload=payload, hash=seal(links[2].prev_hash, payload))
    assert verify(links, head_of(links)).first_invalid_seq == 4


def test_a_removed_record_breaks_the_link_of_the_one_after_it() -> None:
    links = sealed_chain(5)
    del links[1]
    assert verify(links, head_of(sealed_chain(5))).first_invalid_seq == 3


def test_swapped_records_are_caught_at_the_first_one_out_of_place() -> None:
    links = sealed_chain(4)
    links[1], links[2] = links[2]._replace(seq=2), links[1]._replace(seq=3)
    assert verify(links).first_invalid_seq == 2


def test_records_cut_off_the_end_are_caught_by_the_head() -> None:
    full = sealed_chain(5)
    report = verify(full[:3], head_of(full))
    assert not report.valid
    assert report.first_invalid_seq == 4


def test_records_appended_behind_the_heads_back_are_caught() -> None:
    full = sealed_chain(5)
    report = verify(full, head_of(full[:3]))
    assert not report.valid
    assert report.first_invalid_seq == 4


def test_an_altered_head_is_caught_at_its_seq() -> None:
    links = sealed_chain(3)
    assert verify(links, Head(seq=3, hash="f" * 64)).first_invalid_seq == 3


def test_a_queried_column_that_disagrees_with_the_hashed_payload_is_caught() -> None:
    links = sealed_chain(3)
    links[1] = links[1]._replace(subject="p-2")
    assert verify(links, head_of(links)).first_invalid_seq == 2
    links = sealed_chain(3)
    links[0] = links[0]._replace(event_time=T0)
    assert verify(links, head_of(links)).first_invalid_seq == 1


def test_a_payload_that_is_not_json_is_invalid_not_an_error() -> None:
    links = sealed_chain(2)
    payload = "not json"
    links[0] = links[0]._replace(payload=payload, hash=seal(GENESIS, payload))
    links[1] = links[1]._replace(prev_hash=links[0].hash, hash=seal(links[0].hash, links[1].payload))
    assert verify(links, head_of(links)).first_invalid_seq == 1


TRICKY: list[object] = [
    "",
    'a"b\\c/d',
    "\n\r\t\b\f\x00\x01\x1f\x7f",
    "\u2028\u2029\ufeff",
    "征收安置 城南区",
    "😀 \U0001f3e0",
    "\ud800",  # a lone surrogate, as json.loads gives one
    0,
    -1,
    2**63 - 1,
    -(2**63),
    2**64,  # beyond 64 bits
    -(2**70),
    True,
    False,
    None,
    1.5,
    0.1,
    1e16,
    1.5e-07,
    -0.0,
    float("inf"),
    float("nan"),
    [],
    {},
]


@pytest.mark.parametrize("value", TRICKY, ids=repr)
def test_the_canonical_form_is_json_dumps_exactly_for_any_value(value: object) -> None:
    """The canonical form is defined as ``json.dumps(sort_keys, compact, ensure_ascii=False)``;
    however it is computed, every payload hashes exactly as that definition says: strings
    with control and non-BMP characters, integers past 64 bits, floats, nesting, key order."""
    doc = {"z": value, "a": [value, {"y": value, "b": value}], "中": {"k": value}, "A": value}
    assert canonical_json(doc) == json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
