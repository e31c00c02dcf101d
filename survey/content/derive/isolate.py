"""Run a function on an untrusted document in a child process with a memory and a time limit.

A document that inflates (a zip or PDF stream bomb) or takes long to parse stops only its child:
the child may use `limits.MAX_MEMORY` more address space than the parent had and is killed after
`limits.MAX_SECONDS`; the caller gets a Failure that names the limit. The child runs at the
lowest priority there is, so that the server's other threads are served first. On Linux the child is
forked, so it starts at once with everything imported; elsewhere it is spawned.
"""
from __future__ import annotations

import faulthandler
import multiprocessing
import os
import resource
from typing import Any, Callable

from . import limits

NICENESS = 10


def _address_space() -> int:
    """The address space this process uses now, in bytes."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def _give_way() -> None:
    """Let every other request run first. SCHED_IDLE (Linux) yields the core as soon as a request
    thread wakes; a nice level only weighs the shares, so a request still waits for the
    scheduler's next turn, which on a two-core machine more than doubled another user's page."""
    try:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    except (AttributeError, OSError):
        os.nice(NICENESS)


def _child(connection, work: Callable, arguments: tuple, memory: int) -> None:
    faulthandler.disable()  # a parser that aborts as memory runs out is expected here, not a crash to report
    _give_way()
    if memory:
        resource.setrlimit(resource.RLIMIT_AS, (_address_space() + memory, resource.RLIM_INFINITY))
    try:
        connection.send(("done", work(*arguments)))
    except MemoryError:
        connection.send(("memory", None))
    except Exception:  # noqa: BLE001 - whatever the document did, the parent answers with a message
        connection.send(("broken", None))
    finally:
        connection.close()


def run(work: Callable, *arguments: Any, seconds: float = limits.MAX_SECONDS,
        memory: int = limits.MAX_MEMORY) -> tuple[str, Any]:
    """("done", result), or ("memory" | "time" | "broken", None) when the work passed a limit or failed."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, work, arguments, memory), daemon=True)
    process.start()
    sender.close()
    try:
        if receiver.poll(seconds):
            try:
                return receiver.recv()
            except EOFError:
                return "memory", None  # the child died without a word: killed as it ran out of memory
        return "time", None
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join()
