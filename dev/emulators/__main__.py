"""Run both emulators for the demo.

    python -m dev.emulators --fintecture-port 8070 --payplug-port 8071 \
        --key-file PATH [--webhook-url URL] [--webhook-format form|json]

The merchant RSA key pair is read from PATH, or generated and written there
(private key, 0600) with the public key next to it (PATH.pub); the app secret
is kept in PATH.secret likewise, so the Odoo settings survive a restart. The
credentials to paste in Odoo are printed on start.
"""

import argparse
import logging
import os
import secrets
import threading
from pathlib import Path

from . import FintectureEmulator, PayplugEmulator
from .merchant_keys import new_key_pair, public_pem_of


def load_or_create_key_pair(path: Path):
    """Return (private_pem, public_pem), creating the pair if `path` is absent."""
    if not path.exists():
        private_pem, _public_pem = new_key_pair()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(private_pem)
        os.chmod(path, 0o600)
    private_pem = path.read_text()
    public_pem = public_pem_of(private_pem)
    path.with_name(path.name + ".pub").write_text(public_pem)
    return private_pem, public_pem


def load_or_create_secret(path: Path):
    if not path.exists():
        path.write_text(secrets.token_hex(16))
        os.chmod(path, 0o600)
    return path.read_text().strip()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fintecture-port", type=int, default=8070)
    parser.add_argument("--payplug-port", type=int, default=8071)
    parser.add_argument("--key-file", type=Path, required=True)
    parser.add_argument("--app-id", default="demo-app")
    parser.add_argument("--app-secret", default=None)
    parser.add_argument("--payplug-key", default="sk_test_demo")
    parser.add_argument(
        "--webhook-url",
        default=None,
        help="Fintecture webhook target, e.g. the Odoo webhook route",
    )
    parser.add_argument(
        "--webhook-format",
        choices=("form", "json"),
        default="form",
        help="how Fintecture posts its webhooks (a setting of its console)",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)

    _private_pem, public_pem = load_or_create_key_pair(args.key_file)
    app_secret = args.app_secret or load_or_create_secret(
        args.key_file.with_name(args.key_file.name + ".secret")
    )
    fintecture = FintectureEmulator(
        args.app_id,
        app_secret,
        public_pem,
        webhook_url=args.webhook_url,
        port=args.fintecture_port,
        webhook_format=args.webhook_format,
    ).start()
    payplug = PayplugEmulator(args.payplug_key, port=args.payplug_port).start()
    print("Fintecture emulator:", fintecture.base_url)
    print("  app id:      ", args.app_id)
    print("  app secret:  ", app_secret)
    print("  private key: ", args.key_file)
    print("  webhook url: ", args.webhook_url or "(none: pass --webhook-url)")
    print("Payplug emulator:   ", payplug.base_url)
    print("  secret key:  ", args.payplug_key)
    print("Ctrl+C to stop.", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        fintecture.stop()
        payplug.stop()


if __name__ == "__main__":
    main()
