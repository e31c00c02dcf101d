"""Benchmark: the read API over a national-scale database.

A real SQLite database with the shape of reports_bench's national long table: 290
municipalities × 25 units × 10 years × both policies (about 2.4 million results; one
municipality, the largest, has 300 units), the results scored by the real rules from
generated answers and written through the store's bulk helper. Times, through the real
app and a real token:
- the first page of one municipality's results (target < 100 ms), and a page deep into them;
- a full pull of the largest municipality's results by following `next`, against the web's
  CSV export of the same rows (target ≤ 2×);
- the peak memory of streaming the largest municipality's results as CSV in one response,
  against the same for a small municipality (streamed: the peak must not grow with the rows).
"""
from __future__ import annotations

import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from survey import demo  # noqa: E402
from survey.content import lint  # noqa: E402
from survey.scoring import rules  # noqa: E402
from survey.store import bulk, register, rounds, tokens  # noqa: E402
from survey.store import content as store_content  # noqa: E402
from survey.store import db as store_db  # noqa: E402
from survey.store.migrations import migrate  # noqa: E402

MUNICIPALITIES, UNITS, LARGEST_UNITS, YEARS = 290, 25, 300, list(range(2017, 2027))
KINDS = ["kommunstyrelse"] + ["nämnd"] * 12 + ["förvaltning"] * 8 + ["bolag"] * 4
VARIANTS = 12  # distinct answer sets per policy and unit kind
TARGET_FIRST_PAGE_MS, TARGET_PULL_RATIO, TARGET_STREAM_GROWTH_MB = 100, 2.0, 64
LARGEST = "Kommun 000"
SMALL = "Kommun 123"
# `bench/run.py --quick`: the same code paths on a few thousand rows, pages of 100 instead of 1,000
QUICK = {"municipalities": 3, "units": 25, "largest_units": 40, "years": YEARS[-3:]}


def _results(content, rng: random.Random) -> dict[tuple[str, str], list[list[dict]]]:
    """Real scored results, a few variants per policy and unit kind, to be shared by many units."""
    found = {}
    for policy, questionnaire in content.questionnaires.items():
        compiled = rules.compile_ruleset(content.rulesets[policy])
        for kind in set(KINDS):
            unit = {"kind": kind, "name": "Enhet", "tags": []}
            found[policy, kind] = [
                rules.score(compiled, rules.context(
                    demo.answers_for(questionnaire, unit, rng, rng.uniform(0.2, 0.95), YEARS[-1]), unit, YEARS[-1]))
                for _ in range(VARIANTS)]
    return found


def national_database(path: Path, municipalities: int = MUNICIPALITIES, units: int = UNITS,
                      largest_units: int = LARGEST_UNITS, years: list[int] = YEARS) -> None:
    """The national database: every municipality with its units, both policies, a round a year, all submitted."""
    rng = random.Random(1)
    content = lint.load(ROOT)
    variants = _results(content, rng)
    db = store_db.connect(path)
    migrate(db)
    db.execute("pragma synchronous = off")
    for number in range(municipalities):
        org = register.organisation(db, f"Kommun {number:03d}")
        count = largest_units if number == 0 else units
        unit_ids = [(register.add_unit(db, org, f"Enhet {i:03d}", KINDS[i % len(KINDS)]), KINDS[i % len(KINDS)])
                    for i in range(count)]
        for policy, questionnaire in content.questionnaires.items():
            policy_id = store_content.publish(db, org, policy, questionnaire, content.rulesets[policy])["policy_id"]
            for year in years:
                round_id = rounds.open_round(db, policy_id, year)
                bulk.add_results(db, round_id, {unit_id: rng.choice(variants[policy, kind])
                                                for unit_id, kind in unit_ids})
    db.execute("pragma wal_checkpoint(truncate)")
    db.close()


def _client(path: Path, organisation: str):
    """The real app over the database and a token of the organisation's (no rate limit: the bench is one client)."""
    from survey.web import create_app

    db = store_db.connect(path)
    org = register.organisation(db, organisation)
    secret = tokens.create(db, org, "bench", days=1)["secret"]
    db.close()
    app = create_app({"DATABASE": str(path), "SECRET_KEY": "bench", "API_RATE_LIMIT": 0})
    return app.test_client(), {"Authorization": f"Bearer {secret}"}


def _median_ms(work, runs: int = 9) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _pull(client, headers: dict, url: str) -> tuple[int, int]:
    """Every page of a list, following the Link headers as a client would follow `next`: (pages, bytes).
    The client's own decoding is left out, as it is from the export's time."""
    pages = size = 0
    while url:
        response = client.get(url, headers=headers)
        pages, size = pages + 1, size + len(response.data)
        url = response.headers.get("Link", "").partition(">")[0].removeprefix("<") or None
    return pages, size


def _rows(client, headers: dict, url: str) -> int:
    """How many items the pages hold, read as a client reads them (not timed: a check that all came)."""
    rows = 0
    while url:
        page = client.get(url, headers=headers).get_json()
        rows, url = rows + len(page["items"]), page["next"]
    return rows


def _exporter(path: Path, organisation: str, policy: str):
    """A coordinator of the organisation signed in to the web app, and the address of the CSV export of the
    policy's whole results table."""
    from survey.web import create_app

    db = store_db.connect(path)
    org = register.organisation(db, organisation)
    register.add_person(db, org, email="bench@example.se", name="Bench", role="coordinator", password="bench-lösen")
    db.close()
    client = create_app({"DATABASE": str(path), "SECRET_KEY": "bench", "TESTING": True}).test_client()
    page = client.get("/logga-in")
    token = page.text.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/logga-in", data={"email": "bench@example.se", "password": "bench-lösen", "csrf_token": token})
    return client, f"/rapporter/tabell.csv?policy={policy}"


