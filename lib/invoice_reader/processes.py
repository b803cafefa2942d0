"""External tools (poppler, tesseract) run as child processes that cannot
outlive their time limit.

Each tool runs in a process group of its own, killed as a whole when the
limit passes, and reaped. It also runs under a CPU-time limit (util-linux's
prlimit sets it, then becomes the tool): should this process die first (an
Odoo worker killed at its own limit), the kernel still ends the tool. Tools
read their input on stdin and write on stdout: no temporary file."""

import contextlib
import math
import os
import signal
import subprocess

# tesseract's OpenMP threads make one page 3-4 times slower on 2 cores
THREAD_LIMIT = {"OMP_THREAD_LIMIT": "1"}


class ToolTimeout(Exception):
    """The tool ran out of time and was killed."""


class ToolFailed(Exception):
    """The tool exited with an error; the message is its stderr."""


def run_tool(args: list[str], stdin: bytes, seconds: float) -> bytes:
    """stdout of `args` fed with `stdin`, within `seconds` (wall clock).

    Raises ToolTimeout (the process group is killed and reaped first) or
    ToolFailed."""
    cpu_limit = f"--cpu={math.ceil(seconds) + 1}"
    process = subprocess.Popen(
        ["prlimit", cpu_limit, "--", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, **THREAD_LIMIT},
        start_new_session=True,
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


def _kill_group(process: subprocess.Popen) -> None:
    """Kill the tool's process group, then reap the tool."""
    with contextlib.suppress(ProcessLookupError):  # the group ended meanwhile
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
