"""Integration tests share one invariant: whatever a test did through the library, every
order's stored totals still equal a recomputation from its lines when it ends."""

import duckdb
import pytest

import axos_data as ax


@pytest.fixture(autouse=True)
def stored_totals_stay_consistent(request: pytest.FixtureRequest):
    if "con" not in request.fixturenames:
        yield
        return
    con = request.getfixturevalue("con")  # set up first, so torn down after this check
    yield
    try:
        mismatches = ax.views.totals_mismatches(con)
    except duckdb.ConnectionException:  # the test closed it to let another process in
        reopened = ax.connect(request.getfixturevalue("db_path"))
        try:
            mismatches = ax.views.totals_mismatches(reopened)
        finally:
            reopened.close()
    assert mismatches.height == 0, f"stored totals disagree with the lines: {mismatches.to_dicts()}"
