"""Cards: one live card per beneficiary, its life cycle and (later) its balance ledger."""
