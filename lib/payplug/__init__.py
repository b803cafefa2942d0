"""Payplug's payment API: client and statuses (no Odoo)."""
