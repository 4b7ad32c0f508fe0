"""``python -m audit_svc.keygen [ORIGIN]``: a new checkpoint signer key for
``AUDIT_SVC_CHECKPOINT_KEY`` (printed on stdout, never written anywhere), and its public
verifier key on stderr. The key name is the log's origin (``AUDIT_SVC_CHECKPOINT_ORIGIN``,
by default ``expro.local/audit-svc``)."""

from __future__ import annotations

import sys

from audit_svc.trail.domain import NoteSigner


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    origin = args[0] if args else "expro.local/audit-svc"
    signer = NoteSigner.generate(origin)
    print(signer.signer_key())
    print(f"verifier key: {signer.verifier_key()}", file=sys.stderr)


if __name__ == "__main__":
    main()
