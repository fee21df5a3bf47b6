"""axos order pdf: one order to a file, many orders to a folder, errors as one line."""

import json

import pytest
from click.testing import CliRunner
from pdf_support import pages_text

import axos_data as ax
from axos_data.cli import cli, main


@pytest.fixture
def ready(con, seeded):
    numbers = []
    for i in range(3):
        order_no = ax.create_order(
            con,
            seeded.admin,
            customer_id=seeded.customer,
            title=f"Ordre {i}",
            our_contact_id=seeded.user,
        )
        ax.add_line(con, seeded.admin, order_no, product=seeded.product_25, quantity="1")
        if i:
            ax.change_status(con, seeded.admin, order_no, "klar_til_fakturering")
        numbers.append(order_no)
    return numbers


def run(db_path, *args):
    result = CliRunner().invoke(cli, ["--db", str(db_path), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def test_one_order_to_a_file(con, seeded, ready, db_path, tmp_path):
    target = tmp_path / "bekreftelse.pdf"
    result = run(
        db_path, "--as", str(seeded.user), "order", "pdf", str(ready[0]), "-o", str(target)
    )
    assert result.output.strip() == f"Skrev {target}"
    assert f"Ordrenr. {ready[0]}" in pages_text(target.read_bytes())[0]
    row = ax.views.order_activity(con, ready[0]).to_dicts()[-1]
    assert row["kind"] == "confirmation_rendered" and row["actor_id"] == seeded.user


def test_default_file_name_is_the_order_number(con, ready, db_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run(db_path, "order", "pdf", str(ready[0]))
    assert (tmp_path / f"ordrebekreftelse-{ready[0]}.pdf").read_bytes().startswith(b"%PDF")


def test_bulk_by_status_with_json_output(con, ready, db_path, tmp_path):
    out = tmp_path / "ut"
    result = run(
        db_path, "order", "pdf", "--status", "klar_til_fakturering", "--out-dir", str(out), "--json"
    )
    report = json.loads(result.stdout)
    assert report["count"] == 2
    assert report["files"] == [f"ordrebekreftelse-{n}.pdf" for n in ready[1:]]
    assert sorted(p.name for p in out.iterdir()) == report["files"]


def test_pdf_to_stdout(con, ready, db_path):
    result = run(db_path, "order", "pdf", str(ready[0]), "-o", "-")
    assert result.stdout_bytes.startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["order", "pdf", "99999"], "feil: Ordre 99999 finnes ikke."),
        (["order", "pdf", "--status", "klar_til_fakturering"], "oppgi også --out-dir"),
        (["order", "pdf"], "Oppgi ett ordrenummer"),
        (["order", "pdf", "--status", "nope", "--out-dir", "x"], "Ukjent status «nope»"),
        (["order", "pdf", "--out-dir", "x"], "Oppgi ordrenumre eller --status"),
    ],
)
def test_errors_are_one_line_and_exit_1(con, ready, db_path, capsys, args, message):
    con.close()  # the command opens the file itself
    with pytest.raises(SystemExit) as done:
        main(["--db", str(db_path), *args])
    assert done.value.code == 1
    err = capsys.readouterr().err.strip()
    assert message in err and "\n" not in err
