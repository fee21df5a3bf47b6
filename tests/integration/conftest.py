"""Integration tests share one invariant: whatever a test did through the library, the
database passes the whole invariant check (`axos check`: numbering, statuses, history and
activity, stored totals, references, conversions, search index) when it ends.

A test that breaks an invariant on purpose (to prove the check finds it) is marked
`@pytest.mark.breaks_invariants`.
"""

import duckdb
import pytest

import axos_data as ax


def _problems(con) -> list[dict]:
    return [problem.as_dict() for problem in ax.views.check(con)]


@pytest.fixture(autouse=True)
def invariants_hold(request: pytest.FixtureRequest):
    if "con" not in request.fixturenames or request.node.get_closest_marker("breaks_invariants"):
        yield
        return
    con = request.getfixturevalue("con")  # set up first, so torn down after this check
    yield
    try:
        problems = _problems(con)
    except duckdb.ConnectionException:  # the test closed it to let another process in
        reopened = ax.connect(request.getfixturevalue("db_path"))
        try:
            problems = _problems(reopened)
        finally:
            reopened.close()
    assert problems == [], f"the database breaks invariants: {problems}"
