"""Files on orders: content-addressed storage beside the database, verified reads, the size
setting, permissions, garbage collection and the activity log."""

from __future__ import annotations

import io
import json
import threading

import pytest

import axos_data as ax
from axos_data import filestore


def _store(con):
    return filestore.store_dir(con)


def _blobs(con) -> set[str]:
    return set(filestore.stored_hashes(_store(con)))


def test_a_file_is_stored_by_its_hash_beside_the_database(con, seeded, new_order, db_path):
    order = new_order()
    file_id = ax.add_file(con, seeded.user, order, "tilbud.pdf", b"%PDF-1.7 innhold")
    sha = filestore.digest(b"%PDF-1.7 innhold")
    assert (db_path.parent / "files" / sha[:2] / sha[2:]).read_bytes() == b"%PDF-1.7 innhold"
    rows = ax.views.order_files(con, order).to_dicts()
    assert [(r["id"], r["name"], r["size"], r["sha256"]) for r in rows] == [
        (file_id, "tilbud.pdf", 16, sha)
    ]
    assert rows[0]["uploaded_by"] == seeded.user
    content = ax.views.file_content(con, file_id)
    assert content.data == b"%PDF-1.7 innhold" and content.order_no == order
    assert content.content_type == "application/pdf"


def test_the_same_content_uploaded_twice_is_stored_once(con, seeded, new_order):
    first, second = new_order(), new_order()
    a = ax.add_file(con, seeded.user, first, "a.txt", b"samme innhold")
    b = ax.add_file(con, seeded.admin, second, "b.txt", io.BytesIO(b"samme innhold"))
    assert a != b
    assert _blobs(con) == {filestore.digest(b"samme innhold")}
    assert ax.views.file_content(con, b).data == b"samme innhold"


@pytest.mark.parametrize(
    "name",
    ["../../../etc/passwd", "..\\..\\windows\\system32\\cmd.exe", "/abs/path.txt", "a\x00b\n.txt"],
)
def test_hostile_names_are_kept_as_data_and_never_become_paths(
    con, seeded, new_order, db_path, name
):
    order = new_order()
    file_id = ax.add_file(con, seeded.user, order, name, b"x" + name.encode())
    assert ax.views.file_info(con, file_id)["name"] == name.strip()
    # Nothing was written anywhere but the store: the only new files are the blob.
    written = {p for p in db_path.parent.rglob("*") if p.is_file()}
    store_files = {p for p in written if _store(con) in p.parents}
    assert len(store_files) == 1
    assert {p.name for p in written - store_files} <= {"axos.duckdb", "axos.duckdb.wal"}
    content = ax.views.file_content(con, file_id)
    assert "/" not in content.safe_name and "\\" not in content.safe_name
    assert not any(ord(c) < 0x20 for c in content.safe_name)
    assert all(0x20 <= ord(c) < 0x7F for c in content.content_disposition)


@pytest.mark.breaks_invariants
def test_a_damaged_blob_is_detected_on_read_and_not_served(con, seeded, new_order):
    order = new_order()
    file_id = ax.add_file(con, seeded.user, order, "kontrakt.txt", b"original")
    path = filestore.blob_path(_store(con), filestore.digest(b"original"))
    path.write_bytes(b"originaL")
    with pytest.raises(ax.DamagedFile, match=r"kontrakt\.txt.*skadet"):
        ax.views.file_content(con, file_id)
    path.unlink()
    with pytest.raises(ax.DamagedFile, match="mangler"):
        ax.views.file_content(con, file_id)
    problems = ax.views.check(con, ["file_blobs"])
    assert [p.order_no for p in problems] == [order]
    assert "kontrakt.txt" in problems[0].message


def test_uploading_the_content_again_repairs_a_damaged_blob(con, seeded, new_order):
    order = new_order()
    file_id = ax.add_file(con, seeded.user, order, "a.txt", b"riktig")
    filestore.blob_path(_store(con), filestore.digest(b"riktig")).write_bytes(b"feil")
    ax.add_file(con, seeded.user, order, "a-igjen.txt", b"riktig")
    assert ax.views.file_content(con, file_id).data == b"riktig"


def test_a_file_above_the_size_setting_is_refused_before_anything_is_written(
    con, seeded, new_order, refused
):
    order = new_order()
    ax.update_settings(con, seeded.admin, max_file_mb=1)
    assert ax.max_file_bytes(con) == 1_000_000
    with refused(ax.FileTooLarge, "stor.bin", "1,0 MB", "max_file_mb"):
        ax.add_file(con, seeded.user, order, "stor.bin", io.BytesIO(b"\0" * 1_000_001))
    assert not _store(con).exists() or not any(_store(con).rglob("*"))
    ax.add_file(con, seeded.user, order, "akkurat.bin", b"\0" * 1_000_000)


def test_the_size_setting_is_bounded(con, seeded):
    assert ax.get_setting(con, "max_file_mb") == 25
    with pytest.raises(ax.NumberOutOfRange):
        ax.update_settings(con, seeded.admin, max_file_mb=0)
    with pytest.raises(ax.InvalidNumber):
        ax.update_settings(con, seeded.admin, max_file_mb="mye")


