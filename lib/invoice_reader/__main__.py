"""python -m lib.invoice_reader FILE.pdf: print the fields read as JSON."""

import argparse
import json
import sys
from pathlib import Path

from . import InvoiceReadError, read_invoice


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lib.invoice_reader")
    parser.add_argument("pdf", type=Path, help="invoice PDF to read")
    args = parser.parse_args(argv)
    try:
        fields = read_invoice(args.pdf.read_bytes())
    except InvoiceReadError as error:
        print(f"{args.pdf}: {error.message} [{error.code}]", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"{args.pdf}: {error.strerror}", file=sys.stderr)
        return 2
    print(json.dumps(fields.to_dict(), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
