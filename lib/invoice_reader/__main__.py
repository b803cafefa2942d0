"""python -m lib.invoice_reader FILE: print the fields read from an invoice
PDF or photo (JPEG, PNG) as JSON."""

import argparse
import json
import sys
from pathlib import Path

from . import InvoiceReadError, read_invoice


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lib.invoice_reader")
    parser.add_argument("file", type=Path, help="invoice PDF or photo to read")
    args = parser.parse_args(argv)
    try:
        fields = read_invoice(args.file.read_bytes(), args.file.name)
    except InvoiceReadError as error:
        print(f"{args.file}: {error.message} [{error.code}]", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"{args.file}: {error.strerror}", file=sys.stderr)
        return 2
    print(json.dumps(fields.to_dict(), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
