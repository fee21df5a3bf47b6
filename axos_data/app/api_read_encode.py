"""The read API's answer formats, written a record batch at a time: Arrow IPC stream, Parquet,
or CSV (plain: comma, dot decimals, ISO dates, UTF-8), whose formula-like text cells get the
reversible quote of spreadsheet.neutralise_reversibly."""

from __future__ import annotations

import io
from collections.abc import Iterable

from axos_data import spreadsheet


class _Chunks(io.BytesIO):
    """The writers' sink: what they wrote since the last `take()`. Writers close their sink
    when they finish; the bytes must survive that."""

    def close(self) -> None:
        pass

    def take(self) -> bytes:
        data = self.getvalue()
        self.seek(0)
        self.truncate()
        return data


def _re2_class(chars: Iterable[str]) -> str:
    return "[" + "".join(f"\\x{{{ord(c):04x}}}" for c in sorted(chars)) + "]"


# spreadsheet.needs_quote as one regular expression: quotes, then blanks, then a formula start.
FORMULA_PATTERN = "^'*" + _re2_class(" \n\u00a0") + "*" + _re2_class(spreadsheet.FORMULA_STARTS)


def neutralised(batch):
    """The batch with every text cell a spreadsheet could run as a formula given a leading
    quote, exactly as spreadsheet.neutralise_reversibly does (spreadsheet.restore undoes it)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    columns = []
    for column in batch.columns:
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            risky = pc.match_substring_regex(column, FORMULA_PATTERN)
            quoted = pc.binary_join_element_wise(pa.scalar("'", column.type), column, "")
            column = pc.if_else(risky, quoted, column)
        columns.append(column)
    return pa.RecordBatch.from_arrays(columns, schema=batch.schema)


class Encoder:
    """Arrow IPC stream, Parquet or CSV, written a batch at a time; `write` and `close` give
    back the bytes that are ready."""

    def __init__(self, fmt: str, schema):
        import pyarrow as pa

        self.fmt = fmt
        self.sink = _Chunks()
        if fmt == "arrow":
            self.writer = pa.ipc.new_stream(self.sink, schema)
        elif fmt == "parquet":
            import pyarrow.parquet as pq

            self.writer = pq.ParquetWriter(self.sink, schema)
        else:
            import pyarrow.csv as pacsv

            self.writer = pacsv.CSVWriter(self.sink, schema)

    def write(self, batch) -> bytes:
        if self.fmt == "csv":
            batch = neutralised(batch)
        self.writer.write_batch(batch)
        return self.sink.take()

    def close(self) -> bytes:
        self.writer.close()
        return self.sink.take()
