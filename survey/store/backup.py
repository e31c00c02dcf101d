"""Backups that hold every file the app keeps, can be verified, and a restore that cannot lose saves.

A backup is one tar file: `survey.db`, a copy made with SQLite's online backup API (it includes
what is still in the WAL and never sees half a transaction); `evidence/`, every file of the
evidence folder (wherever the settings put it); `secret_key` when the app keeps its key in a
file; and `manifest.json`, the SHA-256 and size of each. A plain file copy during normal use
loses acknowledged saves that are still in the WAL; the backup API does not.

`verify` checks an archive without changing anything: the database's integrity and schema, each
file against the manifest, and that every evidence file the database names is there, unchanged.

A restore refuses while an app holds the database (the lock of `survey.store.db.hold`): saves
acknowledged after it would be in neither the restored database nor the copy kept aside. It
refuses an archive that does not verify, and keeps the current database and evidence folder
aside as `<name>.before-restore-<timestamp>` instead of deleting them.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import tarfile
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from survey.store.db import StorageError, exclusive
from survey.store.migrations import MIGRATIONS

DATABASE_MEMBER = "survey.db"
EVIDENCE = "evidence"
SECRET = "secret_key"
MANIFEST = "manifest.json"
FORMAT = 2
TEMPORARY = ".upload-"  # an upload being written (survey.store.evidence): not yet a file of the app


class BackupError(StorageError):
    pass


class InUse(BackupError):
    """A running app holds the database."""


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


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _named_evidence(database: Path) -> set[str]:
    """The evidence files a database names (by their SHA-256, which is their file name)."""
    conn = sqlite3.connect(f"file:{database.resolve()}?mode=ro", uri=True)
    try:
        tables = {row[0] for row in conn.execute("select name from sqlite_master where type = 'table'")}
        if "evidence" not in tables:
            return set()
        return {row[0] for row in conn.execute("select distinct sha256 from evidence where sha256 is not null")}
    finally:
        conn.close()


def missing_evidence(db_path: Path, evidence_dir: Path) -> list[str]:
    """The evidence files a database names that are not in the folder: a wrong EVIDENCE_DIR shows here."""
    if not Path(db_path).is_file():
        return []
    return sorted(name for name in _named_evidence(Path(db_path)) if not (Path(evidence_dir) / name).is_file())


def _is_digest(name: str) -> bool:
    return len(name) == 64 and all(c in "0123456789abcdef" for c in name)


def _evidence_files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.iterdir() if path.is_file() and not path.name.startswith(TEMPORARY))


def backup(db_path: Path, target: Path, evidence_dir: Path, secret_file: Path | None = None) -> dict:
    """Write a backup archive of the database, the evidence folder and the secret key file to `target`.

    Refused, with nothing written, when the evidence folder is missing although the database names
    files in it (the wrong folder is configured). Evidence files the database names that are not in
    the folder are written down as `missing`, files whose bytes no longer match their name (their
    SHA-256) as `changed`; the backup holds everything else as it is.
    """
    db_path, target, evidence_dir = Path(db_path), Path(target), Path(evidence_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as work:
        copy = Path(work) / DATABASE_MEMBER
        copy_database(db_path, copy)
        named = _named_evidence(copy)
        if not evidence_dir.is_dir() and named:
            raise BackupError(f"Underlagsmappen {evidence_dir} finns inte, men databasen hänvisar till {len(named)} "
                              "filer där. Ange rätt mapp (SURVEY_EVIDENCE_DIR); ingen säkerhetskopia är skriven.")
        files = _evidence_files(evidence_dir) if evidence_dir.is_dir() else []
        members = {DATABASE_MEMBER: copy} | {f"{EVIDENCE}/{path.name}": path for path in files}
        if secret_file is not None and Path(secret_file).is_file():
            members[SECRET] = Path(secret_file)
        digests = {name: _sha256(path) for name, path in members.items()}
        manifest = {"format": FORMAT, "made_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                    "sources": {"database": str(db_path), "evidence": str(evidence_dir),
                                "secret_key": str(secret_file) if SECRET in members else None},
                    "files": {name: {"sha256": digests[name], "bytes": path.stat().st_size}
                              for name, path in members.items()}}
        partial = Path(work) / "backup.tar"
        with tarfile.open(partial, "w") as archive:
            data = json.dumps(manifest, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(datetime.now().timestamp())
            archive.addfile(info, io.BytesIO(data))
            for name, path in members.items():
                archive.add(path, arcname=name)
        os.chmod(partial, 0o600)  # it holds the secret key and everyone's answers
        partial.replace(target)  # never a half-written backup under the final name
    return {"path": str(target), "bytes": target.stat().st_size,
            "database_bytes": manifest["files"][DATABASE_MEMBER]["bytes"],
            "evidence_files": len(files), "evidence_bytes": sum(path.stat().st_size for path in files),
            "secret_key": SECRET in members, "missing": sorted(named - {path.name for path in files}),
            "changed": sorted(path.name for path in files
                              if _is_digest(path.name) and digests[f"{EVIDENCE}/{path.name}"] != path.name),
            "sources": manifest["sources"]}


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


def _wanted(name: str) -> bool:
    return name in (DATABASE_MEMBER, SECRET, MANIFEST) or name == EVIDENCE or name.startswith(EVIDENCE + "/")


def _extract(archive_path: Path, work: Path) -> tuple[Path, dict | None]:
    """The database (and beside it evidence/ and secret_key when the archive has them) from an archive
    or a bare database file, safely unpacked; and the archive's manifest, if it has one."""
    try:
        if not tarfile.is_tarfile(archive_path):
            shutil.copyfile(archive_path, work / DATABASE_MEMBER)
            return work / DATABASE_MEMBER, None
        with tarfile.open(archive_path) as archive:
            members = [m for m in archive.getmembers() if _wanted(m.name)]
            if not any(m.name == DATABASE_MEMBER for m in members):
                raise BackupError(f"{archive_path}: säkerhetskopian saknar {DATABASE_MEMBER}.")
            archive.extractall(work, members=members, filter="data")
        manifest = work / MANIFEST
        return work / DATABASE_MEMBER, json.loads(manifest.read_text()) if manifest.is_file() else None
    except (tarfile.TarError, OSError, ValueError) as error:
        raise BackupError(f"{archive_path}: säkerhetskopian kan inte läsas ({error}).") from None


