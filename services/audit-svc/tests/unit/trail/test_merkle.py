"""The transparency log's tree, pure: roots and nodes built incrementally from stored
complete subtrees agree with RFC 9162's recursive definition, and every proof passes an
independent verifier written here from RFC 9162 §2.1.3.2 and §2.1.4.2 (and fails when tampered)."""

from __future__ import annotations

import base64
import hashlib

import pytest
from cryptography.exceptions import InvalidSignature

from audit_svc.trail import domain
from tests.rfc9162 import h_leaf, mth, verify_consistency, verify_inclusion
from tests.rfc9162 import open_checkpoint as independent_open


# --- the log as sealing builds it: leaf hashes, nodes stored as subtrees complete -----------
class Log:
    def __init__(self) -> None:
        self.stored: dict[domain.NodeKey, str] = {}
        self.size = 0
        self.roots: list[str] = [domain.EMPTY_ROOT]

    def append(self, payloads: list[str]) -> None:
        leaves = [domain.leaf_hash(p) for p in payloads]
        edge = {k: self.stored[k] for k in domain.root_keys(self.size)}
        tree = domain.extend(self.size, edge, leaves)
        for i, h in enumerate(leaves):
            self.stored[(0, self.size + i)] = h
        for level, position, h in tree.nodes:
            assert (level, position) not in self.stored, "a node is stored once, when it completes"
            self.stored[(level, position)] = h
        self.size += len(leaves)
        assert tree.root == domain.root_hash(self.size, self.stored)
        self.roots.append(tree.root)


def payload(i: int) -> str:
    return f'{{"id":"e-{i}","data":{{"amount":"{i}.00","payer":"城投公司"}}}}'


def grown(n: int, batches: tuple[int, ...] = (1, 3, 2, 7)) -> Log:
    log, i, b = Log(), 0, 0
    while i < n:
        step = min(batches[b % len(batches)], n - i)
        log.append([payload(j) for j in range(i, i + step)])
        i, b = i + step, b + 1
    return log


N = 70
LOG = grown(N)
LEAVES = [h_leaf(payload(i).encode()) for i in range(N)]


def test_leaf_and_node_hashes_are_rfc_9162s() -> None:
    assert domain.leaf_hash("{}") == hashlib.sha256(b"\x00{}").hexdigest()
    assert domain.node_hash("00" * 32, "11" * 32) == hashlib.sha256(b"\x01" + bytes(32) + b"\x11" * 32).hexdigest()
    assert domain.EMPTY_ROOT == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert domain.leaf_hash("张三") == hashlib.sha256(b"\x00" + "张三".encode()).hexdigest()


def test_the_root_of_every_size_from_stored_subtrees_is_the_recursive_mth() -> None:
    for size in range(N + 1):
        assert domain.root_hash(size, LOG.stored) == mth(LEAVES[:size]).hex(), size


def test_the_root_of_a_size_needs_one_stored_hash_per_set_bit() -> None:
    assert domain.root_keys(0) == []
    assert domain.root_keys(1) == [(0, 0)]
    assert domain.root_keys(7) == [(2, 0), (1, 2), (0, 6)]
    assert domain.root_keys(2**40 + 5) == [(40, 0), (2, 2**38), (0, 2**40 + 4)]


def test_the_right_edge_kept_on_the_head_names_its_tree() -> None:
    edge = [LOG.stored[k] for k in domain.root_keys(13)]
    packed = domain.pack_edge(13, edge)
    assert domain.unpack_edge(13, packed) == {k: LOG.stored[k] for k in domain.root_keys(13)}
    assert domain.unpack_edge(14, packed) is None  # the head moved on without it: read the nodes
    assert domain.unpack_edge(11, domain.pack_edge(13, edge)) is None  # same number of subtrees, other tree
    assert domain.unpack_edge(0, "") is None and domain.unpack_edge(0, "0:") == {}
    tree = domain.extend(13, domain.unpack_edge(13, packed) or {}, [domain.leaf_hash(payload(13))])
    assert tree.edge == [LOG.stored[k] for k in domain.root_keys(14)]


def test_any_batching_builds_the_same_tree() -> None:
    one_by_one, all_at_once = grown(N, (1,)), grown(N, (N,))
    assert one_by_one.stored == all_at_once.stored == LOG.stored
    # n leaves, n - 1 interior nodes of a complete subtree at most
    assert len([k for k in LOG.stored if k[0] > 0]) == sum(N >> level for level in range(1, 8))


@pytest.mark.parametrize("size", [1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 31, 33, 64, 70])
def test_every_inclusion_proof_verifies_with_rfc_9162s_algorithm(size: int) -> None:
    root = bytes.fromhex(domain.root_hash(size, LOG.stored))
    for index in range(size):
        ranges = domain.inclusion_ranges(index, size)
        path = [bytes.fromhex(h) for h in domain.proof_hashes(ranges, LOG.stored)]
        assert len(path) <= size.bit_length()
        assert verify_inclusion(index, size, LEAVES[index], path, root), (index, size)
        assert len(domain.proof_keys(ranges)) <= 2 * size.bit_length()