def test_bad_names_and_unknown_orders_are_refused_without_writing(con, seeded, new_order, refused):
    order = new_order()
    with refused(ax.EmptyValue, "Filnavnet"):
        ax.add_file(con, seeded.user, order, "  ", b"x")
    with refused(ax.TextTooLong, "256 tegn"):
        ax.add_file(con, seeded.user, order, "a" * 256, b"x")
    with refused(ax.UnknownOrder, "99999"):
        ax.add_file(con, seeded.user, 99999, "a.txt", b"x")
    assert not _store(con).exists() or not _blobs(con)


def test_removing_takes_the_uploader_or_the_settings_right(con, seeded, new_order, refused):
    """Uploader or `require_settings_right` (admin or the grant; the grant is read with the
    actor, so it applies here as soon as the employee has it)."""
    order = new_order()
    mine = ax.add_file(con, seeded.user, order, "ola.txt", b"ola")
    admins = ax.add_file(con, seeded.admin, order, "kari.txt", b"kari")
    with refused(ax.PermissionDenied, "administrator", "Ola Hansen"):
        ax.remove_file(con, seeded.user, admins)
    assert ax.remove_file(con, seeded.user, mine)["name"] == "ola.txt"
    assert ax.remove_file(con, seeded.admin, admins)["name"] == "kari.txt"
    assert ax.views.order_files(con, order).height == 0
    with refused(ax.UnknownFile, "Fil 12345"):
        ax.remove_file(con, seeded.admin, 12345)


def test_add_and_remove_go_into_the_activity_log(con, seeded, new_order):
    order = new_order()
    file_id = ax.add_file(con, seeded.user, order, "skisse.png", b"png")
    ax.remove_file(con, seeded.user, file_id)
    log = ax.views.order_activity(con, order).to_dicts()
    entries = [(r["kind"], r["actor_id"], r["message"]) for r in log[-2:]]
    assert entries == [
        ("file_added", seeded.user, "La til filen «skisse.png» (3 B)"),
        ("file_removed", seeded.user, "Fjernet filen «skisse.png»"),
    ]
    assert json.loads(log[-2]["data"])["file_id"] == file_id


def test_gc_removes_only_unreferenced_blobs_and_stray_temp_files(con, seeded, new_order):
    order = new_order()
    kept = ax.add_file(con, seeded.user, order, "behold.txt", b"behold")
    ax.add_file(con, seeded.user, order, "delt-1.txt", b"delt")
    shared = ax.add_file(con, seeded.user, order, "delt-2.txt", b"delt")
    dropped = ax.add_file(con, seeded.user, order, "fjern.txt", b"fjern")
    ax.remove_file(con, seeded.user, dropped)
    ax.remove_file(con, seeded.user, shared)  # its twin still refers to the blob
    (_store(con) / ".tmp-0123456789abcdef").write_bytes(b"avbrutt opplasting")
    foreign = _store(con) / "LESMEG.txt"
    foreign.write_text("ikke vår")

    result = ax.collect_garbage(con)

    assert result.blobs == [filestore.digest(b"fjern")]
    assert result.temps == [".tmp-0123456789abcdef"]
    assert result.bytes == len(b"fjern") + len(b"avbrutt opplasting")
    assert _blobs(con) == {filestore.digest(b"behold"), filestore.digest(b"delt")}
    assert foreign.exists()
    assert ax.views.file_content(con, kept).data == b"behold"
    assert ax.collect_garbage(con).as_dict() == {
        "removed_blobs": [],
        "removed_temps": [],
        "bytes": 0,
    }
    assert ax.views.check(con) == []


def test_gc_waits_for_an_upload_between_its_blob_and_its_commit(con, seeded, new_order):
    """The blob is written before the row commits; gc in between must not take it."""
    order = new_order()
    with filestore.STORE_LOCK:  # an upload that has written its blob, not yet committed
        sha = filestore.put(_store(con), b"underveis")
        cursor = con.cursor()
        swept: list = []
        worker = threading.Thread(target=lambda: swept.append(ax.collect_garbage(cursor)))
        worker.start()
        worker.join(0.2)
        assert worker.is_alive()  # blocked on the lock, not sweeping
        ax.add_file(con, seeded.user, order, "underveis.txt", b"underveis")
    worker.join()
    assert swept[0].blobs == []
    assert sha in _blobs(con)


def test_files_need_a_database_file(seeded):
    memory = ax.connect(":memory:")
    try:
        admin = ax.add_employee(memory, None, name="Eva", email="eva@example.no")
        customer = ax.add_company(memory, admin, name="Minne AS")
        order = ax.create_order(
            memory, admin, customer_id=customer, title="T", our_contact_id=admin
        )
        with pytest.raises(ax.FileStoreUnavailable, match="minnet"):
            ax.add_file(memory, admin, order, "a.txt", b"x")
        assert ax.views.check(memory, ["file_blobs"]) == []
    finally:
        memory.close()
