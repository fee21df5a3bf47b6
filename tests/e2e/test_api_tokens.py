"""Who may use the app's API: the app's own token, employees' API tokens, nothing else.

One real app (build_app under uvicorn in this process, as in test_api_cli.py) on a copy of
the demo database; the CLI runs in this process as a client, with `--url/--token` like a
script on another machine.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import urllib.error
import urllib.request

import pytest

from axos_data.app import context
from axos_data.app.login_throttle import LoginThrottle
from tests.e2e.test_api_cli import DB, NOW, InProcessApp, axos


@pytest.fixture(scope="module")
def held(tmp_path_factory, demo_template):
    folder = tmp_path_factory.mktemp("api-tokens")
    shutil.copyfile(demo_template, folder / DB)
    saved = os.environ.get("AXOS_NOW")
    os.environ["AXOS_NOW"] = NOW
    # Its own throttle test uses a second app; here bad tokens of several tests add up.
    app = InProcessApp(folder / DB, throttle=LoginThrottle(per_client=1000, overall=1000)).start()
    try:
        yield folder, app
    finally:
        app.stop()
        if saved is None:
            os.environ.pop("AXOS_NOW", None)
        else:
            os.environ["AXOS_NOW"] = saved


def local(held, *words: str, stdin: str = ""):
    """The CLI beside the app (it finds the app by its server file)."""
    folder, _ = held
    return axos(folder, list(words), stdin)


def remote(held, token: str, *words: str):
    """The CLI as a script elsewhere: --url and an employee's token."""
    folder, app = held
    return axos(folder, ["--url", app.url, "--token", token, *words])


def new_token(held, employee_id: int) -> str:
    code, out, err = local(held, "--json", "token", "create", str(employee_id), "--name", "t")
    assert code == 0, err
    return json.loads(out)["token"]


def error_line(result) -> str:
    code, out, err = result
    assert (code, out) == (1, ""), result
    assert err.startswith("feil: ") and err.count("\n") == 1, err
    return err


