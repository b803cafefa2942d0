"""Fintecture's PIS API: client, statuses and HTTP signatures (no Odoo)."""
