"""External tools (poppler, tesseract) run as child processes that cannot
outlive their time limit, nor the process that started them.

`run_tool` is the one way lib/ starts a process. Each tool:

- runs in a process group of its own, killed as a whole when the time limit
  passes, and reaped;
- gets the kernel's parent-death signal (Linux prctl PR_SET_PDEATHSIG): if
  the thread that started it dies (an Odoo worker killed with SIGKILL by its
  own limits or by hand), the kernel kills the tool at once;
- runs under a CPU-time and an address-space limit (util-linux's prlimit
  sets them, then becomes the tool): a decompression bomb in a PDF stream
  ends the tool with an error, not the machine's memory.

Tools read their input on stdin and write on stdout: no temporary file."""

import contextlib
import ctypes
import ctypes.util
import math
import os
import signal
import subprocess
import sys

# tesseract's OpenMP threads make one page 3-4 times slower on 2 cores
THREAD_LIMIT = {"OMP_THREAD_LIMIT": "1"}
# address space of one tool: tesseract with two language models on an A4
# page at 300 dpi stays far below it
TOOL_MEMORY_BYTES = 1024 * 1024 * 1024
PR_SET_PDEATHSIG = 1  # linux/prctl.h


class ToolTimeout(Exception):
    """The tool ran out of time and was killed."""


class ToolFailed(Exception):
    """The tool exited with an error; the message is its stderr."""


def run_tool(args: list[str], stdin: bytes, seconds: float) -> bytes:
    """stdout of `args` fed with `stdin`, within `seconds` (wall clock).

    Raises ToolTimeout (the process group is killed and reaped first) or
    ToolFailed."""
    limits = [f"--cpu={math.ceil(seconds) + 1}", f"--as={TOOL_MEMORY_BYTES}"]
    process = subprocess.Popen(
        ["prlimit", *limits, "--", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, **THREAD_LIMIT},
        start_new_session=True,
        preexec_fn=_die_with_parent(),
    )
    try:
        stdout, stderr = process.communicate(stdin, timeout=seconds)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise ToolTimeout(args[0]) from None
    except BaseException:
        _kill_group(process)
        raise
    if process.returncode in (-signal.SIGKILL, -signal.SIGXCPU):
        raise ToolTimeout(args[0])
    if process.returncode:
        raise ToolFailed(stderr.decode("utf-8", "replace").strip()[-500:])
    return stdout


def _die_with_parent():
    """The function the child runs before exec: ask the kernel for SIGKILL
    when its parent dies, and end at once if the parent died already (between
    fork and prctl). None where prctl does not exist (not Linux)."""
    if _PRCTL is None:
        return None
    parent = os.getpid()

    def die_with_parent():
        _PRCTL(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:
            os._exit(1)

    return die_with_parent


def _load_prctl():
    if not sys.platform.startswith("linux"):
        return None
    return ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True).prctl


_PRCTL = _load_prctl()


def _kill_group(process: subprocess.Popen) -> None:
    """Kill the tool's process group, then reap the tool."""
    with contextlib.suppress(ProcessLookupError):  # the group ended meanwhile
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
