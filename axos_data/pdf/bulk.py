"""Bulk export: the confirmations of many orders into one folder, one file per order.

DuckDB lets one process hold the file, so this process loads the orders in batches (four
queries a batch) while worker processes render and write the PDFs of the previous batch; the
activity rows of each batch are written in one transaction once its files exist. At most two
batches are in memory at a time, so memory stays flat however many orders there are.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from axos_data import os_errors, queries, views
from axos_data.access import Con, as_id, load_actor
from axos_data.errors import CannotWriteFile, UnknownOrder
from axos_data.model import Actor
from axos_data.pdf import fonts, layout
from axos_data.pdf.activity import Rendered, record
from axos_data.pdf.data import ConfirmationData, load_batch, load_seller

LOGGER = logging.getLogger(__name__)
BATCH_SIZE = 200
# Below this many orders, rendering here beats starting worker processes (about a second).
POOL_THRESHOLD = 40


@dataclass(frozen=True)
class ExportResult:
    out_dir: Path
    files: tuple[str, ...]
    seconds: float

    @property
    def count(self) -> int:
        return len(self.files)


def file_name(order_no: int) -> str:
    return f"ordrebekreftelse-{order_no}.pdf"


def select_orders(
    con: Con, order_nos: Sequence[object] | None = None, statuses: Sequence[str] | None = None
) -> list[int]:
    """The order numbers to export, ascending: the given ones, narrowed to the statuses."""
    status_keys = list(statuses or []) or None
    if status_keys:
        views.OrderFilter(statuses=status_keys).params(con)  # UnknownStatus names a bad key
    numbers = None
    if order_nos:
        numbers = []
        for value in order_nos:
            number = as_id(value)
            if number is None:
                raise UnknownOrder(f"«{value}» er ikke et ordrenummer.")
            numbers.append(number)
    if numbers is not None:
        known = _order_nos(con, None, numbers)
        missing = sorted(set(numbers) - set(known))
        if missing:
            raise UnknownOrder(f"Ordre {missing[0]} finnes ikke.")
    return _order_nos(con, status_keys, numbers)


def _order_nos(con: Con, statuses: list[str] | None, numbers: list[int] | None) -> list[int]:
    rows = con.execute(
        queries.sql("confirmation_order_nos"), {"statuses": statuses, "order_nos": numbers}
    ).fetchall()
    return [row[0] for row in rows]


def write_file(target: Path, content: bytes) -> None:
    """Write via a .part file and rename, so a file that exists is always complete."""
    partial = target.with_name(target.name + ".part")
    try:
        partial.write_bytes(content)
        os.replace(partial, target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise CannotWriteFile(f"Kan ikke skrive {target}: {os_errors.reason(error)}.") from None


def _render_to_file(task: tuple[ConfirmationData, str]) -> tuple[int, str, int, str]:
    """Worker: render one confirmation and write it into the folder."""
    data, folder = task
    document = layout.render(data)
    name = file_name(data.order_no)
    write_file(Path(folder) / name, document.pdf)
    return data.order_no, name, document.pages, document.sha256


def _context() -> multiprocessing.context.BaseContext:
    """forkserver where there is one, else spawn; never fork.

    This process runs DuckDB's threads, so forking it is unsafe. A fork server is a clean
    process that imports the renderer and parses the fonts once (_preload), and forks the
    workers from itself, so they start in milliseconds and share that memory.
    """
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["axos_data.pdf._preload"])
        return context
    return multiprocessing.get_context("spawn")


class _Outcomes:
    """What became of one batch's tasks: results or errors, first those rendered here."""

    def __init__(self, here: list, pooled: Iterator):
        self._here, self._pooled = here, pooled

    def __iter__(self) -> Iterator:
        return self

    def __next__(self):
        if self._here:
            item = self._here.pop(0)
            if isinstance(item, Exception):
                raise item
            return item
        return next(self._pooled)  # a worker's error is raised here, the rest still follow


