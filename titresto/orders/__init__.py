"""Orders: the order and its lines, pricing, the three ordering modes, the file import, payment."""
