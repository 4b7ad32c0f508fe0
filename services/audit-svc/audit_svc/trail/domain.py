"""The audit hash chain (审计留痕), pure: canonical form, sealing and verification (no I/O).

Each record's ``hash`` is ``sha256(prev_hash + payload)`` in hex, where ``payload`` is the
canonical JSON of the whole CloudEvent and ``prev_hash`` is the previous record's hash
(64 zeros for the first). Changing, removing or reordering any sealed record breaks
every link after it, so one recomputation from the start finds the first bad record.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

import orjson
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

GENESIS = "0" * 64


def canonical_json(document: dict[str, Any]) -> str:
    """The one serialisation that is hashed: sorted keys, no spaces, UTF-8 kept as is."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def seal(prev_hash: str, payload: str) -> str:
    """The hash that links ``payload`` after ``prev_hash``."""
    return hashlib.sha256((prev_hash + payload).encode("utf-8")).hexdigest()


class Link(NamedTuple):
    """One sealed record as stored: the columns that queries use, the payload, the links.
    A named tuple: verification builds one per record, and a tuple is the cheapest to build."""

    seq: int
    event_id: str
    event_type: str
    source: str
    subject: str
    actor: str
    event_time: datetime
    payload: str
    prev_hash: str
    hash: str
    #: RFC 9162 leaf hash as stored (None: not checked)
    leaf_hash: str | None = None


@dataclass(frozen=True)
class Head:
    """The chain head as recorded beside the chain: the last sealed position and hash."""

    seq: int
    hash: str


@dataclass(frozen=True)
class ChainReport:
    valid: bool
    records: int
    head: str
    first_invalid_seq: int | None
    #: RFC 9162 root recomputed from the payloads of every record walked
    root: str = hashlib.sha256(b"").hexdigest()
    #: the root recomputed at the size asked for (``ChainWalk(root_at=…)``), if reached
    root_at: str | None = None


class ChainWalk:
    """Recomputes the chain batch by batch, in ``seq`` order (so it can stream), and beside
    it the RFC 9162 tree of the payloads: each leaf hash is checked against the stored one,
    and the root comes out at the end (and at ``root_at`` records, when asked)."""

    def __init__(self, root_at: int | None = None) -> None:
        self.records = 0
        self.last_seq = 0
        self.last_hash = GENESIS
        self.first_invalid_seq: int | None = None
        self.root_at = root_at
        self._root_at: str | None = None
        self._tree: list[tuple[int, bytes]] = []  # the right edge: (level, digest), levels falling

    def extend(self, links: Iterable[Link]) -> None:
        """Walk on over ``links``, the next records in order (one call per batch of a stream)."""
        expected, last_seq, records = self.last_hash, self.last_seq, self.records
        first_invalid = self.first_invalid_seq
        tree, sha, target = self._tree, hashlib.sha256, self.root_at
        for link in links:
            leaf = sha(b"\x00" + link.payload.encode("utf-8")).digest()
            if first_invalid is None and (
                not _intact(link, expected) or (link.leaf_hash is not None and leaf.hex() != link.leaf_hash)
            ):
                first_invalid = link.seq
            level = 0
            while tree and tree[-1][0] == level:
                leaf = sha(b"\x01" + tree.pop()[1] + leaf).digest()
                level += 1
            tree.append((level, leaf))
            expected, last_seq = link.hash, link.seq
            records += 1
            if records == target:
                self._root_at = self._root()
        self.first_invalid_seq = first_invalid
        self.last_hash, self.last_seq, self.records = expected, last_seq, records

    def _root(self) -> str:
        if not self._tree:
            return hashlib.sha256(b"").hexdigest()
        acc = self._tree[-1][1]
        for _, digest in reversed(self._tree[:-1]):
            acc = hashlib.sha256(b"\x01" + digest + acc).digest()
        return acc.hex()

    def report(self, head: Head | None = None) -> ChainReport:
        """The verdict; ``head`` also catches records cut off the end of the chain."""
        first_invalid = self.first_invalid_seq
        at_head = head is None or (head.seq, head.hash) == (self.last_seq, self.last_hash)
        if first_invalid is None and not at_head:
            assert head is not None
            first_invalid = _first_disagreement(head, self.last_seq)
        return ChainReport(
            valid=first_invalid is None,
            records=self.records,
            head=self.last_hash,
            first_invalid_seq=first_invalid,
            root=self._root(),
            root_at=self._root_at if self.root_at else None,
        )