def measure(path: Path, organisation: str = SMALL, page: int = 1000) -> dict:
    policy = "falkoping-integrationspolicy"
    small, small_headers = _client(path, organisation)
    results = {}
    results["first_page_ms"] = _median_ms(lambda: small.get("/api/v1/results", headers=small_headers))
    results["first_page_filtered_ms"] = _median_ms(lambda: small.get(
        f"/api/v1/results?policy={policy}&year=2026&level=not_met&level=partly_met", headers=small_headers))
    deep = small.get(f"/api/v1/results?limit={page}", headers=small_headers).get_json()
    for _ in range(4):
        deep = small.get(deep["next"], headers=small_headers).get_json()
    results["deep_page_ms"] = _median_ms(lambda: small.get(deep["next"], headers=small_headers))
    results["small_total"] = deep["total"]

    large, large_headers = _client(path, LARGEST)
    first = f"/api/v1/results?policy={policy}&limit=10000"
    results["largest_total"] = large.get(first, headers=large_headers).get_json()["total"]
    results["pages"], _size = _pull(large, large_headers, first)
    results["pull_s"] = _median_ms(lambda: _pull(large, large_headers, first), runs=3) / 1000
    results["pulled"] = _rows(large, large_headers, first)
    exporter, url = _exporter(path, LARGEST, policy)
    results["export_s"] = _median_ms(lambda: exporter.get(url).data, runs=3) / 1000
    results["exported"] = exporter.get(url).data.count(b"\r\n") - 1
    return results


def stream_peak(path: Path, organisation: str) -> dict:
    """Peak memory growth while streaming an organisation's whole results table as CSV (in this process)."""
    client, headers = _client(path, organisation)
    client.get("/api/v1/results?limit=1", headers=headers)  # warm: connection, caches, imports,
    warm = client.get(f"/api/v1/results?format=csv&year={YEARS[-1]}&level=not_met", headers=headers, buffered=False)
    sum(len(chunk) for chunk in warm.response)  # and the CSV path's, on a few rows: what stays is what rows cost
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    response = client.get("/api/v1/results?format=csv", headers=headers, buffered=False)
    size = sum(len(chunk) for chunk in response.response)
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    return {"bytes": size, "grown_mb": grown}


def _child(*args: str) -> dict:
    output = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=True).stdout
    return json.loads(output.splitlines()[-1])


def run(quick: bool = False) -> bool:
    size = QUICK if quick else {"municipalities": MUNICIPALITIES, "units": UNITS, "largest_units": LARGEST_UNITS,
                                "years": YEARS}
    organisation, page = ("Kommun 001", "100") if quick else (SMALL, "1000")
    with tempfile.TemporaryDirectory(prefix="api-bench-") as folder:
        path = Path(folder) / "national.db"
        start = time.perf_counter()
        national_database(path, **size)
        made = time.perf_counter() - start
        r = _child("--measure", str(path), organisation, page)
        small, large = _child("--stream", str(path), organisation), _child("--stream", str(path), LARGEST)
    years = len(size["years"])
    rows = ((size["municipalities"] - 1) * size["units"] + size["largest_units"]) * years * 33
    print(f"read API at {'small' if quick else 'national'} scale: about {rows:,} results "
          f"({size['municipalities']} municipalities, made in {made:.0f} s)")
    print(f"  first page of a municipality's results   {r['first_page_ms']:6.1f} ms (target < {TARGET_FIRST_PAGE_MS} ms; "
          f"{r['small_total']:,} results in all)")
    print(f"  first page, filtered by year and level    {r['first_page_filtered_ms']:6.1f} ms")
    print(f"  the sixth page                            {r['deep_page_ms']:6.1f} ms")
    ratio = r["pull_s"] / r["export_s"]
    print(f"  full pull of the largest: {r['pulled']:,} rows in {int(r['pages'])} pages {r['pull_s']:5.2f} s;   "
          f"CSV export of the same {r['exported']:,} rows {r['export_s']:5.2f} s;   ratio {ratio:4.2f} × "
          f"(target ≤ {TARGET_PULL_RATIO})")
    print(f"  streaming CSV: peak memory grows {large['grown_mb']:5.1f} MB for {large['bytes'] / 1e6:.1f} MB of CSV "
          f"(largest), {small['grown_mb']:5.1f} MB for {small['bytes'] / 1e6:.1f} MB (small) "
          f"(target < {TARGET_STREAM_GROWTH_MB} MB)")
    return (r["first_page_ms"] < TARGET_FIRST_PAGE_MS and ratio <= TARGET_PULL_RATIO
            and r["pulled"] == r["largest_total"] == r["exported"] and large["grown_mb"] < TARGET_STREAM_GROWTH_MB)


if __name__ == "__main__" and sys.argv[1:2] == ["--measure"]:
    print(json.dumps(measure(Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]))))
elif __name__ == "__main__" and sys.argv[1:2] == ["--stream"]:
    print(json.dumps(stream_peak(Path(sys.argv[2]), sys.argv[3])))
elif __name__ == "__main__":
    sys.exit(0 if run() else 1)
