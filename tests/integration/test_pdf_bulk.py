"""Bulk export: one file per order, the same bytes as a single render, activity rows."""

import json
import threading
from concurrent.futures import wait

import pytest
from pdf_support import pages_text

import axos_data as ax
from axos_data import pdf
from axos_data.pdf import bulk


@pytest.fixture
def orders(con, seeded):
    """Five orders: three ready for invoicing (one without lines), two still in progress."""
    numbers = []
    for i in range(5):
        order_no = ax.create_order(
            con,
            seeded.admin,
            customer_id=seeded.customer if i % 2 else seeded.other_customer,
            title=f"Ordre {i}",
            our_contact_id=seeded.user,
        )
        for j in range(i):
            ax.add_line(con, seeded.admin, order_no, product=seeded.product_25, quantity=str(j + 1))
        if i < 3:
            ax.change_status(con, seeded.admin, order_no, "klar_til_fakturering")
        numbers.append(order_no)
    return numbers


def test_export_by_status_writes_one_file_per_order(con, seeded, orders, tmp_path):
    seen = []
    result = pdf.export_confirmations(
        con,
        tmp_path / "ut",
        statuses=["klar_til_fakturering"],
        actor=seeded.admin,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert result.files == tuple(f"ordrebekreftelse-{n}.pdf" for n in orders[:3])
    assert sorted(p.name for p in (tmp_path / "ut").iterdir()) == list(result.files)
    assert seen[0] == (0, 3) and seen[-1] == (3, 3)
    for order_no, name in zip(orders[:3], result.files, strict=True):
        content = (tmp_path / "ut" / name).read_bytes()
        assert content == pdf.render(pdf.load_confirmation(con, order_no)).pdf
        row = ax.views.order_activity(con, order_no).to_dicts()[-1]
        assert row["kind"] == "confirmation_rendered"
        assert row["actor_id"] == seeded.admin
        assert row["message"].startswith(f"Ordrebekreftelse eksportert til {name}")
        assert json.loads(row["data"])["file"] == name
    assert "Ingen ordrelinjer" in pages_text((tmp_path / "ut" / result.files[0]).read_bytes())[0]
    for order_no in orders[3:]:
        assert "confirmation_rendered" not in ax.views.order_activity(con, order_no)["kind"]


def test_export_in_worker_processes_gives_the_same_files(
    con, seeded, orders, tmp_path, monkeypatch
):
    monkeypatch.setattr(bulk, "POOL_THRESHOLD", 1)
    pool_when_started = bulk._Renderer._pool

    def wait_for_the_pool(renderer):
        if renderer._starting is not None:
            wait([renderer._starting])
        return pool_when_started(renderer)

    def not_here(data):
        raise AssertionError("rendered in the exporting process, not in a worker")

    monkeypatch.setattr(bulk._Renderer, "_pool", wait_for_the_pool)
    monkeypatch.setattr(bulk.layout, "render", not_here)
    result = pdf.export_confirmations(con, tmp_path / "ut", workers=2, batch_size=2)
    assert result.count == 5
    for order_no, name in zip(orders, result.files, strict=True):
        assert (tmp_path / "ut" / name).read_bytes() == pdf.render(
            pdf.load_confirmation(con, order_no)
        ).pdf
        row = ax.views.order_activity(con, order_no).to_dicts()[-1]
        assert row["actor_id"] == seeded.user  # no actor given: the order's own contact


def test_rendering_starts_here_while_the_workers_start(con, orders, tmp_path, monkeypatch):
    monkeypatch.setattr(bulk, "POOL_THRESHOLD", 1)
    started = threading.Event()

    class SlowToStart:
        terminated = False

        def Pool(self, workers, initializer):  # multiprocessing's name
            started.wait(timeout=30)
            return self

        def terminate(self):
            SlowToStart.terminated = True

    rendered_here = []
    render = bulk.layout.render
    monkeypatch.setattr(bulk, "_context", SlowToStart)
    monkeypatch.setattr(bulk.layout, "render", lambda d: rendered_here.append(d) or render(d))
    result = pdf.export_confirmations(
        con,
        tmp_path / "ut",
        workers=2,
        progress=lambda done, total: done == total and started.set(),
    )
    assert result.count == len(rendered_here) == 5
    assert SlowToStart.terminated  # the pool that came up too late is shut down


def test_export_of_given_order_numbers(con, orders, tmp_path):
    result = pdf.export_confirmations(con, tmp_path / "ut", order_nos=[orders[4], orders[1]])
    assert result.files == tuple(f"ordrebekreftelse-{n}.pdf" for n in sorted(orders[1::3]))


def test_export_errors_name_what_is_wrong(con, seeded, orders, tmp_path):
    with pytest.raises(ax.UnknownOrder, match="Ordre 99999 finnes ikke"):
        pdf.export_confirmations(con, tmp_path, order_nos=[orders[0], 99999])
    with pytest.raises(ax.UnknownStatus, match="nope"):
        pdf.export_confirmations(con, tmp_path, statuses=["nope"])
    folder = tmp_path / "eksport"
    folder.mkdir()
    blocker = folder / "fil"
    blocker.write_text("x")
    with pytest.raises(ax.CannotWriteFile, match="Kan ikke lage mappen"):
        pdf.export_confirmations(con, blocker / "ut", statuses=["klar_til_fakturering"])
    assert list(folder.iterdir()) == [blocker]
    ax.set_employee_active(con, seeded.admin, seeded.user, False)
    with pytest.raises(ax.InactiveEmployee):
        pdf.export_confirmations(con, tmp_path / "ut", actor=seeded.user)


def test_batches_load_exactly_what_single_loads(con, orders):
    seller = pdf.load_seller(con)
    assert pdf.load_batch(con, orders, seller) == [pdf.load_confirmation(con, n) for n in orders]


def test_a_file_that_cannot_be_written_stops_the_export_but_written_ones_are_logged(
    con, orders, tmp_path
):
    out = tmp_path / "ut"
    (out / f"ordrebekreftelse-{orders[1]}.pdf").mkdir(parents=True)  # in the way
    with pytest.raises(ax.CannotWriteFile, match=f"ordrebekreftelse-{orders[1]}.pdf"):
        pdf.export_confirmations(con, out, batch_size=2)
    logged = {
        n for n in orders if "confirmation_rendered" in ax.views.order_activity(con, n)["kind"]
    }
    written = {n for n in orders if (out / f"ordrebekreftelse-{n}.pdf").is_file()}
    assert orders[1] not in logged
    assert logged == written and orders[0] in written
    assert not list(out.glob("*.part"))
