"""`zhiliang-backup --verify`: a database dump and an uploads archive restore only as a pair."""

import hashlib
import subprocess
import tarfile
from pathlib import Path

BACKUP = Path(__file__).resolve().parents[4] / "deploy" / "zhiliang-backup"


def _backup(root: Path, files: dict[str, bytes]) -> Path:
    """A backup directory as zhiliang-backup writes it."""
    d = root / "20261205-023000"
    (d / "uploads" / "imports").mkdir(parents=True)
    for name, data in files.items():
        (d / "uploads" / "imports" / name).write_bytes(data)
    (d / "db.dump").write_bytes(b"PGDMP fake dump")
    with tarfile.open(d / "uploads.tar.gz", "w:gz") as tar:
        tar.add(d / "uploads", arcname="uploads")
    (d / "uploads.list").write_text("".join(f"uploads/imports/{n}\n" for n in sorted(files)))
    sums = [
        f"{hashlib.sha256((d / n).read_bytes()).hexdigest()}  {n}\n"
        for n in ("db.dump", "uploads.tar.gz", "uploads.list")
    ]
    (d / "SHA256SUMS").write_text("".join(sums))
    return d


def _verify(d: Path):
    return subprocess.run(
        ["sh", str(BACKUP), "--verify", str(d)], capture_output=True, text=True, timeout=60
    )


def test_an_intact_pair_verifies(tmp_path):
    run = _verify(_backup(tmp_path, {"a.xlsx.enc": b"1", "b.csv": b"2"}))
    assert run.returncode == 0, run.stderr
    assert "belong together and are intact" in run.stdout


def test_a_dump_from_another_backup_is_refused(tmp_path):
    d = _backup(tmp_path, {"a.xlsx.enc": b"1"})
    (d / "db.dump").write_bytes(b"PGDMP another night's dump")
    run = _verify(d)
    assert run.returncode != 0 and "checksums do not match" in run.stderr


def test_an_incomplete_backup_is_refused(tmp_path):
    d = _backup(tmp_path, {"a.xlsx.enc": b"1"})
    (d / "SHA256SUMS").unlink()
    run = _verify(d)
    assert run.returncode != 0 and "not a complete backup" in run.stderr
