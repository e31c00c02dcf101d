"""Benchmark: what a hostile document costs derive (issue 18), and what it costs everyone else.

Each hostile document (tests/hostile.py: a DOCX that unpacks to 190 MB of XML, one that unpacks to
just under the unpacked-size limit and so is parsed, a PDF whose stream
inflates to 2 GB, a PDF of 10,000 pages) is derived as the CLI, the workshop upload and the revise
upload do it; printed: seconds to the answer and the child's peak memory (the work runs in a child
process, `survey/content/derive/isolate.py`). Targets: every answer within 5 s and the child's
peak within 300 MB above its parent. Then another user's page (the sign-in page) is loaded over
HTTP from waitress: alone, beside a plain loop at the lowest priority (what any background work
costs on this machine), and while a thread of the same process keeps deriving the PDF bomb, in
alternating blocks. Target: the page's p95 while deriving stays under 25 ms. (A ratio to the page
alone measured the machine: on this two-core VM the plain loop alone costs the page 1.5-2x.)
"""
from __future__ import annotations

import http.client
import statistics
import subprocess
import tempfile
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(ROOT / "tests"))

import hostile  # noqa: E402

from survey.content.derive import derive  # noqa: E402
from survey.content.derive.limits import MAX_MEMORY, MAX_SECONDS, MAX_UNPACKED  # noqa: E402

PAGE_LOADS, QUICK_PAGE_LOADS = 600, 40
ROUNDS = 4
INFLATED_MB, QUICK_INFLATED_MB = 2048, 400
TARGET_PAGE = 0.025  # another user's p95 while a bomb is derived: well under what a person notices (0.1 s)


def _derive_apart(data: bytes, name: str) -> tuple[float, int, str]:
    """Seconds, the child's peak memory above its parent and the answer, for one document derived
    in a fresh process: RUSAGE_CHILDREN keeps the largest child ever, so one process per document."""
    script = ("import resource, sys, time\n"
              "from survey.content.derive import Failure, derive\n"
              "data = sys.stdin.buffer.read()\n"
              "parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
              "start = time.perf_counter()\n"
              "result = derive(data, sys.argv[1])\n"
              "seconds = time.perf_counter() - start\n"
              "child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
              "answer = result.message.code if isinstance(result, Failure) else 'a draft'\n"
              "print(seconds, max(0, child - parent) * 1024, answer)\n")
    done = subprocess.run([sys.executable, "-c", script, name], input=data, capture_output=True, check=True,
                          cwd=ROOT)
    seconds, extra, answer = done.stdout.split()
    return float(seconds), int(extra), answer.decode()


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


def _server() -> tuple[str, int]:
    """The app served by waitress (as `survey serve` does) in a thread of this process, whose
    other threads derive: the child processes are forked from a process serving requests."""
    import waitress

    from survey.web import create_app

    folder = tempfile.mkdtemp(prefix="derive-cost-")
    app = create_app({"DATABASE": str(Path(folder) / "bench.db"), "SECRET_KEY": "bench", "TESTING": False})
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    return "127.0.0.1", server.effective_port


def _page_loads(address: tuple[str, int], count: int) -> list[float]:
    times = []
    for _ in range(count + 1):
        start = time.perf_counter()
        connection = http.client.HTTPConnection(*address)
        connection.request("GET", "/logga-in")
        connection.getresponse().read()
        connection.close()
        times.append(time.perf_counter() - start)
    return times[1:]


def run(quick: bool = False) -> bool:
    under = MAX_UNPACKED // 2**20 - 5
    documents = [("DOCX unpacking to 190 MB", hostile.docx_unpacking_to(190), "bomb.docx"),
                 (f"DOCX unpacking to {under} MB", hostile.docx_unpacking_to(under), "under.docx"),
                 (f"PDF inflating to {QUICK_INFLATED_MB if quick else INFLATED_MB} MB",
                  hostile.pdf_inflating_to(QUICK_INFLATED_MB if quick else INFLATED_MB), "bomb.pdf"),
                 ("PDF of 10,000 pages", hostile.pdf_of_pages(10_000), "pages.pdf")]
    print("derive: hostile documents (each answered in a child process with a memory and a time limit)")
    met = True
    for label, data, name in documents:
        seconds, extra, answer = _derive_apart(data, name)
        ok = seconds < MAX_SECONDS and extra <= MAX_MEMORY * 1.1
        met &= ok
        print(f"  {label:30} {len(data) // 1024:6d} kB   {seconds:5.2f} s   child peak +{extra // 2**20:4d} MB"
              f"   {answer}   {'ok' if ok else 'MISSED'}")
    loads = QUICK_PAGE_LOADS if quick else PAGE_LOADS
    address = _server()
    samples = {"alone": [], "busy core": [], "derive": []}
    for _ in range(ROUNDS):  # alternating blocks, so that all three see the same drift of a shared machine
        samples["alone"] += _page_loads(address, loads // ROUNDS)
        with _busy_core():
            samples["busy core"] += _page_loads(address, loads // ROUNDS)
        with _deriving(documents[2][1], "bomb.pdf"):
            samples["derive"] += _page_loads(address, loads // ROUNDS)
    alone, core, during = (_p95(samples[name]) for name in ("alone", "busy core", "derive"))
    ok = during <= TARGET_PAGE
    print(f"  another user's page, p95: {alone * 1000:.1f} ms alone, {core * 1000:.1f} ms beside a busy core"
          f" ({core / alone:.2f}×), {during * 1000:.1f} ms while a bomb is derived ({during / alone:.2f}×)"
          f"   target ≤ {TARGET_PAGE * 1000:.0f} ms   {'ok' if ok else 'MISSED'}")
    return met and ok


@contextmanager
def _deriving(data: bytes, name: str):
    """A thread of the serving process that derives the document over and over."""
    done = threading.Event()

    def keep_deriving() -> None:
        while not done.is_set():
            derive(data, name)

    worker = threading.Thread(target=keep_deriving, daemon=True)
    worker.start()
    try:
        yield
    finally:
        done.set()
        worker.join()


@contextmanager
def _busy_core():
    """A loop of plain arithmetic at the lowest priority, as the derive child runs: what any
    background work costs the page on this machine (cores that share caches and memory)."""
    loop = subprocess.Popen([sys.executable, "-c", "import os\n"
                             "os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))\nwhile True: pass"])
    time.sleep(0.1)
    try:
        yield
    finally:
        loop.kill()
        loop.wait()

if __name__ == "__main__":
    sys.exit(0 if run("--quick" in sys.argv) else 1)
