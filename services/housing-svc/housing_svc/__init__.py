"""安置房源 — resettlement housing stock, selection rounds (lottery) and allocation (安置房)."""
