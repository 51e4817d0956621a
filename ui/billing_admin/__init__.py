"""Billing administration (电费管理, supervisors and administrators): 抄表导入, 电费核算 and
电价管理. ``BillingAdminModule`` is the entry point (ui/billing_admin/module.py)."""
