"""Writes of the accounts app, one module per flow (a single services.py would pass ~400 lines)."""