def _problems(work: Path, database: Path, manifest: dict | None) -> list[str]:
    """What is wrong with an unpacked archive: the database, a file that does not match the manifest,
    an evidence file that is not what its name (its SHA-256) says or that the database names but lacks."""
    problems = check_database(database)
    if problems:
        return problems
    folder = work / EVIDENCE
    present = {path.name: path for path in _evidence_files(folder)} if folder.is_dir() else {}
    expected = {name: about.get("sha256") for name, about in (manifest or {}).get("files", {}).items()}
    expected |= {f"{EVIDENCE}/{name}": name for name in present if _is_digest(name)}  # stored under its SHA-256
    for name, digest in expected.items():
        if not (work / name).is_file():
            problems.append(f"{name} saknas i säkerhetskopian.")
        elif _sha256(work / name) != digest:
            problems.append(f"{name} stämmer inte med sin kontrollsumma.")
    lacking = sorted(_named_evidence(database) - set(present))
    if lacking:
        problems.append(f"{len(lacking)} underlagsfiler som databasen hänvisar till saknas: {', '.join(lacking[:5])}"
                        + (" …" if len(lacking) > 5 else ""))
    return problems


def verify(archive_path: Path) -> dict:
    """Check a backup without changing anything: what it holds and what is wrong with it."""
    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise BackupError(f"{archive_path} finns inte.")
    with tempfile.TemporaryDirectory() as work:
        database, manifest = _extract(archive_path, Path(work))
        problems = _problems(Path(work), database, manifest)
        folder = Path(work) / EVIDENCE
        counts = _counts(database) if not check_database(database) else {}
        return {"problems": problems, "made_at": (manifest or {}).get("made_at"), "manifest": manifest is not None,
                "database_bytes": database.stat().st_size,
                "evidence_files": len(_evidence_files(folder)) if folder.is_dir() else 0,
                "secret_key": (Path(work) / SECRET).is_file(), **counts}


def _counts(database: Path) -> dict:
    """What the database holds, in numbers a person can check against what they expect."""
    conn = sqlite3.connect(f"file:{database.resolve()}?mode=ro", uri=True)
    try:
        return {name: conn.execute(f"select count(*) from {name}").fetchone()[0]  # noqa: S608 (fixed names)
                for name in ("organisations", "units", "responses", "response_history")}
    except sqlite3.Error:
        return {}
    finally:
        conn.close()


def restore(archive_path: Path, db_path: Path, evidence_dir: Path, secret_file: Path | None = None, *,
            force: bool = False) -> dict:
    """Replace the database and evidence with a verified backup; the current ones are kept aside.

    Refused while a running app holds the database, unless `force` says it is stopped. The secret key
    is put back only where there is none (a new machine); a key in place stays, so sessions go on.
    """
    archive_path, db_path, evidence_dir = Path(archive_path), Path(db_path), Path(evidence_dir)
    if not archive_path.is_file():
        raise BackupError(f"{archive_path} finns inte.")
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with exclusive(db_path) as free:
        if not free and not force:
            raise InUse(f"Databasen {db_path} används av en app som körs (survey serve). Stoppa appen först, "
                        "till exempel med systemctl stop survey, och återställ sedan; inget har ändrats. "
                        "Använd --force bara om du vet att appen är stoppad.")
        with tempfile.TemporaryDirectory(dir=db_path.parent) as work:
            database, manifest = _extract(archive_path, Path(work))
            problems = _problems(Path(work), database, manifest)
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
            evidence = Path(work) / EVIDENCE
            evidence_kept = None
            files = len(_evidence_files(evidence)) if evidence.is_dir() else None
            if files is not None:
                if evidence_dir.exists():
                    evidence_kept = evidence_dir.with_name(f"{evidence_dir.name}.before-restore-{stamp}")
                    evidence_dir.replace(evidence_kept)
                evidence_dir.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(str(evidence), str(evidence_dir))  # perhaps onto another file system
            secret = None
            if (Path(work) / SECRET).is_file() and secret_file is not None:
                secret = "kept" if Path(secret_file).exists() else "restored"
                if secret == "restored":
                    Path(secret_file).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(Path(work) / SECRET, secret_file)
                    os.chmod(secret_file, 0o600)
    return {"kept": str(kept) if kept else None, "evidence_files": files,
            "evidence_kept": str(evidence_kept) if evidence_kept else None, "secret_key": secret}


def _checkpoint(db_path: Path) -> None:
    """Fold the WAL into the database file so the copy kept aside is complete on its own."""
    conn = sqlite3.connect(str(db_path), timeout=30)
    try:
        conn.execute("pragma wal_checkpoint(truncate)")
    finally:
        conn.close()
