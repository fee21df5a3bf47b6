"""`axos order file …`, `axos file …`, `axos gc` and `axos order relate|unrelate|relations`
through the real command, and backups that carry the files."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

import axos_data as ax


@pytest.fixture
def with_order(seeded_axos):
    axos, cast = seeded_axos
    made = axos(
        "--json",
        "order",
        "create",
        "--customer",
        cast.customer,
        "--title",
        "Filer",
        "--our-contact",
        cast.user,
    ).json()
    return axos, cast, made["order_no"]


def _blob_files(folder: Path) -> list[Path]:
    store = folder / "files"
    return sorted(p for p in store.rglob("*") if p.is_file()) if store.exists() else []


def test_add_list_get_and_remove_a_file(with_order, tmp_path):
    axos, cast, order = with_order
    source = tmp_path / "Tegning rev. 2.pdf"
    source.write_bytes(b"%PDF tegning")
    file_id = int(axos("--as", cast.user, "order", "file", "add", order, source).out)

    listed = axos("order", "file", "list", order).out
    assert "Tegning rev. 2.pdf" in listed and "Ola Hansen" in listed and "12 B" in listed
    rows = axos("order", "file", "list", order, "--json").json()
    assert [(r["id"], r["name"], r["size"]) for r in rows] == [(file_id, source.name, 12)]
    assert rows[0]["sha256"] == hashlib.sha256(b"%PDF tegning").hexdigest()

    out = tmp_path / "ut"
    out.mkdir()
    saved = axos("--json", "file", "get", file_id, "-o", out).json()
    assert Path(saved["path"]) == out / "Tegning rev. 2.pdf"
    assert (out / "Tegning rev. 2.pdf").read_bytes() == b"%PDF tegning"
    axos("file", "get", file_id, "-o", out).assert_user_error("finnes allerede", "--force")
    assert axos("file", "get", file_id, "-o", out, "--force").out

    assert axos("--as", cast.admin, "file", "remove", file_id).out
    assert axos("order", "file", "list", order).out == "Ingen filer."
    log = axos("order", "log", order).out
    assert "La til filen «Tegning rev. 2.pdf» (12 B)" in log
    assert "Fjernet filen «Tegning rev. 2.pdf»" in log


def test_get_never_writes_outside_the_folder_given(with_order, tmp_path):
    axos, _cast, order = with_order
    source = tmp_path / "kilde.txt"
    source.write_bytes(b"farlig navn")
    hostile = "../../utenfor\x1b[2J.txt"
    file_id = axos("order", "file", "add", order, source, "--name", hostile).out
    listed = axos("order", "file", "list", order).out
    assert "\x1b" not in listed and "\\x1b[2J" in listed
    out = tmp_path / "a" / "b"
    out.mkdir(parents=True)
    before = {p for p in tmp_path.rglob("*")}
    assert axos("file", "get", file_id, "-o", out).out
    new = {p for p in tmp_path.rglob("*")} - before
    assert [p.relative_to(out) for p in new] == [Path("utenfor_[2J.txt")]


def test_refusals_are_one_line_errors(with_order, tmp_path):
    axos, cast, order = with_order
    big = tmp_path / "stor.bin"
    con = ax.connect(axos.db_path)
    try:
        ax.update_settings(con, cast.admin, max_file_mb=1)
    finally:
        con.close()
    big.write_bytes(b"\0" * 1_000_001)
    axos("order", "file", "add", order, big).assert_user_error("stor.bin", "max_file_mb")
    assert _blob_files(tmp_path) == []
    axos("order", "file", "add", order, tmp_path / "finnes-ikke.txt").assert_user_error(
        "Kan ikke lese filen", "finnes-ikke.txt"
    )
    axos("order", "file", "add", 99999, big).assert_user_error("99999")
    axos("file", "get", 4242, "-o", tmp_path).assert_user_error("Fil 4242 finnes ikke")
    axos("file", "remove", "x").assert_user_error("fil-id")
    small = tmp_path / "liten.txt"
    small.write_bytes(b"kari sin")
    file_id = axos("--as", cast.admin, "order", "file", "add", order, small).out
    axos("--as", cast.user, "file", "remove", file_id).assert_user_error(
        "administrator", "Ola Hansen"
    )


def test_a_damaged_file_is_refused_and_nothing_written(with_order, tmp_path):
    axos, _cast, order = with_order
    source = tmp_path / "data.csv"
    source.write_bytes(b"a;b\n1;2\n")
    file_id = axos("order", "file", "add", order, source).out
    (blob,) = _blob_files(tmp_path)
    blob.write_bytes(b"a;b\n1;3\n")
    target = tmp_path / "hentet.csv"
    axos("file", "get", file_id, "-o", target).assert_user_error("skadet", "data.csv")
    assert not target.exists()
    check = axos("check")
    assert check.returncode == 0  # the check looks for missing blobs only (cheap)
    blob.unlink()
    check = axos("check")
    assert check.returncode != 0 and "data.csv" in check.stdout + check.stderr


def test_gc_prints_what_it_removed(with_order, tmp_path):
    axos, _cast, order = with_order
    (tmp_path / "a.txt").write_bytes(b"a")
    (tmp_path / "b.txt").write_bytes(b"b")
    assert axos("order", "file", "add", order, tmp_path / "a.txt").out
    dropped = axos("order", "file", "add", order, tmp_path / "b.txt").out
    assert axos("file", "remove", dropped).out
    (tmp_path / "files" / ".tmp-deadbeef").write_bytes(b"rest")
    out = axos("gc").out
    assert hashlib.sha256(b"b").hexdigest() in out and ".tmp-deadbeef" in out
    assert axos("--json", "gc").json() == {"removed_blobs": [], "removed_temps": [], "bytes": 0}
    assert [p.name for p in _blob_files(tmp_path)] == [hashlib.sha256(b"a").hexdigest()[2:]]


def test_relate_unrelate_and_relations(with_order, tmp_path):
    axos, cast, order = with_order
    other = axos(
        "--json",
        "order",
        "create",
        "--customer",
        cast.customer,
        "--title",
        "Ekstra",
        "--our-contact",
        cast.user,
    ).json()["order_no"]
    relation = axos("order", "relate", other, "--to", f"order:{order}", "--kind", "tilleggsordre")
    relation_id = int(relation.out)
    assert "tilleggsordre til" in axos("order", "relations", other).out
    back = axos("--json", "order", "relations", order).json()
    assert [(r["to_id"], r["kind"]) for r in back] == [(other, "har_tilleggsordre")]
    project = axos("--json", "order", "relate", order, "--to", f"project:{cast.project}").json()
    assert project["relation_id"] > 0

    axos("order", "relate", order, "--to", "quote:999").assert_user_error("Tilbud 999")
    axos("order", "relate", order, "--to", "kunde:1").assert_user_error("quote:ID")
    axos("order", "unrelate", order, relation_id).assert_user_error(
        f"ingen relasjon med id «{relation_id}»"
    )
    assert axos("order", "unrelate", other, relation_id).out == f"Fjernet relasjon {relation_id}"
    assert axos("order", "relations", other).out == "Ingen relasjoner."


def test_backup_and_restore_carry_the_files(with_order, tmp_path):
    axos, _cast, order = with_order
    source = tmp_path / "vedlegg.txt"
    source.write_bytes(b"med i kopien")
    file_id = axos("order", "file", "add", order, source).out
    backups = tmp_path / "kopier"
    backups.mkdir()
    made = axos("--json", "backup", backups / "kopi.duckdb").json()
    assert made["orders"] == 1
    assert [p.read_bytes() for p in _blob_files(backups)] == [b"med i kopien"]

    restored_dir = tmp_path / "ny"
    restored_dir.mkdir()
    restored = restored_dir / "axos.duckdb"
    assert axos("restore", backups / "kopi.duckdb", "--to", restored).out
    assert [p.read_bytes() for p in _blob_files(restored_dir)] == [b"med i kopien"]
    assert axos("--db", restored, "check").returncode == 0
    out = tmp_path / "hentet.txt"
    assert axos("--db", restored, "file", "get", file_id, "-o", out).out
    assert out.read_bytes() == b"med i kopien"


def test_a_backup_whose_files_are_missing_is_refused_on_restore(with_order, tmp_path):
    axos, _cast, order = with_order
    (tmp_path / "v.txt").write_bytes(b"borte")
    assert axos("order", "file", "add", order, tmp_path / "v.txt").out
    backups = tmp_path / "kopier"
    backups.mkdir()
    assert axos("backup", backups / "kopi.duckdb").out
    for blob in _blob_files(backups):
        os.remove(blob)
    target = tmp_path / "ny.duckdb"
    axos("restore", backups / "kopi.duckdb", "--to", target).assert_user_error("v.txt")
    assert not target.exists()


def test_a_backup_is_not_taken_when_a_file_is_damaged(with_order, tmp_path):
    axos, _cast, order = with_order
    (tmp_path / "v.txt").write_bytes(b"original")
    assert axos("order", "file", "add", order, tmp_path / "v.txt").out
    (blob,) = _blob_files(tmp_path)
    blob.write_bytes(b"endret")
    backups = tmp_path / "kopier"
    backups.mkdir()
    axos("backup", backups / "kopi.duckdb").assert_user_error("skadet", "axos check")
    assert list(backups.iterdir()) == [backups / "files"] or list(backups.iterdir()) == []
