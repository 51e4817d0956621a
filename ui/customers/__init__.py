"""Customers module (客户): search as you type, registration / edit form, customer view."""
