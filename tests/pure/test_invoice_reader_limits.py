"""Bounded work: every limit ends the reading with the reader's own error,
kills the tools it started and leaves no temporary file."""

import os
import subprocess
from pathlib import Path

import pytest

from lib.invoice_reader import InvoiceReadError, Limits, read_invoice
from lib.invoice_reader.processes import ToolTimeout, run_tool

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "invoices"


@pytest.fixture
def started(monkeypatch):
    """The child processes started meanwhile."""
    processes = []
    real_popen = subprocess.Popen

    def recording_popen(*args, **kwargs):
        process = real_popen(*args, **kwargs)
        processes.append(process)
        return process

    monkeypatch.setattr(subprocess, "Popen", recording_popen)
    return processes


@pytest.fixture
def temporary_folder(tmp_path, monkeypatch):
    """The folder the reader and its tools would write temporary files to."""
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    return tmp_path


def _assert_gone(process: subprocess.Popen) -> None:
    assert process.returncode is not None  # reaped
    with pytest.raises(ProcessLookupError):
        os.killpg(process.pid, 0)  # nothing left of its process group


def _read(name: str, limits: Limits):
    with pytest.raises(InvoiceReadError) as error:
        read_invoice((FIXTURES / name).read_bytes(), name, limits)
    return error.value


def test_a_page_over_its_time_is_stopped_and_its_tools_killed(
    started, temporary_folder
):
    error = _read("scan_fr.pdf", Limits(page_seconds=0.05))
    assert error.code == "timeout"
    assert error.params == {"seconds": 0.05, "page": 1}
    assert started
    for process in started:
        _assert_gone(process)
    assert list(temporary_folder.iterdir()) == []


def test_a_document_over_its_time_is_stopped(started):
    error = _read("scan_fr.pdf", Limits(document_seconds=0.05))
    assert error.code == "timeout"
    assert error.params["seconds"] == 0.05
    for process in started:
        _assert_gone(process)


def test_a_successful_read_leaves_no_temporary_file(temporary_folder):
    read_invoice((FIXTURES / "scan_fr.pdf").read_bytes())
    assert list(temporary_folder.iterdir()) == []


def test_a_tool_over_its_time_is_killed(started):
    with pytest.raises(ToolTimeout):
        run_tool(["sleep", "30"], b"", 0.2)
    _assert_gone(started[0])


def test_a_tool_cannot_outlive_its_time_even_if_the_reader_dies():
    """The kernel's CPU-time limit ends the tool without us."""
    assert run_tool(["sh", "-c", "ulimit -t"], b"", 5.0).strip() == b"6"


def test_a_huge_page_is_refused_before_it_is_rendered(started):
    error = _read("bad/huge_page.pdf", Limits())
    assert (error.code, error.params) == ("page_too_large", {"page": 1, "limit": 25.0})
    assert all("pdftoppm" not in process.args for process in started)


def test_a_big_page_is_rendered_at_a_lower_resolution_under_the_cap(started):
    limits = Limits(max_page_pixels=3_000_000, min_dpi=100)  # A4: 176 dpi
    read_invoice((FIXTURES / "scan_fr.pdf").read_bytes(), limits=limits)
    render = next(process for process in started if "pdftoppm" in process.args)
    assert render.args[render.args.index("-r") + 1] == "176"  # not the scan's 200
