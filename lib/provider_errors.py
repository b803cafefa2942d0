"""Errors raised by the provider API clients, and the HTTP call that raises them.

The clients never let a `requests` exception escape: a network problem becomes
`ProviderTimeout`, an HTTP answer outside 2xx becomes `ProviderError` carrying
the provider's own message.
"""

import logging

import requests

_logger = logging.getLogger(__name__)


class ProviderError(Exception):
    """The provider refused the request or could not be understood."""

    def __init__(self, provider, message, http_status=None):
        super().__init__(f"{provider}: {message}")
        self.provider = provider
        self.provider_message = message
        self.http_status = http_status


class ProviderTimeout(ProviderError):
    """The provider could not be reached in time."""


class ProviderNotFound(ProviderError):
    """The provider does not know what was asked (HTTP 404): a session of
    another account, or one it no longer keeps."""


def request_json(session, provider, method, url, timeout, **kwargs):
    """Send one HTTP request and return the decoded JSON answer (or {} if empty).

    :raise ProviderTimeout: on timeout or connection failure
    :raise ProviderNotFound: on a 404 answer
    :raise ProviderError: on another non-2xx answer or an undecodable body
    """
    try:
        response = session.request(method, url, timeout=timeout, **kwargs)
    except (requests.exceptions.Timeout, requests.exceptions.ConnectionError) as error:
        _logger.warning("%s unreachable at %s %s: %s", provider, method, url, error)
        raise ProviderTimeout(provider, str(error)) from error
    if not response.ok:
        message = extract_error_message(response)
        _logger.warning(
            "%s answered %s to %s %s: %s",
            provider,
            response.status_code,
            method,
            url,
            message,
        )
        error = ProviderNotFound if response.status_code == 404 else ProviderError
        raise error(provider, message, http_status=response.status_code)
    if not response.content:
        return {}
    try:
        return response.json()
    except ValueError as error:
        raise ProviderError(
            provider, "invalid JSON answer", http_status=response.status_code
        ) from error


def extract_error_message(response):
    """Best human-readable message of an error answer (Fintecture, Payplug, OAuth)."""
    try:
        payload = response.json()
    except ValueError:
        return response.text[:200] or response.reason or f"HTTP {response.status_code}"
    if not isinstance(payload, dict):
        return str(payload)[:200]
    errors = payload.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        payload = errors[0]
    for key in ("message", "detail", "error_description", "title", "error", "code"):
        if payload.get(key):
            return str(payload[key])
    return f"HTTP {response.status_code}"
