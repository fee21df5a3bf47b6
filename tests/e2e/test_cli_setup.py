"""`axos init` and master data from the command line, on a fresh file."""

from pathlib import Path

import axos_data as ax


def test_init_creates_the_database_and_is_idempotent(axos):
    first = axos("init")
    shipped = sorted(
        p.name for p in (Path(ax.__file__).parent / "migrations").glob("[0-9][0-9][0-9]_*.sql")
    )
    assert first.out == f"{axos.db_path}: la inn {', '.join(shipped)}"
    assert shipped[:2] == ["001_core.sql", "002_search_terms.sql"]
    assert axos.db_path.exists()
    again = axos("--json", "init").json()
    assert again == {"db": str(axos.db_path), "applied": []}


def test_master_data_commands_print_ids(axos):
    assert (
        axos("employee", "add", "--name", "Kari Nordmann", "--email", "kari@nordlys.no").out == "1"
    )
    assert axos(
        "employee", "add", "--name", "Ola Hansen", "--email", "ola@nordlys.no", "--json"
    ).json() == {"id": 2}
    assert (
        axos(
            "company",
            "add",
            "--name",
            "Fjordtun Bygg AS",
            "--orgnr",
            "988 077 917",
            "--city",
            "Bergen",
        ).out
        == "1"
    )
    assert axos("--json", "contact", "add", "--company", "1", "--name", "Ingrid Berg").json() == {
        "id": 1
    }
    assert (
        axos("project", "add", "--name", "Nytt lager", "--customer", "1", "--manager", "2").out
        == "1"
    )
    assert axos(
        "product",
        "add",
        "--sku",
        "KONS-T",
        "--name",
        "Konsulenttime",
        "--unit",
        "t",
        "--price",
        "1250",
        "--json",
    ).json() == {"id": 1}

    con = ax.connect(axos.db_path)
    try:
        assert con.execute("SELECT name, role FROM employees ORDER BY id").fetchall() == [
            ("Kari Nordmann", "admin"),
            ("Ola Hansen", "user"),
        ]
        assert con.execute("SELECT name, orgnr, city FROM companies").fetchall() == [
            ("Fjordtun Bygg AS", "988077917", "Bergen")
        ]
        assert con.execute("SELECT customer_id, manager_id FROM projects").fetchall() == [(1, 2)]
        assert con.execute("SELECT sku, unit_price, vat_rate FROM products").fetchall()[0][2] == 25
    finally:
        con.close()


def test_axos_db_environment_variable_chooses_the_file(axos, tmp_path):
    other = tmp_path / "env.duckdb"
    assert axos("init", db=False, env={"AXOS_DB": str(other)}).returncode == 0
    assert other.exists()
    assert not axos.db_path.exists()


def test_a_user_cannot_add_employees(seeded_axos):
    cli, cast = seeded_axos
    run = cli("--as", cast.user, "employee", "add", "--name", "Per", "--email", "per@x.no")
    run.assert_user_error("Ola Hansen", "administrator")
