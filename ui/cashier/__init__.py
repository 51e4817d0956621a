"""Cashier sessions (收费班次): 开班, the live session panel, 交班/日结 with the drawer count, and
the supervisor's 班次审核. ``CashierModule`` is the entry point (ui/cashier/module.py)."""
