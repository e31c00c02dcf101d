"""Backups that are consistent while the app writes, and a restore that checks before it replaces.

A backup is one tar file: `survey.db`, a copy made with SQLite's online backup API
(it includes what is still in the WAL and never sees half a transaction), and the
`evidence/` folder beside the database when there is one. A plain file copy during
normal use loses acknowledged saves that are still in the WAL; the backup API does not.

A restore refuses a file that is damaged (`pragma integrity_check`) or written by a
newer program (a migration this code does not know), and keeps the current database
(and evidence folder) aside as `<name>.before-restore-<timestamp>` instead of deleting it.
"""
from __future__ import annotations

import shutil
import sqlite3
import tarfile
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from survey.store.db import StorageError
from survey.store.migrations import MIGRATIONS

DATABASE_MEMBER = "survey.db"
EVIDENCE = "evidence"


class BackupError(StorageError):
    pass


def evidence_dir(db_path: Path) -> Path:
    """Evidence files live in the instance folder, beside the database."""
    return Path(db_path).parent / EVIDENCE


def copy_database(db_path: Path, target: Path) -> None:
    """A consistent copy of a live database through SQLite's online backup API."""
    if not Path(db_path).exists():
        raise BackupError(f"Databasen {db_path} finns inte.")
    source = sqlite3.connect(str(db_path), timeout=30)
    destination = sqlite3.connect(str(target))
    try:
        source.backup(destination)
        destination.execute("pragma journal_mode = delete")  # one self-contained file in the archive
    finally:
        destination.close()
        source.close()


def backup(db_path: Path, target: Path) -> dict:
    """Write a backup archive of the database (and evidence, if any) to `target`."""
    db_path, target = Path(db_path), Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as work:
        copy = Path(work) / DATABASE_MEMBER
        copy_database(db_path, copy)
        partial = Path(work) / "backup.tar"
        evidence = evidence_dir(db_path)
        files = 0
        with tarfile.open(partial, "w") as archive:
            archive.add(copy, arcname=DATABASE_MEMBER)
            if evidence.is_dir():
                archive.add(evidence, arcname=EVIDENCE)
                files = sum(1 for path in evidence.rglob("*") if path.is_file())
        partial.replace(target)  # never a half-written backup under the final name
    return {"path": str(target), "bytes": target.stat().st_size, "evidence_files": files}


def check_database(path: Path) -> list[str]:
    """Why this database file cannot be restored; empty when it can."""
    known = [migration.__name__ for migration in MIGRATIONS]
    try:
        conn = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)
        try:
            integrity = [row[0] for row in conn.execute("pragma integrity_check")]
            applied = {row[0] for row in conn.execute("select name from _migrations")}
        finally:
            conn.close()
    except sqlite3.Error as error:
        return [f"filen är ingen läsbar databas för programmet ({error})."]
    if integrity != ["ok"]:
        return ["databasen är skadad: " + "; ".join(integrity[:5])]
    unknown = sorted(applied - set(known))
    if unknown:
        return ["databasen har ett nyare schema än programmet (okända migreringar: " + ", ".join(unknown)
                + "); uppgradera programmet först."]
    return []


def _extract(archive_path: Path, work: Path) -> tuple[Path, Path | None]:
    """The database and evidence folder from an archive (or a bare database file), safely unpacked."""
    if not tarfile.is_tarfile(archive_path):
        copy = work / DATABASE_MEMBER
        shutil.copyfile(archive_path, copy)
        return copy, None
    with tarfile.open(archive_path) as archive:
        members = [m for m in archive.getmembers()
                   if m.name == DATABASE_MEMBER or m.name == EVIDENCE or m.name.startswith(EVIDENCE + "/")]
        if not any(m.name == DATABASE_MEMBER for m in members):
            raise BackupError(f"{archive_path}: säkerhetskopian saknar {DATABASE_MEMBER}.")
        archive.extractall(work, members=members, filter="data")
    evidence = work / EVIDENCE
    return work / DATABASE_MEMBER, evidence if evidence.is_dir() else None


def restore(archive_path: Path, db_path: Path) -> dict:
    """Replace the database (and evidence) with a checked backup; the current ones are kept aside.

    Stop the app first: a running app keeps writing to the file it has open.
    """
    archive_path, db_path = Path(archive_path), Path(db_path)
    if not archive_path.is_file():
        raise BackupError(f"{archive_path} finns inte.")
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=db_path.parent) as work:
        try:
            database, evidence = _extract(archive_path, Path(work))
        except (tarfile.TarError, OSError) as error:
            raise BackupError(f"{archive_path}: säkerhetskopian kan inte läsas ({error}).") from None
        problems = check_database(database)
        if problems:
            raise BackupError(f"{archive_path}: " + " ".join(problems) + " Inget har ändrats.")
        kept = None
        if db_path.exists():
            kept = db_path.with_name(f"{db_path.name}.before-restore-{stamp}")
            _checkpoint(db_path)
            db_path.replace(kept)
            for suffix in ("-wal", "-shm"):
                Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        database.replace(db_path)
        current_evidence = evidence_dir(db_path)
        if evidence is not None:
            if current_evidence.exists():
                current_evidence.replace(current_evidence.with_name(f"{EVIDENCE}.before-restore-{stamp}"))
            evidence.replace(current_evidence)
    return {"kept": str(kept) if kept else None, "evidence": evidence is not None}


def _checkpoint(db_path: Path) -> None:
    """Fold the WAL into the database file so the copy kept aside is complete on its own."""
    conn = sqlite3.connect(str(db_path), timeout=30)
    try:
        conn.execute("pragma wal_checkpoint(truncate)")
    finally:
        conn.close()
