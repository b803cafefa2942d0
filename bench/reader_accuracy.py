"""Field accuracy and speed of lib.invoice_reader over the invoice corpus.

Run from the repository root:

    python3 bench/reader_accuracy.py [-v] [--steps] [SET ...]

The corpus is expected at <repo>/../shared/corpus (the folder `shared` beside
the repository); set PAY_BY_LINK_CORPUS to read it from elsewhere. Each set
is a folder of invoices (.pdf, and .jpg photos) with a .json truth beside
each one. Prints the figures per set and exits 1 when a target is missed.

--steps measures what each image preparation step brings on the office
scans: the scanned_hard set read with the steps added one by one."""

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

from lib.invoice_reader import InvoiceReadError, read_invoice, scan_cleanup  # noqa: E402

FIELDS = (
    "amount", "currency", "reference", "date", "due_date", "name", "customer_type",
    "email", "phone", "vat", "siren", "siret", "iban", "issuer",
)  # fmt: skip
SETS = ("real", "generated", "scanned", "scanned_hard", "photos")
TEXT_SETS = ("real", "generated")
ACCURACY_TARGETS = {
    "text PDFs (real + generated)": (TEXT_SETS, 0.97),
    "real": (("real",), 0.95),
    "scanned": (("scanned",), 0.95),
    "scanned_hard": (("scanned_hard",), 0.92),
    "photos": (("photos",), 0.85),
}
MEDIAN_TEXT_SECONDS = 0.3
MEAN_SECONDS_PER_SCANNED_PAGE = 4.0
MEAN_SECONDS_PER_PHOTO = 6.0


def corpus_dir() -> Path:
    return Path(
        os.environ.get("PAY_BY_LINK_CORPUS") or REPO.parent / "shared" / "corpus"
    )


def normalise(field: str, value):
    """The corpus README's comparison form of a truth or predicted value."""
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
        "cpu_seconds": 0.0,
        "pages": 0,
    }
    for document in sorted([*folder.glob("*.pdf"), *folder.glob("*.jpg")]):
        truth_file = document.with_suffix(".json")
        if not truth_file.exists():
            continue
        truth = json.loads(truth_file.read_text())
        started, cpu_started = time.perf_counter(), _cpu_seconds()
        try:
            predicted = read_invoice(document.read_bytes(), document.name).to_dict()
        except InvoiceReadError as error:  # counts as every field missed
            print(f"  {document.name:34} refused: {error.code}")
            predicted = dict.fromkeys(FIELDS)
        results["seconds"].append(time.perf_counter() - started)
        results["cpu_seconds"] += _cpu_seconds() - cpu_started
        results["files"] += 1
        results["pages"] += (
            len(PdfReader(document).pages) if document.suffix == ".pdf" else 1
        )
        for field in FIELDS:
            if is_correct(field, predicted[field], truth):
                results["correct"][field] += 1
            elif verbose and any(predicted.values()):
                got, want = predicted[field], truth[field]
                print(f"  {document.name:34} {field:13} got {got!r} want {want!r}")
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
    return (
        f"median {statistics.median(ordered):.2f}, p90 {p90:.2f}, max {ordered[-1]:.2f}"
    )


def report(name: str, results: dict) -> None:
    print(f"\n== {name}: {results['files']} files, {results['pages']} pages")
    for field in FIELDS:
        print(f"  {field:14} {results['correct'][field] / results['files']:.2f}")
    print(f"  overall field accuracy {accuracy([results]):.3f}")
    print(f"  seconds per file: {_median_p90(results['seconds'])}")
    pages = results["pages"]
    print(
        f"  mean seconds per page: {sum(results['seconds']) / pages:.2f}"
        f" (cpu {results['cpu_seconds'] / pages:.2f})"
    )


def targets_met(results: dict) -> bool:
    checks = []
    for label, (names, target) in ACCURACY_TARGETS.items():
        sets = [results[name] for name in names if name in results]
        if len(sets) == len(names):
            checks.append((f"{label} field accuracy", accuracy(sets), ">=", target))
    text = [
        s for name in TEXT_SETS if name in results for s in results[name]["seconds"]
    ]
    if text:
        checks.append(("text PDF median seconds", statistics.median(text), "<=",
                       MEDIAN_TEXT_SECONDS))  # fmt: skip
    scanned = [results[name] for name in ("scanned", "scanned_hard") if name in results]
    if scanned:
        mean = sum(sum(r["seconds"]) for r in scanned) / sum(
            r["pages"] for r in scanned
        )
        checks.append(
            ("scanned page mean seconds", mean, "<=", MEAN_SECONDS_PER_SCANNED_PAGE)
        )
    if "photos" in results:
        photos = results["photos"]
        mean = sum(photos["seconds"]) / photos["files"]
        checks.append(("photo mean seconds", mean, "<=", MEAN_SECONDS_PER_PHOTO))
    print("\n== targets")
    met = True
    for label, value, operator, target in checks:
        ok = value >= target if operator == ">=" else value <= target
        met &= ok
        print(
            f"  {'ok  ' if ok else 'MISS'} {label}: {value:.3f}"
            f" (target {operator} {target})"
        )
    return met


def measure_steps(corpus: Path, verbose: bool) -> None:
    """Field accuracy and time of scanned_hard with the preparation steps
    added one by one."""
    all_steps = scan_cleanup.STEPS
    print("== preparation steps on scanned_hard (cumulative)")
    for count in range(len(all_steps) + 1):
        scan_cleanup.STEPS = all_steps[:count]
        results = run_set(corpus / "scanned_hard", verbose)
        label = " + ".join(all_steps[:count]) or "raw page"
        mean = sum(results["seconds"]) / results["pages"]
        print(f"  {accuracy([results]):.3f}  {mean:5.2f} s/page  {label}")
    scan_cleanup.STEPS = all_steps


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("sets", nargs="*", default=SETS)
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses")
    parser.add_argument("--steps", action="store_true", help="measure each image step")
    args = parser.parse_args()
    corpus = corpus_dir()
    if not corpus.is_dir():
        print(
            f"corpus not found at {corpus}: put it beside the repository "
            "(../shared/corpus) or set PAY_BY_LINK_CORPUS",
            file=sys.stderr,
        )
        return 2
    if args.steps:
        measure_steps(corpus, args.verbose)
        return 0
    results = {}
    for name in args.sets:
        results[name] = run_set(corpus / name, args.verbose)
        report(name, results[name])
    return 0 if targets_met(results) else 1


if __name__ == "__main__":
    sys.exit(main())
