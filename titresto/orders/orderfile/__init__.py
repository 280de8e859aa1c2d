"""The order file (DOMAIN.md « The order file »): read, validate, report, and its blank template.

`validate_order_file` is the entry point; `reader` turns bytes into rows, `lines` checks them
against the world that `world` reads once, `report` holds what comes out.
"""
