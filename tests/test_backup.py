"""Backups during a write storm, and restores that check before they replace anything."""
import json
import sqlite3
import tarfile
import threading
import time

import pytest

from survey.cli import cli
from survey.store import backup, register, responses, rounds
from survey.store import content as store_content
from survey.store import db as store_db

POLICY = "falkoping-integrationspolicy"
WRITERS = 4


@pytest.fixture
def storm_setup(db, content, tmp_path):
    """An open round with one unit per writer thread."""
    store_content.load_content(db, content)
    policy = store_content.policy_by_name(db, POLICY)
    units = [register.add_unit(db, policy["organisation_id"], f"Nämnd {n}", "nämnd") for n in range(WRITERS)]
    round_id = rounds.open_round(db, policy["id"], 2026)
    db.conn.commit()
    return {"path": tmp_path / "survey.db", "round": round_id, "units": units}


def _saved_counters(path) -> dict[int, set[int]]:
    conn = sqlite3.connect(str(path))
    try:
        rows = conn.execute("select r.unit_id, h.answers from response_history h "
                            "join responses r on r.id = h.response_id").fetchall()
    finally:
        conn.close()
    found: dict[int, set[int]] = {}
    for unit_id, answers in rows:
        found.setdefault(unit_id, set()).add(int(json.loads(answers)["motesplatser"]["atgarder_beskrivning"]))
    return found


def _wait_for(condition, seconds: float = 120) -> None:
    """Wait for the writers (a busy machine may be slow to start them), never for ever."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the writers made no progress"
        time.sleep(0.01)


def test_a_backup_during_a_write_storm_holds_every_acknowledged_save_and_restores(storm_setup, tmp_path):
    acknowledged: dict[int, list[int]] = {unit: [] for unit in storm_setup["units"]}
    stop = threading.Event()
    errors = []

    def write(unit_id: int) -> None:
        handle = store_db.connect(storm_setup["path"])
        try:
            version, counter = 0, 0
            while not stop.is_set():
                counter += 1
                answers = {"motesplatser": {"atgarder_beskrivning": str(counter)}}
                saved = responses.save(handle, storm_setup["round"], unit_id, answers, user_id=None,
                                       base_version=version)
                version = saved["version"]
                acknowledged[unit_id].append(counter)
        except Exception as error:  # reported below: a failing writer must fail the test
            errors.append(error)
        finally:
            handle.close()

    threads = [threading.Thread(target=write, args=(unit,)) for unit in storm_setup["units"]]
    for thread in threads:
        thread.start()
    _wait_for(lambda: errors or all(len(saves) >= 5 for saves in acknowledged.values()))
    before = {unit: list(saves) for unit, saves in acknowledged.items()}
    archive = tmp_path / "backups" / "survey.tar"
    backup.backup(storm_setup["path"], archive, tmp_path / "evidence")
    _wait_for(lambda: errors or all(len(acknowledged[unit]) > len(saves) + 5 for unit, saves in before.items()))
    stop.set()
    for thread in threads:
        thread.join()
    assert not errors
    assert all(before.values()), "every writer saved before the backup began"

    with tarfile.open(archive) as opened:
        assert opened.getnames() == ["manifest.json", "survey.db"]
        opened.extract("survey.db", tmp_path / "unpacked", filter="data")
    copy = tmp_path / "unpacked" / "survey.db"
    assert backup.check_database(copy) == []
    in_backup = _saved_counters(copy)
    for unit, saves in before.items():
        assert set(saves) <= in_backup[unit]
        assert in_backup[unit] == set(range(1, max(in_backup[unit]) + 1))  # no gap: a consistent snapshot

    later = sum(len(saves) for saves in acknowledged.values())
    done = backup.restore(archive, storm_setup["path"], tmp_path / "evidence")
    restored = _saved_counters(storm_setup["path"])
    assert restored == in_backup
    assert sum(len(saves) for saves in _saved_counters(done["kept"]).values()) == later


def test_backup_includes_evidence_and_restore_keeps_the_current_aside(db, tmp_path, runner):
    path = tmp_path / "survey.db"
    (tmp_path / "evidence").mkdir()
    (tmp_path / "evidence" / "plan.pdf").write_bytes(b"%PDF-1.4 plan")
    db["organisations"].insert({"slug": "a", "name": "A"})
    db.conn.commit()
    result = runner.invoke(cli, ["--db", str(path), "backup", str(tmp_path / "b.tar")])
    assert result.exit_code == 0, result.output
    assert "evidence/       1 fil," in result.output
    db["organisations"].insert({"slug": "b", "name": "B"})
    (tmp_path / "evidence" / "plan.pdf").write_bytes(b"changed")
    db.conn.commit()
    db.close()

    result = runner.invoke(cli, ["--db", str(path), "restore", str(tmp_path / "b.tar")])
    assert result.exit_code == 0, result.output
    assert "before-restore-" in result.output
    restored = store_db.connect(path)
    assert [row["slug"] for row in restored["organisations"].rows] == ["a"]
    restored.close()
    assert (tmp_path / "evidence" / "plan.pdf").read_bytes() == b"%PDF-1.4 plan"
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("survey.db.before-restore-")]
    assert len(kept) == 1
    old = store_db.connect(kept[0])
    assert [row["slug"] for row in old["organisations"].rows] == ["a", "b"]
    old.close()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("evidence.before-restore-")]


def test_restore_refuses_a_newer_schema_and_changes_nothing(db, tmp_path, runner):
    path = tmp_path / "survey.db"
    backup.backup(path, tmp_path / "b.tar", tmp_path / "evidence")
    newer = tmp_path / "newer.db"
    backup.copy_database(path, newer)
    conn = sqlite3.connect(newer)
    conn.execute("insert into _migrations (name, applied_at) values ('m999_future', '2030-01-01')")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    result = runner.invoke(cli, ["--db", str(path), "restore", str(newer)])
    assert result.exit_code == 1
    assert "nyare schema" in result.output and "m999_future" in result.output
    assert path.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if "before-restore" in p.name]


def test_restore_refuses_a_damaged_file(db, tmp_path, runner):
    path = tmp_path / "survey.db"
    for n in range(2000):
        db["organisations"].insert({"slug": f"o{n}", "name": "x" * 200})
    db.conn.commit()
    damaged = tmp_path / "damaged.db"
    backup.copy_database(path, damaged)
    data = bytearray(damaged.read_bytes())
    data[len(data) // 2: len(data) // 2 + 8192] = b"\xff" * 8192
    damaged.write_bytes(bytes(data))
    result = runner.invoke(cli, ["--db", str(path), "restore", str(damaged)])
    assert result.exit_code == 1
    assert "skadad" in result.output or "ingen läsbar databas" in result.output
    assert "Inget har ändrats" in result.output
    (tmp_path / "text.tar").write_text("not a backup")
    result = runner.invoke(cli, ["--db", str(path), "restore", str(tmp_path / "text.tar")])
    assert result.exit_code == 1 and "Traceback" not in result.output
