"""Demo data for `titresto demo-data`: one module per area, each idempotent.

- `clients.py`: the issuer's staff, the clients, their contracts and managers (issue 2).
- `directory.py`: delivery points and beneficiaries (issue 3), `seed_directory(*, client, now)`.
"""
