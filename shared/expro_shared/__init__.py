"""Common plumbing shared by the four services (no business rules live here)."""