class _Renderer:
    """Renders in worker processes, and in this process until they have started.

    Starting the pool (a fork server importing fpdf2, fontTools and the library) takes over
    a second, during which this process would otherwise only wait: it renders meanwhile.
    """

    def __init__(self, workers: int):
        self._starting: Future | None = None
        self._executor: ThreadPoolExecutor | None = None
        if workers > 1:
            self._executor = ThreadPoolExecutor(1, thread_name_prefix="axos-pdf-pool")
            self._starting = self._executor.submit(
                _context().Pool, workers, initializer=fonts.warm_up
            )

    def _pool(self):
        """The pool once it has started; None before, or if it could not start."""
        if self._starting is None or not self._starting.done():
            return None
        if self._starting.exception() is not None:
            LOGGER.warning("No worker processes (%s); rendering here", self._starting.exception())
            self._starting = None
            return None
        return self._starting.result()

    def submit(self, tasks: list) -> _Outcomes:
        here = []
        pool = self._pool()
        while tasks and pool is None:
            try:
                here.append(_render_to_file(tasks.pop(0)))
            except Exception as error:
                here.append(error)
            pool = self._pool()
        pooled = pool.imap_unordered(_render_to_file, tasks, chunksize=4) if tasks else iter(())
        return _Outcomes(here, pooled)

    def close(self) -> None:
        if self._starting is not None:
            wait([self._starting])
            if self._starting.exception() is None:
                self._starting.result().terminate()
        if self._executor is not None:
            self._executor.shutdown()


@contextmanager
def _renderer(workers: int) -> Iterator[_Renderer]:
    renderer = _Renderer(workers)
    try:
        yield renderer
    finally:
        renderer.close()


def _batches(numbers: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for start in range(0, len(numbers), size):
        yield numbers[start : start + size]


def export_confirmations(
    con: Con,
    out_dir: str | os.PathLike,
    *,
    order_nos: Sequence[object] | None = None,
    statuses: Sequence[str] | None = None,
    actor: int | Actor | None = None,
    workers: int | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int, int], None] | None = None,
) -> ExportResult:
    """Write ordrebekreftelse-ORDERNO.pdf for each selected order into `out_dir`.

    Orders are chosen by number and/or status (all orders if neither is given). `workers`
    rendering processes (default: one per core) are used from POOL_THRESHOLD orders on.
    `progress(done, total)` is called at the start and as files are written. Each file gets
    an activity row ("Ordrebekreftelse eksportert til …"), attributed as in
    render_confirmation.
    If a file cannot be written, the files written so far keep their activity rows and
    CannotWriteFile is raised.
    """
    started = time.perf_counter()
    numbers = select_orders(con, order_nos, statuses)
    seller = load_seller(con)
    if actor is not None:
        actor = load_actor(con, actor)
    folder = Path(out_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CannotWriteFile(
            f"Kan ikke lage mappen {folder}: {os_errors.reason(error)}."
        ) from None
    count = workers or os.cpu_count() or 1
    files: list[str] = []
    rendered = 0
    if progress:
        progress(0, len(numbers))

    def finish(datas: list[ConfirmationData], results: Iterator, *, quiet: bool = False) -> None:
        """Wait for a batch's files, log them in one transaction, then raise any error."""
        nonlocal rendered
        by_number = {d.order_no: d for d in datas}
        done: list[Rendered] = []
        failure: Exception | None = None
        while True:
            try:
                order_no, name, pages, digest = next(results)
            except StopIteration:
                break
            except Exception as error:
                failure = failure or error
                continue
            done.append(Rendered(by_number[order_no], pages, digest, name))
            rendered += 1
            if progress:
                progress(rendered, len(numbers))
        done.sort(key=lambda r: r.data.order_no)
        record(con, done, actor)
        files.extend(r.file for r in done)
        if failure is not None and not quiet:
            raise failure

    with _renderer(count if len(numbers) >= POOL_THRESHOLD else 1) as renderer:
        pending: list[tuple[list[ConfirmationData], Iterator]] = []
        try:
            for batch in _batches(numbers, batch_size):
                datas = load_batch(con, batch, seller)
                pending.append((datas, renderer.submit([(d, str(folder)) for d in datas])))
                if len(pending) == 2:  # load the next batch while this one renders
                    finish(*pending.pop(0))
            while pending:
                finish(*pending.pop(0))
        except BaseException:
            # Every file that was written gets its activity row, even when the export fails.
            while pending:
                finish(*pending.pop(0), quiet=True)
            raise
    return ExportResult(folder, tuple(files), time.perf_counter() - started)
