"""Field accuracy and speed of lib.invoice_reader over the invoice corpus.

Run from the repository root: python3 bench/reader_accuracy.py [-v] [SET ...]
The corpus is <repo>/../shared/corpus unless PAY_BY_LINK_CORPUS says otherwise.
Exits 1 when a target is missed."""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pypdf import PdfReader  # noqa: E402

from lib.invoice_reader import read_invoice  # noqa: E402

FIELDS = (
    "amount", "currency", "reference", "date", "due_date", "name", "customer_type",
    "email", "phone", "vat", "siren", "siret", "iban", "issuer",
)  # fmt: skip
SETS = ("real", "generated", "scanned")
ACCURACY_TARGETS = {"text": 0.95, "scanned": 0.90}
MEDIAN_TEXT_SECONDS = 0.5
SECONDS_PER_SCANNED_PAGE = 4.0


def corpus_dir() -> Path:
    return Path(
        os.environ.get("PAY_BY_LINK_CORPUS") or REPO.parent / "shared" / "corpus"
    )


def normalise(field: str, value):
    """The README's comparison form of a truth or predicted value."""
    if value is None:
        return None
    if field == "amount":
        return round(float(value), 2)
    if field in ("date", "due_date", "vat", "siren", "siret", "iban"):
        return str(value)
    return " ".join(str(value).split()).lower()


def is_correct(field: str, predicted, truth: dict) -> bool:
    accepted = [truth.get(field), *truth.get("alternatives", {}).get(field, [])]
    return normalise(field, predicted) in {
        normalise(field, value) for value in accepted
    }


def run_set(folder: Path, verbose: bool) -> dict:
    results = {
        "correct": dict.fromkeys(FIELDS, 0),
        "files": 0,
        "seconds": [],
        "page_seconds": [],
        "cpu_seconds": 0.0,
        "pages": 0,
    }
    for pdf in sorted(folder.glob("*.pdf")):
        truth = json.loads(pdf.with_suffix(".json").read_text())
        started, cpu_started = time.perf_counter(), _cpu_seconds()
        predicted = read_invoice(pdf.read_bytes()).to_dict()
        seconds = time.perf_counter() - started
        results["cpu_seconds"] += _cpu_seconds() - cpu_started
        pages = len(PdfReader(pdf).pages)
        results["seconds"].append(seconds)
        results["page_seconds"].append(seconds / pages)
        results["files"] += 1
        results["pages"] += pages
        for field in FIELDS:
            if is_correct(field, predicted[field], truth):
                results["correct"][field] += 1
            elif verbose:
                got, want = predicted[field], truth[field]
                print(f"  {pdf.stem:32} {field:13} got {got!r} want {want!r}")
    return results


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (tesseract,
    poppler): unlike wall time, not inflated by other jobs on the machine."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def accuracy(results: list[dict]) -> float:
    correct = sum(sum(r["correct"].values()) for r in results)
    total = sum(r["files"] for r in results) * len(FIELDS)
    return correct / total if total else 0.0


def _median_p90(values: list[float]) -> str:
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
    return f"median {statistics.median(ordered):.2f}, p90 {p90:.2f}"


def report(name: str, results: dict) -> None:
    print(f"\n== {name}: {results['files']} files, {results['pages']} pages")
    for field in FIELDS:
        print(f"  {field:14} {results['correct'][field] / results['files']:.2f}")
    print(f"  overall field accuracy {accuracy([results]):.3f}")
    print(f"  seconds per file: {_median_p90(results['seconds'])}")
    if name == "scanned":
        mean = sum(results["seconds"]) / results["pages"]
        per_page = _median_p90(results["page_seconds"])
        cpu = results["cpu_seconds"] / results["pages"]
        print(f"  seconds per page: {per_page}, mean {mean:.2f} (cpu {cpu:.2f})")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("sets", nargs="*", default=SETS)
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses")
    args = parser.parse_args()
    corpus = corpus_dir()
    if not corpus.is_dir():
        print(f"corpus not found: {corpus} (set PAY_BY_LINK_CORPUS)", file=sys.stderr)
        return 2
    results = {}
    for name in args.sets:
        results[name] = run_set(corpus / name, args.verbose)
        report(name, results[name])
    return 0 if _targets_met(results) else 1


def _targets_met(results: dict) -> bool:
    checks = []
    text_sets = [results[name] for name in ("real", "generated") if name in results]
    if text_sets:
        text_accuracy = accuracy(text_sets)
        text_median = statistics.median(s for r in text_sets for s in r["seconds"])
        checks += [
            ("text PDFs field accuracy", text_accuracy, ">=", ACCURACY_TARGETS["text"]),
            ("text PDF median seconds", text_median, "<=", MEDIAN_TEXT_SECONDS),
        ]
    if "scanned" in results:
        scanned = results["scanned"]
        per_page = sum(scanned["seconds"]) / scanned["pages"]
        checks += [
            (
                "scanned field accuracy",
                accuracy([scanned]),
                ">=",
                ACCURACY_TARGETS["scanned"],
            ),
            ("scanned seconds per page", per_page, "<=", SECONDS_PER_SCANNED_PAGE),
        ]
    print("\n== targets")
    met = True
    for label, value, operator, target in checks:
        ok = value >= target if operator == ">=" else value <= target
        met &= ok
        status = "ok  " if ok else "MISS"
        print(f"  {status} {label}: {value:.3f} (target {operator} {target})")
    return met


if __name__ == "__main__":
    sys.exit(main())