def http(app, path: str, *, token: str | None = None, body: bytes | None = None, headers=None):
    request = urllib.request.Request(
        app.url + path, data=body, method="POST" if body is not None else "GET"
    )
    if token is not None:
        request.add_header("Authorization", f"Bearer {token}")
    for key, value in (headers or {}).items():
        request.add_header(key, value)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def _declared_too_large(app, token: str) -> int:
    """A request announcing a 2 MB body is refused before the body is read (413)."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", app.port, timeout=30)
    try:
        connection.putrequest("POST", "/api/v1/cli")
        connection.putheader("Authorization", f"Bearer {token}")
        connection.putheader("Content-Length", "2000000")
        connection.endheaders()
        return connection.getresponse().status
    finally:
        connection.close()


def open_order() -> int:
    row = (
        context.cursor()
        .execute("SELECT min(order_no) FROM orders WHERE status = 'under_arbeid'")
        .fetchall()
    )
    return row[0][0]


def test_an_employee_token_acts_as_that_employee_with_their_rights(held):
    user, admin = new_token(held, 3), new_token(held, 1)
    before = json.loads(local(held, "--json", "settings", "show")[1])["company_name"]

    assert "ordreinnstillinger" in error_line(
        remote(held, user, "settings", "set", "company_name", "X")
    )
    assert json.loads(local(held, "--json", "settings", "show")[1])["company_name"] == before
    assert remote(held, admin, "settings", "set", "company_name", "Nytt AS")[0] == 0

    order = str(open_order())
    assert remote(held, user, "order", "comment", order, "fra et skript") == (
        0,
        "Kommentar lagret\n",
        "",
    )
    last = json.loads(local(held, "--json", "order", "log", order)[1])[-1]
    name = context.cursor().execute("SELECT name FROM employees WHERE id = 3").fetchall()[0][0]
    assert (last["message"], last["actor"]) == ("fra et skript", name)

    assert "--as 1" in error_line(remote(held, user, "--as", "1", "order", "show", order))
    assert "API-nøkkel" in error_line(remote(held, user, "order", "pdf", order, "-o", "x.pdf"))
    assert not (held[0] / "x.pdf").exists()
    assert "administrator" in error_line(remote(held, user, "check"))
    assert "administrator" in error_line(remote(held, user, "token", "create", "1"))
    assert remote(held, user, "order", "pdf", order, "-o", "-")[1].startswith("%PDF")

    own = json.loads(remote(held, user, "--json", "token", "list")[1])
    assert own and {row["employee_id"] for row in own} == {3}


def test_revoked_unknown_and_missing_tokens_get_401_and_one_error_line(held):
    folder, app = held
    token = new_token(held, 4)
    assert remote(held, token, "order", "list", "--limit", "1")[0] == 0
    token_id = context.cursor().execute("SELECT max(id) FROM api_tokens").fetchall()[0][0]
    assert local(held, "token", "revoke", str(token_id))[0] == 0

    assert "trukket tilbake" in error_line(remote(held, token, "order", "list"))
    assert http(app, "/api/v1/ping", token=token)[0] == 401
    assert http(app, "/api/v1/ping", token="axos_" + "A" * 43)[0] == 401
    assert http(app, "/api/v1/ping")[0] == 401
    assert "--token" in error_line(axos(folder, ["--url", app.url, "order", "list"]))

    # A login shut off or an employee deactivated takes their tokens with it.
    disabled, gone = new_token(held, 5), new_token(held, 6)
    assert local(held, "user", "disable", "5")[0] == 0
    assert local(held, "employee", "deactivate", "6")[0] == 0
    for token in (disabled, gone):
        assert http(app, "/api/v1/ping", token=token)[0] == 401


def test_only_a_hash_of_a_token_is_stored_and_every_change_is_audited(held):
    token = new_token(held, 2)
    rows = context.cursor().execute("SELECT token_hash, name FROM api_tokens").fetchall()
    assert hashlib.sha256(token.encode()).hexdigest() in {r[0] for r in rows}
    assert not any(token in " ".join(map(str, r)) for r in rows)
    assert len(token) >= 40 and token.startswith("axos_")  # 256 random bits, base64
    audit = json.loads(local(held, "--json", "audit", "--limit", "1000")[1])
    assert {"created"} <= {row["action"] for row in audit if row["entity"] == "api_token"}
    assert token not in json.dumps(audit)


def test_the_api_takes_a_bearer_token_from_this_machine_and_nothing_else(held):
    _, app = held
    owner = app.token
    assert http(app, "/api/v1/ping", token=owner)[0] == 200
    # The pages run in single-user mode here; the API still wants its token, not a cookie.
    assert http(app, "/api/v1/ping", headers={"Cookie": "axos_session=x"})[0] == 401
    status, headers, _ = http(
        app, "/api/v1/ping", token=owner, headers={"Origin": "http://evil.example"}
    )
    assert status == 403
    assert not any(k.lower().startswith("access-control-") for k in headers)
    assert http(app, "/api/v1/ping", token=owner, headers={"Host": "evil.example"})[0] == 400
    assert _declared_too_large(app, owner) == 413
    status, _, body = http(app, "/api/v1/cli", token=owner, body=b'{"argv": "order list"}')
    assert status == 400 and "argv" in json.loads(body)["message"]


def test_bad_tokens_count_as_failed_logins_and_are_throttled(held):
    folder, _ = held
    token = new_token(held, 7)
    strict = InProcessApp(folder / DB, throttle=LoginThrottle(per_client=3)).start(announce=False)
    try:
        for _ in range(3):
            assert http(strict, "/api/v1/ping", token="axos_wrong")[0] == 401
        status, headers, _ = http(strict, "/api/v1/ping", token=token)
        assert status == 429 and int(headers["Retry-After"]) > 0
        assert http(strict, "/api/v1/ping", token=strict.token)[0] == 200  # the app's own
    finally:
        strict.stop(close=False)
