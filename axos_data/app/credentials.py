"""The app's credentials: e-mail and password per employee (services.users), and the rule for
single-user mode. Both read the process's database on this thread's cursor (context.py)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from axos_data import services
from axos_data.app import context
from axos_data.app.sessions import Identity


class EmployeePasswords:
    """The login form's e-mail and password, checked against the employee's scrypt hash."""

    fields = ("email", "password")

    def account(self, form: Mapping[str, str]) -> str | None:
        return form["email"].strip()[: services.users.MAX_EMAIL] or None

    def check(self, form: Mapping[str, str]) -> Identity | None:
        proved = services.check_login(context.cursor(), form["email"], form["password"])
        return None if proved.employee_id is None else Identity(proved.employee_id)

    def still_valid(self, identity: Identity) -> bool:
        return identity.employee_id is not None and services.login_allowed(
            context.cursor(), identity.employee_id
        )


def single_user_rule(loopback: bool) -> Callable[[], Identity | None]:
    """Single-user mode (Enkeltbrukermodus): on loopback while no one has a password, every
    request acts as the app's own employee (AXOS_USER / the first admin). Asked per request,
    so the first password set ends it at once."""

    def rule() -> Identity | None:
        if not loopback or services.passwords_in_use(context.cursor()):
            return None
        return Identity(context.current().actor.id, single_user=True)

    return rule
