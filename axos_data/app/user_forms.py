"""The settings page's users (administrators only): logins, passwords and the grant
«Ordreinnstillinger». The library refuses non-admins and keeps the last admin login."""

from __future__ import annotations

import marimo as mo

import axos_data as ax
from axos_data.app import forms, ui
from axos_data.app.settings_desk import SettingsDesk, choice_of
from axos_data.services.users import GRANTS

GRANT_LABEL = GRANTS["settings"]


def _people(desk: SettingsDesk) -> dict[str, int]:
    return {f"{u['name']} ({u['id']})": u["id"] for u in ax.list_users(desk.con) if u["active"]}


def users_table(desk: SettingsDesk) -> mo.Html:
    rows = [
        {
            **u,
            "role_label": ui.ROLE_LABELS.get(u["role"], u["role"]),
            "password": "satt" if u["has_password"] else "ikke satt",
            "login": "av" if u["login_disabled"] else ("på" if u["has_password"] else "—"),
            "grant": "Ja" if "settings" in (u["grants"] or []) or u["role"] == "admin" else "",
        }
        for u in ax.list_users(desk.con)
        if u["active"]
    ]
    return ui.simple_table(
        rows,
        [
            ("Ansatt", "left", ui.text_cell("name")),
            ("E-post", "left", ui.text_cell("email")),
            ("Rolle", "left", ui.text_cell("role_label")),
            ("Passord", "left", ui.text_cell("password")),
            ("Innlogging", "left", ui.text_cell("login")),
            (GRANT_LABEL, "left", ui.text_cell("grant")),
        ],
        css="axos-users",
    )


def password_form(desk: SettingsDesk) -> mo.ui.form:
    people = _people(desk)
    widgets = {
        "employee": mo.ui.dropdown(people, full_width=True),
        "password": mo.ui.text(kind="password", full_width=True),
    }
    template = forms.grid(("employee", "Ansatt", "half"), ("password", "Nytt passord", "half"))

    def write(values: dict | None) -> ui.Outcome | None:
        employee = (values or {}).get("employee")
        if not employee:
            return ui.refused("Velg den ansatte som skal få passord.")
        return ui.attempt(
            lambda: ax.set_password(desk.con, desk.actor_id, employee, values["password"] or ""),
            lambda _: f"Passordet til {choice_of(people, employee)} er satt.",
        )

    return desk.form("users", template, widgets, "Sett passord", write, clear=True)


LOGIN_CHOICES = {"Slå av innlogging": True, "Slå på innlogging": False}
GRANT_CHOICES = {f"Gi «{GRANT_LABEL}»": True, f"Ta bort «{GRANT_LABEL}»": False}


def login_form(desk: SettingsDesk) -> mo.ui.form:
    people = _people(desk)
    widgets = {
        "employee": mo.ui.dropdown(people, full_width=True),
        "disabled": mo.ui.dropdown(LOGIN_CHOICES, value="Slå av innlogging", full_width=True),
    }
    template = forms.grid(("employee", "Ansatt", "half"), ("disabled", "Innlogging", "half"))

    def write(values: dict | None) -> ui.Outcome | None:
        employee = (values or {}).get("employee")
        if not employee:
            return ui.refused("Velg en ansatt.")
        disabled = bool(values["disabled"])
        return ui.attempt(
            lambda: ax.set_login_disabled(desk.con, desk.actor_id, employee, disabled),
            lambda _: (
                f"Innloggingen til {choice_of(people, employee)} er slått"
                f" {'av' if disabled else 'på'}."
            ),
        )

    return desk.form("users", template, widgets, "Lagre innlogging", write)


def grant_form(desk: SettingsDesk) -> mo.ui.form:
    people = _people(desk)
    widgets = {
        "employee": mo.ui.dropdown(people, full_width=True),
        "give": mo.ui.dropdown(GRANT_CHOICES, value=f"Gi «{GRANT_LABEL}»", full_width=True),
    }
    template = forms.grid(("employee", "Ansatt", "half"), ("give", "Tilgang", "half"))

    def write(values: dict | None) -> ui.Outcome | None:
        employee = (values or {}).get("employee")
        if not employee:
            return ui.refused("Velg en ansatt.")
        give = bool(values["give"])
        name = choice_of(people, employee)

        def save() -> bool:
            change = ax.grant_right if give else ax.revoke_right
            return change(desk.con, desk.actor_id, employee, "settings")

        def said(changed: bool) -> str:
            if not changed:
                return f"{name} {'hadde' if give else 'hadde ikke'} «{GRANT_LABEL}» fra før."
            return f"{name} {'har fått' if give else 'har ikke lenger'} «{GRANT_LABEL}»."

        return ui.attempt(save, said)

    return desk.form("users", template, widgets, "Lagre tilgang", write)


def users_card(desk: SettingsDesk, tools: tuple) -> mo.Html:
    """The users card for administrators (tools: the password, login and grant forms, held by
    the notebook cell); nothing for others."""
    if not tools:
        return mo.Html("")
    password, login, grant = tools
    return ui.card(
        "Brukere",
        mo.vstack(
            [
                users_table(desk),
                mo.accordion(
                    {
                        "Sett passord": password,
                        "Slå innlogging av eller på": login,
                        f"Tilgangen «{GRANT_LABEL}»": grant,
                    },
                    lazy=False,
                ),
                desk.outcome("users"),
            ]
        ),
    )
