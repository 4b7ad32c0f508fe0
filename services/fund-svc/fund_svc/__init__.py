"""资金归集、拨付、监管 — each project's dedicated escrow account (专户) and its ledger."""
