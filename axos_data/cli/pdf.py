"""axos order pdf: order confirmations (ordrebekreftelser) as PDF files."""

from __future__ import annotations

from pathlib import Path

import click
from tqdm import tqdm

from axos_data.cli import in_app
from axos_data.cli._common import LocalPath, State, emit, local_path, with_state


@click.command("pdf")
@click.argument("order_nos", nargs=-1, type=int)
@click.option(
    "-o",
    "--output",
    type=LocalPath(dir_okay=False, path_type=Path),
    default=None,
    help="File for one order ('-' for stdout; default ordrebekreftelse-ORDRENR.pdf).",
)
@click.option(
    "--status",
    "statuses",
    multiple=True,
    help="Export every order in this status (repeat for several); needs --out-dir.",
)
@click.option(
    "--out-dir",
    type=LocalPath(file_okay=False, path_type=Path),
    default=None,
    help="Folder for many orders: one ordrebekreftelse-ORDRENR.pdf per order.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Rendering processes for --out-dir (default: one per core).",
)
@with_state
def order_pdf(
    state: State,
    order_nos: tuple[int, ...],
    output: Path | None,
    statuses: tuple[str, ...],
    out_dir: Path | None,
    workers: int | None,
) -> None:
    """Order confirmation PDF of ORDER_NO, or of many orders with --out-dir.

    \b
    axos order pdf 10042 -o bekreftelse.pdf
    axos order pdf --status klar_til_fakturering --out-dir ut/
    axos order pdf 10042 10043 --out-dir ut/

    Each PDF written is logged on its order ("ordrebekreftelse … eksportert").
    """
    if out_dir is None:
        if statuses:
            raise click.UsageError("--status lager mange filer: oppgi også --out-dir MAPPE.")
        if len(order_nos) != 1:
            raise click.UsageError(
                "Oppgi ett ordrenummer (med -o FIL), eller --out-dir MAPPE for flere ordrer."
            )
        _single(state, order_nos[0], output)
        return
    if output is not None:
        raise click.UsageError("-o gjelder én ordre; med --out-dir får hver ordre sin fil.")
    if not order_nos and not statuses:
        raise click.UsageError("Oppgi ordrenumre eller --status sammen med --out-dir.")
    _bulk(state, order_nos, statuses, out_dir, workers)


def _single(state: State, order_no: int, output: Path | None) -> None:
    from axos_data import pdf  # here, not on top: fpdf2 and fontTools take 0.5 s to import

    if output is not None and str(output) == "-":
        document = pdf.render_confirmation(state.con, order_no, actor=state.actor())
        out = in_app.binary_stdout()
        out.write(document)
        out.flush()
        return
    target = pdf.save_confirmation(
        state.con, order_no, output or local_path(pdf.file_name(order_no)), actor=state.actor()
    )
    emit(
        state,
        {"order_no": order_no, "file": str(target), "bytes": target.stat().st_size},
        f"Skrev {target}",
    )


def _bulk(
    state: State,
    order_nos: tuple[int, ...],
    statuses: tuple[str, ...],
    out_dir: Path,
    workers: int | None,
) -> None:
    from axos_data import pdf

    # disable=None: a bar on an interactive stderr, nothing in logs and pipes.
    with tqdm(
        desc="Ordrebekreftelser",
        unit=" pdf",
        file=in_app.error_stream(),
        disable=None,
        leave=False,
    ) as bar:

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        result = pdf.export_confirmations(
            state.con,
            out_dir,
            order_nos=list(order_nos) or None,
            statuses=list(statuses) or None,
            actor=state.actor(),
            workers=workers,
            progress=progress,
        )
    rate = result.count / result.seconds if result.seconds else 0
    emit(
        state,
        {
            "out_dir": str(result.out_dir),
            "count": result.count,
            "seconds": round(result.seconds, 3),
            "files": list(result.files),
        },
        f"Skrev {result.count} ordrebekreftelser til {result.out_dir}"
        f" ({result.seconds:.1f} s, {rate:.0f} per sekund)",
    )


def register(cli: click.Group) -> None:
    from axos_data.cli.orders import order

    order.add_command(order_pdf)
