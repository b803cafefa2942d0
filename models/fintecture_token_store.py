"""Where the Fintecture client keeps its access token, on the Odoo side.

Chosen: a stored field of the provider (restricted to system, not copied,
blanked by neutralize.sql), so that every worker process and cron shares one
token until it expires, instead of each process asking its own. It is
written in a short transaction of its own, skipping a locked row, so that a
webhook or a payment never waits on (nor conflicts over) the provider row;
this transaction keeps its copy in the cursor's cache, as it cannot see
that other transaction's commit. The token is never logged.
"""

import logging
from datetime import datetime, timezone

import psycopg2

from odoo.modules.registry import Registry

_logger = logging.getLogger(__name__)

_CACHE_KEY = "pay_by_link.fintecture_token"


class FintectureTokenStore:
    """The token store of one Fintecture provider (see `MemoryTokenStore`
    in lib/fintecture/client.py for the interface)."""

    def __init__(self, provider):
        self.provider = provider.sudo()
        self.cache = provider.env.cr.cache.setdefault(_CACHE_KEY, {})

    def load(self):
        """:return: (token, expiry as a POSIX timestamp) or None"""
        if self.provider.id in self.cache:
            return self.cache[self.provider.id]
        token = self.provider.fintecture_access_token
        expiry = self.provider.fintecture_token_expiry
        if not token or not expiry:
            return None
        return token, expiry.replace(tzinfo=timezone.utc).timestamp()

    def save(self, token, expires_at):
        self.cache[self.provider.id] = (token, expires_at)
        expiry = datetime.fromtimestamp(expires_at, timezone.utc).replace(tzinfo=None)
        self._store(token, expiry)

    def clear(self):
        self.cache[self.provider.id] = None
        self._store(None, None)

    def _store(self, token, expiry):
        registry = Registry(self.provider.env.cr.dbname)
        try:
            with registry.cursor() as cr:
                cr.execute(
                    """UPDATE payment_provider
                          SET fintecture_access_token = %s,
                              fintecture_token_expiry = %s
                        WHERE id IN (SELECT id FROM payment_provider WHERE id = %s
                                     FOR UPDATE SKIP LOCKED)""",
                    [token, expiry, self.provider.id],
                )
        except psycopg2.Error as error:  # the token is only a cache
            _logger.info("Fintecture token not shared with other workers: %s", error)