def verify(links: list[Link], head: Head | None = None) -> ChainReport:
    """Recompute a whole chain given in ``seq`` order."""
    walk = ChainWalk()
    walk.extend(links)
    return walk.report(head)


def _intact(link: Link, expected_prev: str) -> bool:
    """Linked to its predecessor, hash recomputes, and the queried columns match the payload."""
    if link.prev_hash != expected_prev or seal(link.prev_hash, link.payload) != link.hash:
        return False
    try:
        event = orjson.loads(link.payload)
        return (
            event.get("id") == link.event_id
            and event.get("type") == link.event_type
            and event.get("source") == link.source
            and event.get("subject") == link.subject
            and event.get("actor") == link.actor
            and datetime.fromisoformat(event["time"]) == link.event_time
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return False


def _first_disagreement(head: Head, last_seq: int) -> int:
    if head.seq > last_seq:
        return last_seq + 1  # records sealed after last_seq are missing
    if head.seq < last_seq:
        return head.seq + 1  # records after the head were never sealed through it
    return head.seq  # same position, different hash: the head or the last record was altered


# --- The transparency log (RFC 9162 §2.1) over the same records, in trail order -------------
#
# Leaf ``i`` (0-based, dense) is the record of seq ``i + 1``; its hash is
# ``SHA-256(0x00 ‖ canonical)`` where ``canonical`` is the stored payload, exactly as hashed
# into the chain. An interior node is ``SHA-256(0x01 ‖ left ‖ right)``. A node is named by
# ``(level, index)``: it covers leaves ``[index·2^level, (index+1)·2^level)``. Sealing stores
# each leaf hash on its record and each node of level ≥ 1 the moment its subtree completes;
# then the root of any size, and every proof, needs O(log n) stored hashes (``NodeKey``s) and
# never a scan. Hashes are lowercase hex.

NodeKey = tuple[int, int]
#: The root of the empty tree: SHA-256 of nothing (RFC 9162 §2.1.1).
EMPTY_ROOT = hashlib.sha256(b"").hexdigest()


def leaf_hash(canonical: str) -> str:
    """``SHA-256(0x00 ‖ canonical UTF-8)``, in hex."""
    return hashlib.sha256(b"\x00" + canonical.encode("utf-8")).hexdigest()


def node_hash(left: str, right: str) -> str:
    """``SHA-256(0x01 ‖ left ‖ right)`` of two hex hashes, in hex."""
    return hashlib.sha256(b"\x01" + bytes.fromhex(left) + bytes.fromhex(right)).hexdigest()


def _split(n: int) -> int:
    """The largest power of two smaller than ``n`` (n ≥ 2): where RFC 9162 splits a tree."""
    return 1 << ((n - 1).bit_length() - 1)


def subtrees(start: int, end: int) -> list[NodeKey]:
    """The complete subtrees, left to right, that make the RFC 9162 subtree of leaves
    ``[start, end)`` (``start`` aligned as in any subtree of the tree): for ``[0, n)``, one
    per set bit of ``n`` — the stored nodes the root of size ``n`` is folded from."""
    keys: list[NodeKey] = []
    while start < end:
        level = (end - start).bit_length() - 1
        while start % (1 << level):
            level -= 1
        keys.append((level, start >> level))
        start += 1 << level
    return keys


def fold(hashes: list[str]) -> str:
    """The hash of a subtree from its complete subtrees' hashes (``subtrees`` order): the
    right-most ones join first, as RFC 9162's split puts the complete part on the left."""
    if not hashes:
        return EMPTY_ROOT
    acc = hashes[-1]
    for h in reversed(hashes[:-1]):
        acc = node_hash(h, acc)
    return acc


def range_hash(start: int, end: int, stored: dict[NodeKey, str]) -> str:
    """MTH of leaves ``[start, end)`` from stored complete subtrees."""
    return fold([stored[k] for k in subtrees(start, end)])


def root_keys(size: int) -> list[NodeKey]:
    """The stored hashes the root of the tree of ``size`` leaves needs."""
    return subtrees(0, size)


def root_hash(size: int, stored: dict[NodeKey, str]) -> str:
    """MTH(D[0:size]) from stored complete subtrees (``root_keys(size)`` of them)."""
    return range_hash(0, size, stored)


class Extension(NamedTuple):
    """What appending leaves adds: the new nodes of level ≥ 1, the tree's new root, and its
    new right edge (the hashes of ``root_keys(new size)``, in order)."""

    nodes: list[tuple[int, int, str]]
    root: str
    edge: list[str]


def extend(size: int, stored: dict[NodeKey, str], leaves: list[str]) -> Extension:
    """Append ``leaves`` (hashes) to the tree of ``size`` leaves whose right edge
    (``root_keys(size)``) is in ``stored``: the nodes of level ≥ 1 that complete, as
    ``(level, index, hash)``, and the new root. One hash per leaf, amortised."""
    stack: list[tuple[int, int, str]] = [(level, index, stored[(level, index)]) for level, index in root_keys(size)]
    nodes: list[tuple[int, int, str]] = []
    for offset, h in enumerate(leaves):
        stack.append((0, size + offset, h))
        while len(stack) > 1 and stack[-1][0] == stack[-2][0]:
            level, _, right = stack.pop()
            _, index, left = stack.pop()
            node = (level + 1, index >> 1, node_hash(left, right))
            stack.append(node)
            nodes.append(node)
    edge = [h for _, _, h in stack]
    return Extension(nodes, fold(edge), edge)


def pack_edge(size: int, hashes: list[str]) -> str:
    """The right edge of the tree of ``size`` leaves as kept on the chain head:
    ``<size>:<hashes concatenated>`` (the size says which tree it is the edge of)."""
    return f"{size}:{''.join(hashes)}"


def unpack_edge(size: int, packed: str) -> dict[NodeKey, str] | None:
    """The right edge of the tree of ``size`` leaves from the chain head, or None when the
    head does not hold that tree's (records written past it without it, e.g. straight into
    the database): then it is read from the nodes."""
    at, _, hashes = packed.partition(":")
    keys = root_keys(size)
    if at != str(size) or len(hashes) != 64 * len(keys):
        return None
    return {key: hashes[64 * i : 64 * (i + 1)] for i, key in enumerate(keys)}


def inclusion_ranges(index: int, size: int) -> list[tuple[int, int]]:
    """The leaf ranges whose MTHs are the audit path of leaf ``index`` in the tree of
    ``size`` leaves, from the leaf up: RFC 9162 §2.1.3.1's PATH(m, D[n])."""
    path: list[tuple[int, int]] = []
    start, end = 0, size
    while end - start > 1:
        k = _split(end - start)
        if index - start < k:
            path.append((start + k, end))
            end = start + k
        else:
            path.append((start, start + k))
            start += k
    path.reverse()
    return path


def consistency_ranges(first: int, second: int) -> list[tuple[int, int]]:
    """The leaf ranges whose MTHs prove the tree of ``first`` leaves is a prefix of the tree
    of ``second`` (0 < first ≤ second): RFC 9162 §2.1.4.1's PROOF(m, D[n])."""
    proof: list[tuple[int, int]] = []
    start, end, whole = 0, second, True
    while first != end:
        k = _split(end - start)
        if first - start <= k:
            proof.append((start + k, end))
            end = start + k
        else:
            proof.append((start, start + k))
            start += k
            whole = False
    if not whole:
        proof.append((start, end))
    proof.reverse()
    return proof


def proof_keys(ranges: list[tuple[int, int]]) -> set[NodeKey]:
    """Every stored hash the ranges' MTHs need (O(log n) for a proof's ranges)."""
    return {key for start, end in ranges for key in subtrees(start, end)}


def proof_hashes(ranges: list[tuple[int, int]], stored: dict[NodeKey, str]) -> list[str]:
    return [range_hash(start, end, stored) for start, end in ranges]


# --- Signed checkpoints: a C2SP tlog-checkpoint in a C2SP signed note (Ed25519) -------------
#
# body      = "<origin>\n<tree size>\n<base64 root hash>\n"
# note      = body + "\n" + "— <key name> <base64(key hash ‖ signature)>\n"
# key hash  = the first 4 bytes of SHA-256(<key name> ‖ "\n" ‖ 0x01 ‖ public key)
# verifier  = "<key name>+<hex key hash>+<base64(0x01 ‖ public key)>"
# signer    = "PRIVATE+KEY+<key name>+<hex key hash>+<base64(0x01 ‖ private seed)>"

ED25519 = b"\x01"


def checkpoint_body(origin: str, size: int, root: str) -> str:
    """The C2SP tlog-checkpoint body of the tree of ``size`` leaves with root ``root`` (hex)."""
    return f"{origin}\n{size}\n{base64.b64encode(bytes.fromhex(root)).decode()}\n"


def _key_hash(name: str, public: bytes) -> bytes:
    return hashlib.sha256(name.encode("utf-8") + b"\n" + ED25519 + public).digest()[:4]


def _valid_key_name(name: str) -> bool:
    return bool(name) and all(c.isprintable() and not c.isspace() and c != "+" for c in name)


@dataclass(frozen=True)
class NoteSigner:
    """An Ed25519 key that signs notes under ``name`` (a C2SP note key name)."""

    name: str
    seed: bytes

    def __post_init__(self) -> None:
        if not _valid_key_name(self.name) or len(self.seed) != 32:
            raise ValueError("a note key has a name without spaces or '+' and a 32-byte Ed25519 seed")

    @classmethod
    def generate(cls, name: str) -> NoteSigner:
        from cryptography.hazmat.primitives import serialization

        raw = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
        )
        return cls(name, raw)

    @classmethod
    def parse(cls, text: str) -> NoteSigner:
        """A signer key ``PRIVATE+KEY+<name>+<hex hash>+<base64(0x01 ‖ seed)>``."""
        parts = text.strip().split("+", 4)
        if len(parts) != 5 or parts[:2] != ["PRIVATE", "KEY"]:
            raise ValueError("not a note signer key (PRIVATE+KEY+<name>+<hash>+<key>)")
        raw = base64.b64decode(parts[4], validate=True)
        if raw[:1] != ED25519:
            raise ValueError("only Ed25519 note keys are supported")
        signer = cls(parts[2], raw[1:])
        if signer.key_hash.hex() != parts[3]:
            raise ValueError("the signer key's hash does not match its name and key")
        return signer

    @property
    def _private(self) -> Ed25519PrivateKey:
        return Ed25519PrivateKey.from_private_bytes(self.seed)

    @property
    def public(self) -> bytes:
        from cryptography.hazmat.primitives import serialization

        return self._private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    @property
    def key_hash(self) -> bytes:
        return _key_hash(self.name, self.public)

    def signer_key(self) -> str:
        """The secret form to keep (never publish it)."""
        return f"PRIVATE+KEY+{self.name}+{self.key_hash.hex()}+{base64.b64encode(ED25519 + self.seed).decode()}"

    def verifier_key(self) -> str:
        """The public verifier key: ``<name>+<hex key hash>+<base64(0x01 ‖ public key)>``."""
        return f"{self.name}+{self.key_hash.hex()}+{base64.b64encode(ED25519 + self.public).decode()}"

    def sign(self, body: str) -> str:
        """The signed note of ``body`` (which ends with a newline): body, blank line, one
        signature line."""
        signature = self._private.sign(body.encode("utf-8"))
        return f"{body}\n\u2014 {self.name} {base64.b64encode(self.key_hash + signature).decode()}\n"


def open_note(note: str, verifier_key: str) -> str | None:
    """The body of ``note`` if it carries a valid signature by ``verifier_key``, else None."""
    name, hash_hex, key_b64 = verifier_key.split("+", 2)
    raw = base64.b64decode(key_b64)
    if raw[:1] != ED25519 or _key_hash(name, raw[1:]).hex() != hash_hex:
        return None
    body, sep, signatures = note.rpartition("\n\n")
    if not sep:
        return None
    public = Ed25519PublicKey.from_public_bytes(raw[1:])
    for line in signatures.splitlines():
        prefix = f"\u2014 {name} "
        if not line.startswith(prefix):
            continue
        blob = base64.b64decode(line[len(prefix) :])
        if blob[:4].hex() != hash_hex:
            continue
        try:
            public.verify(blob[4:], (body + "\n").encode("utf-8"))
        except Exception:
            return None
        return body + "\n"
    return None


@dataclass(frozen=True)
class SignedLog:
    """The log's identity: its origin and the key its checkpoints are signed with."""

    origin: str
    signer: NoteSigner

    def note(self, size: int, root: str) -> str:
        """The signed checkpoint of the tree of ``size`` leaves with root ``root``."""
        return self.signer.sign(checkpoint_body(self.origin, size, root))