def test_a_tampered_inclusion_proof_fails() -> None:
    size, index = 70, 37
    root = bytes.fromhex(domain.root_hash(size, LOG.stored))
    path = [bytes.fromhex(h) for h in domain.proof_hashes(domain.inclusion_ranges(index, size), LOG.stored)]
    assert verify_inclusion(index, size, LEAVES[index], path, root)
    assert not verify_inclusion(index, size, LEAVES[index + 1], path, root)  # another leaf
    assert not verify_inclusion(index + 1, size, LEAVES[index], path, root)  # another position
    assert not verify_inclusion(index, size, h_leaf(b"forged"), path, root)
    for i in range(len(path)):
        bad = list(path)
        bad[i] = bytes(32)
        assert not verify_inclusion(index, size, LEAVES[index], bad, root)
    assert not verify_inclusion(index, size, LEAVES[index], path[:-1], root)
    assert not verify_inclusion(index, size, LEAVES[index], [*path, bytes(32)], root)
    assert not verify_inclusion(index, size, LEAVES[index], path, bytes.fromhex(domain.root_hash(69, LOG.stored)))


def test_every_consistency_proof_verifies_with_rfc_9162s_algorithm() -> None:
    for second in range(1, N + 1):
        second_root = bytes.fromhex(domain.root_hash(second, LOG.stored))
        for first in range(1, second + 1):
            ranges = domain.consistency_ranges(first, second)
            proof = [bytes.fromhex(h) for h in domain.proof_hashes(ranges, LOG.stored)]
            first_root = bytes.fromhex(domain.root_hash(first, LOG.stored))
            assert verify_consistency(first, second, first_root, second_root, proof), (first, second)


def test_a_rewritten_history_fails_the_consistency_proof() -> None:
    first, second = 13, 70
    proof = [bytes.fromhex(h) for h in domain.proof_hashes(domain.consistency_ranges(first, second), LOG.stored)]
    first_root = bytes.fromhex(domain.root_hash(first, LOG.stored))
    second_root = bytes.fromhex(domain.root_hash(second, LOG.stored))
    assert verify_consistency(first, second, first_root, second_root, proof)
    # a log that changed record 5 after the checkpoint of 13
    forked = list(LEAVES)
    forked[5] = h_leaf(b"rewritten")
    assert not verify_consistency(first, second, first_root, mth(forked[:second]), proof)
    assert not verify_consistency(first, second, mth(forked[:first]), second_root, proof)
    for i in range(len(proof)):
        bad = list(proof)
        bad[i] = bytes(32)
        assert not verify_consistency(first, second, first_root, second_root, bad)
    assert not verify_consistency(first, second, first_root, second_root, proof[1:])


# --- signed notes ---------------------------------------------------------------------------
SIGNER = domain.NoteSigner(name="expro.test/log", seed=bytes(range(32)))


def test_a_checkpoint_note_is_signed_and_opens_with_the_published_key() -> None:
    log = domain.SignedLog("expro.test/log", SIGNER)
    root = domain.root_hash(7, LOG.stored)
    note = log.note(7, root)
    assert note.startswith(
        f"expro.test/log\n7\n{base64.b64encode(bytes.fromhex(root)).decode()}\n\n\u2014 expro.test/log "
    )
    assert independent_open(note, SIGNER.verifier_key()) == ("expro.test/log", 7, bytes.fromhex(root))
    assert domain.open_note(note, SIGNER.verifier_key()) == domain.checkpoint_body("expro.test/log", 7, root)


def test_a_changed_note_or_another_key_fails() -> None:
    log = domain.SignedLog("expro.test/log", SIGNER)
    note = log.note(7, domain.root_hash(7, LOG.stored))
    forged = note.replace("\n7\n", "\n8\n")
    with pytest.raises(InvalidSignature):
        independent_open(forged, SIGNER.verifier_key())
    assert domain.open_note(forged, SIGNER.verifier_key()) is None
    other = domain.NoteSigner(name="expro.test/log", seed=bytes(32))
    assert domain.open_note(note, other.verifier_key()) is None


def test_a_signer_key_round_trips_and_its_verifier_key_has_the_c2sp_form() -> None:
    assert domain.NoteSigner.parse(SIGNER.signer_key()) == SIGNER
    name, key_hash, key = SIGNER.verifier_key().split("+", 2)
    assert name == "expro.test/log" and len(key_hash) == 8
    assert base64.b64decode(key) == b"\x01" + SIGNER.public
    with pytest.raises(ValueError):
        domain.NoteSigner.parse(SIGNER.signer_key().replace("expro.test/log", "other"))
    with pytest.raises(ValueError):
        domain.NoteSigner(name="has space", seed=bytes(32))


def test_the_chain_walk_recomputes_the_tree_and_checks_each_leaf() -> None:
    from datetime import UTC, datetime, timedelta

    t0 = datetime(2022, 3, 1, 2, 0, tzinfo=UTC)
    links, prev = [], domain.GENESIS
    for i in range(13):
        when = t0 + timedelta(minutes=i)
        doc = {"id": f"e-{i}", "type": "t", "source": "/s", "subject": "p", "actor": "a",
               "time": when.isoformat(), "data": {"amount": f"{i}.00"}}  # fmt: skip
        p = domain.canonical_json(doc)
        links.append(domain.Link(i + 1, f"e-{i}", "t", "/s", "p", "a", when, p, prev, domain.seal(prev, p),
                                 domain.leaf_hash(p)))  # fmt: skip
        prev = links[-1].hash
    leaves = [h_leaf(link.payload.encode()) for link in links]
    walk = domain.ChainWalk(root_at=5)
    walk.extend(links[:4])
    walk.extend(links[4:])
    report = walk.report()
    assert (report.valid, report.root, report.root_at) == (True, mth(leaves).hex(), mth(leaves[:5]).hex())

    walk = domain.ChainWalk()
    walk.extend([*links[:7], links[7]._replace(leaf_hash=domain.leaf_hash("something else")), *links[8:]])
    report = walk.report()
    assert (report.valid, report.first_invalid_seq) == (False, 8)
    assert report.root == mth(leaves).hex()  # the root is the payloads', whatever is stored
