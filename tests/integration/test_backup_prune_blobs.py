"""Pruning old backups also frees the files only they referred to: the store beside the
backups keeps exactly the blobs some remaining backup names, and nothing is swept when that
cannot be known (a backup being written, a database file there that cannot be read)."""

from __future__ import annotations

from pathlib import Path

import axos_data as ax
from axos_data import backup, filestore


def _backups(con, seeded, new_order, folder: Path) -> tuple[str, str, str]:
    """Three scheduled backups: the first with a file only it names, the later two with a
    file both name. Returns (only_in_first, in_all, in_later) hashes."""
    order = new_order()
    old = ax.add_file(con, seeded.admin, order, "gammel.txt", b"bare i den eldste kopien")
    ax.add_file(con, seeded.admin, order, "beholdt.txt", b"i alle kopiene")
    backup.take_backup(con, folder / "axos-20260101-120000.duckdb", source=None)
    ax.remove_file(con, seeded.admin, old)
    ax.add_file(con, seeded.admin, order, "ny.txt", b"i de nyeste kopiene")
    backup.take_backup(con, folder / "axos-20260102-120000.duckdb", source=None)
    backup.take_backup(con, folder / "axos-20260103-120000.duckdb", source=None)
    hashes = {r["name"]: r["sha256"] for r in ax.views.order_files(con, order).to_dicts()}
    return filestore.digest(b"bare i den eldste kopien"), hashes["beholdt.txt"], hashes["ny.txt"]


def test_prune_removes_the_blobs_only_the_pruned_backups_named(con, seeded, new_order, tmp_path):
    folder = tmp_path / "kopier"
    folder.mkdir()
    only_first, in_all, in_later = _backups(con, seeded, new_order, folder)
    store = filestore.store_for(folder / "x.duckdb")
    assert {only_first, in_all, in_later} <= set(filestore.stored_hashes(store))

    removed = backup.prune(folder, Path("axos.duckdb"), keep=2)

    assert [p.name for p in removed] == ["axos-20260101-120000.duckdb"]
    assert set(filestore.stored_hashes(store)) == {in_all, in_later}
    restored = tmp_path / "tilbake.duckdb"
    backup.restore(folder / "axos-20260102-120000.duckdb", restored)  # checks every blob
    check = ax.connect(restored)
    try:
        assert ax.views.integrity.check(check) == []
    finally:
        check.close()


def test_nothing_is_swept_while_a_backup_is_being_written(con, seeded, new_order, tmp_path):
    folder = tmp_path / "kopier"
    folder.mkdir()
    only_first, _, _ = _backups(con, seeded, new_order, folder)
    (folder / ".axos-20260104-120000.duckdb.partial-0a1b2c").write_bytes(b"")
    backup.prune(folder, Path("axos.duckdb"), keep=2)
    assert only_first in filestore.stored_hashes(filestore.store_for(folder / "x.duckdb"))


def test_nothing_is_swept_when_a_database_there_cannot_be_read(con, seeded, new_order, tmp_path):
    folder = tmp_path / "kopier"
    folder.mkdir()
    only_first, _, _ = _backups(con, seeded, new_order, folder)
    (folder / "annen.duckdb").write_bytes(b"ikke en database")
    assert backup.sweep_backup_store(folder) is None
    assert only_first in filestore.stored_hashes(filestore.store_for(folder / "x.duckdb"))
