"""A damaged or newer database file is refused before anything is written to it."""

from __future__ import annotations

import hashlib
import os

import duckdb
import pytest

import axos_data as ax


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("fraction", [0.3, 0.6, 0.9, 0.999])
def test_a_truncated_file_refuses_init_and_comment_and_stays_as_it_was(seeded_axos, fraction):
    axos, _cast = seeded_axos
    order = axos("order", "create", "--customer", "1", "--title", "Lager", "--our-contact", "1")
    assert order.returncode == 0, order.stderr
    assert (
        axos("init").returncode == 0
    )  # checkpoints on close: the file holds everything, no WAL beside it
    assert not axos.db_path.with_suffix(".duckdb.wal").exists()
    size = axos.db_path.stat().st_size
    with axos.db_path.open("r+b") as handle:
        handle.truncate(int(size * fraction))
    before = _digest(axos.db_path)

    for args in (("init",), ("order", "comment", "10001", "hei")):
        line = axos(*args).assert_user_error("er skadet", "axos restore", str(axos.db_path))
        assert "databasefeil" not in line
    assert _digest(axos.db_path) == before
    assert not axos.db_path.with_suffix(".duckdb.wal").exists()


def test_a_database_with_an_unknown_migration_is_refused(seeded_axos):
    axos, _cast = seeded_axos
    con = duckdb.connect(str(axos.db_path))
    con.execute("INSERT INTO schema_migrations (version, name) VALUES (999, '999_future.sql')")
    con.close()
    before = _digest(axos.db_path)

    for args in (("init",), ("order", "comment", "10001", "hei"), ("check",)):
        axos(*args).assert_user_error("er nyere enn dette programmet", "999")
    assert _digest(axos.db_path) == before


def test_the_library_raises_the_named_errors(tmp_path, seeded_template):
    template, _cast = seeded_template
    newer = tmp_path / "newer.duckdb"
    newer.write_bytes(template.read_bytes())
    con = duckdb.connect(str(newer))
    con.execute("INSERT INTO schema_migrations (version, name) VALUES (3000, 'x.sql')")
    con.close()
    with pytest.raises(ax.DatabaseNewerThanProgram):
        ax.connect(newer)
    with pytest.raises(ax.DatabaseNewerThanProgram):
        ax.connect(newer, read_only=True)

    cut = tmp_path / "cut.duckdb"
    data = template.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(ax.DatabaseDamaged) as caught:
        ax.connect(cut)
    assert "axos restore" in str(caught.value)


def test_a_file_cut_inside_its_headers_is_damaged_too(tmp_path, seeded_template):
    template, _cast = seeded_template
    cut = tmp_path / "cut.duckdb"
    cut.write_bytes(template.read_bytes()[:9000])
    with pytest.raises(ax.DatabaseDamaged):
        ax.connect(cut)
    assert os.path.getsize(cut) == 9000


def test_a_database_left_with_a_wal_by_a_killed_writer_still_opens(tmp_path, seeded_template):
    """The size check must not mistake an unreplayed WAL for damage."""
    import subprocess
    import sys

    template, cast = seeded_template
    path = tmp_path / "killed.duckdb"
    path.write_bytes(template.read_bytes())
    code = (
        "import os, axos_data as ax\n"
        f"con = ax.connect({str(path)!r})\n"
        "for i in range(20):\n"
        f"    ax.create_order(con, {cast.admin}, customer_id={cast.customer}, title='x',"
        f" our_contact_id={cast.admin})\n"
        "print('done', flush=True)\n"
        "os._exit(0)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "done", done.stderr
    assert path.with_suffix(".duckdb.wal").exists()
    con = ax.connect(path)
    try:
        assert con.execute("SELECT count(*) FROM orders").fetchall() == [(20,)]
    finally:
        con.close()
