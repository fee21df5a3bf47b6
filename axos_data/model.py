"""Pure domain objects and rules: no database here, so they are tested without one."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from axos_data import limits, money, vat_codes
from axos_data.clock import TIMEZONE
from axos_data.errors import (
    InvalidChoice,
    InvalidDate,
    InvalidEmail,
    InvalidNumber,
    InvalidStatusTransition,
    NumberOutOfRange,
    OrderLocked,
    PermissionDenied,
    ReopenReasonRequired,
)

CATEGORIES = ("open", "invoicing", "invoiced", "closed")
CATEGORY_LABELS = {
    "open": "Åpen",
    "invoicing": "Til fakturering",
    "invoiced": "Fakturert",
    "closed": "Avsluttet",
}
INVOICE_METHODS = {"email": "E-post", "ehf": "EHF", "efaktura": "eFaktura", "post": "Post"}
QUOTE_STATUSES = ("draft", "sent", "accepted", "rejected", "converted")
QUOTE_STATUS_LABELS = {
    "draft": "Utkast",
    "sent": "Sendt",
    "accepted": "Akseptert",
    "rejected": "Avslått",
    "converted": "Konvertert til ordre",
}
# Quote statuses a user may set by hand; "converted" is set only by the conversion.
QUOTE_TRANSITIONS = {
    "draft": {"sent", "accepted", "rejected"},
    "sent": {"accepted", "rejected", "draft"},
    "accepted": {"sent", "rejected"},
    "rejected": {"draft", "sent"},
    "converted": set(),
}
CONVERTIBLE_QUOTE_STATUSES = ("accepted", "sent")
# The status category in which an order's lines, groups and prices may change.
LINES_EDITABLE_CATEGORY = "open"
# The status categories in which an order's header (title, dates, contacts …) may change.
HEADER_EDITABLE_CATEGORIES = ("open", "invoicing")
ROLES = ("user", "admin")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def quote_convertible(status: str, order_no: int | None) -> bool:
    """Whether a quote can become an order: sent or accepted, and not converted already
    (the rule services.convert_quote enforces; pickers and buttons ask it too)."""
    return order_no is None and status in CONVERTIBLE_QUOTE_STATUSES


def lines_editable(status_category: str) -> bool:
    """Whether an order whose status has this category accepts changes to lines, groups and
    prices (StatusFlow.require_open enforces it on every write)."""
    return status_category == LINES_EDITABLE_CATEGORY


def header_editable(status_category: str) -> bool:
    """Whether an order whose status has this category accepts header changes
    (services.update_order enforces it)."""
    return status_category in HEADER_EDITABLE_CATEGORIES


@dataclass(frozen=True)
class Actor:
    id: int
    name: str
    role: str
    # The grant "Ordreinnstillinger": settings rights without being an administrator.
    settings_grant: bool = False

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def may_manage_settings(self) -> bool:
        """Settings, the status flow, reopening final statuses, other people's files."""
        return self.is_admin or self.settings_grant


@dataclass(frozen=True)
class Status:
    key: str
    label: str
    category: str
    position: int
    is_final: bool


class StatusFlow:
    """The configured statuses and transitions, and the rules for moving between them."""

    def __init__(self, statuses: Iterable[Status], transitions: Iterable[tuple[str, str]]):
        self.statuses = {s.key: s for s in sorted(statuses, key=lambda s: s.position)}
        self.transitions: dict[str, list[str]] = {key: [] for key in self.statuses}
        for source, target in transitions:
            if source in self.transitions and target in self.statuses:
                self.transitions[source].append(target)
        for targets in self.transitions.values():
            targets.sort(key=lambda key: self.statuses[key].position)

    @property
    def initial(self) -> str:
        return next(iter(self.statuses))

    def label(self, key: str) -> str:
        status = self.statuses.get(key)
        return status.label if status else key

    def key_for(self, typed: object) -> str | None:
        """The status a user means by its key or its label (any case): refusals name statuses
        by label, so a label typed back must work too."""
        text = str(typed).strip()
        if text in self.statuses:
            return text
        wanted = text.casefold()
        for key, status in self.statuses.items():
            if wanted in (key.casefold(), status.label.casefold()):
                return key
        return None

    def allowed(self, current: str, actor: Actor) -> list[str]:
        """Targets the actor may choose; an admin (or the grant "Ordreinnstillinger") may
        reopen a final status to any open one."""
        status = self.statuses[current]
        if status.is_final:
            if not actor.may_manage_settings:
                return []
            return [key for key, s in self.statuses.items() if not s.is_final]
        return list(self.transitions.get(current, []))

    def check(self, current: str, target: str, actor: Actor, note: str | None = None) -> None:
        """Refuses a transition the flow does not allow; reopening a final status (admin
        only) also needs a note saying why, since it undoes a payment or a cancellation."""
        if target == current:
            raise InvalidStatusTransition(f"Ordren har allerede status «{self.label(current)}».")
        if self.statuses[current].is_final and not actor.may_manage_settings:
            raise PermissionDenied(
                f"Status «{self.label(current)}» er endelig; bare en administrator eller den som"
                f" er gitt tilgang til ordreinnstillinger kan gjenåpne ordren ({actor.name} har"
                " ikke tilgang)."
            )
        allowed = self.allowed(current, actor)
        if target not in allowed:
            names = ", ".join(self.label(k) for k in allowed) or "ingen"
            raise InvalidStatusTransition(
                f"Kan ikke gå fra «{self.label(current)}» til «{self.label(target)}»."
                f" Tillatt herfra: {names}."
            )
        if self.statuses[current].is_final and not (note or "").strip():
            raise ReopenReasonRequired(
                f"Ordren har status «{self.label(current)}», som er endelig. Skriv i notatet"
                f" hvorfor den gjenåpnes til «{self.label(target)}»."
            )

    def require_open(self, order_no: int, current: str) -> None:
        """Lines, groups and prices change only while the status is in the open category."""
        if not lines_editable(self.statuses[current].category):
            open_labels = ", ".join(
                f"«{s.label}»" for s in self.statuses.values() if lines_editable(s.category)
            )
            raise OrderLocked(
                f"Ordre {order_no} har status «{self.label(current)}» og er låst for endring av"
                f" linjer og priser. Sett den tilbake til {open_labels} først."
            )


@dataclass(frozen=True)
class LineInput:
    """A validated order or quote line, before it is stored."""

    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    discount_pct: Decimal
    vat_rate: int
    product_id: int | None = None
    vat_code: str = ""

    def __post_init__(self) -> None:
        # A line built without a code gets its rate's default (vat_codes.DEFAULT_FOR_RATE).
        if not self.vat_code:
            object.__setattr__(self, "vat_code", vat_codes.DEFAULT_FOR_RATE[self.vat_rate])

    @property
    def amount(self) -> Decimal:
        return money.line_amount(self.quantity, self.unit_price, self.discount_pct)


def make_line(
    *,
    description: object,
    quantity: object,
    unit: object,
    unit_price: object,
    discount_pct: object = 0,
    vat_rate: object = 25,
    product_id: int | None = None,
    vat_code: object = None,
) -> LineInput:
    rate, code = vat_codes.resolve(vat_rate, vat_code)
    line = LineInput(
        description=require_text(description, "Beskrivelse"),
        quantity=money.parse_quantity(quantity),
        unit=require_text(unit, "Enhet"),
        unit_price=money.parse_unit_price(unit_price),
        discount_pct=money.parse_discount(discount_pct),
        vat_rate=rate,
        product_id=product_id,
        vat_code=code,
    )
    _ = line.amount  # AmountOutOfRange now, while the caller can still name the line
    return line


LINE_FIELDS = (
    "description",
    "quantity",
    "unit",
    "unit_price",
    "discount_pct",
    "vat_rate",
    "vat_code",
)


def changed_line(current: Mapping[str, object], changes: Mapping[str, object]) -> LineInput:
    """The line after applying `changes` (only keys in LINE_FIELDS) to `current`."""
    unknown = sorted(set(changes) - set(LINE_FIELDS))
    if unknown:
        raise InvalidChoice(
            f"Ukjente linjefelt: {', '.join(unknown)}. Gyldige: {', '.join(LINE_FIELDS)}."
        )
    merged = {key: current.get(key) for key in LINE_FIELDS}
    given = {k: v for k, v in changes.items() if v is not None}
    # A new rate without a new code takes the rate's default code; a new code without a rate
    # takes the code's rate. Both given must agree (vat_codes.resolve).
    if "vat_rate" in given and "vat_code" not in given:
        current_code = vat_codes.CODES.get(str(merged["vat_code"]))
        new_rate = money.parse_vat_rate(given["vat_rate"])
        if current_code is None or current_code.rate != new_rate:
            merged["vat_code"] = None
    if "vat_code" in given and "vat_rate" not in given:
        merged["vat_rate"] = None
    merged.update(given)
    return make_line(**merged, product_id=current.get("product_id"))  # type: ignore[arg-type]


def require_text(value: object, field: str) -> str:
    """A required text of `field`, checked against the text rules and limits in limits.py."""
    text = limits.clean_text(value, field, required=True)
    assert text is not None
    return text


def optional_text(value: object, field: str) -> str | None:
    """An optional text of `field` (None when left empty), checked like require_text."""
    return limits.clean_text(value, field, required=False)


_NORWEGIAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_date(value: object, field: str) -> dt.date | None:
    """A date from a date, or a text as people here type it (dd.mm.åååå) or as ISO
    (ÅÅÅÅ-MM-DD); None and "" mean no date. A refusal quotes the text as typed and names
    the format the user was using."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    norwegian = _NORWEGIAN_DATE.fullmatch(text)
    iso = _ISO_DATE.fullmatch(text)
    if norwegian:
        day, month, year = norwegian.groups()
    elif iso:
        year, month, day = iso.groups()
    else:
        raise InvalidDate(
            f"{field}: «{value}» er ikke en dato; skriv den som dd.mm.åååå (f.eks. 31.01.2026)."
        )
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        shape = "ÅÅÅÅ-MM-DD" if iso else "dd.mm.åååå"
        raise InvalidDate(f"{field}: «{text}» er ikke en gyldig dato ({shape}).") from None


_TIME = re.compile(r"(\d{1,2})[:.](\d{2})")


def parse_moment(value: object, field: str) -> dt.datetime:
    """A date and time (Norwegian local time) from a datetime, or a text "ÅÅÅÅ-MM-DD TT:MM"
    or "dd.mm.åååå TT:MM" (the date as parse_date reads it); returned timezone-aware."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=ZoneInfo(TIMEZONE))
    text = "" if value is None else str(value).strip()
    date_text, _, time_text = text.replace("T", " ").partition(" ")
    clock_time = _TIME.fullmatch(time_text.strip())
    if not date_text or clock_time is None:
        raise InvalidDate(
            f"{field}: «{value}» er ikke et tidspunkt; skriv det som ÅÅÅÅ-MM-DD TT:MM eller"
            " dd.mm.åååå TT:MM (f.eks. 31.01.2026 09:30)."
        )
    day = parse_date(date_text, field)
    hour, minute = (int(part) for part in clock_time.groups())
    if hour > 23 or minute > 59:
        raise InvalidDate(f"{field}: «{time_text.strip()}» er ikke et gyldig klokkeslett.")
    assert day is not None
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ZoneInfo(TIMEZONE))


def parse_email(value: object, field: str = "E-post") -> str | None:
    text = optional_text(value, field)
    if text is not None and not _EMAIL.match(text):
        raise InvalidEmail(f"{field}: «{value}» er ikke en gyldig e-postadresse.")
    return text


def parse_choice(value: object, choices: Iterable[str], field: str) -> str:
    options = list(choices)
    text = "" if value is None else str(value).strip()
    if text not in options:
        raise InvalidChoice(f"{field}: «{value}» er ikke gyldig; bruk en av {', '.join(options)}.")
    return text


_WHOLE_NUMBER = re.compile(r"-?[0-9]+|-?[0-9]{1,3}(?:[ \u00a0\u202f\u2009][0-9]{3})+")


def parse_int(value: object, field: str, *, minimum: int | None = None) -> int:
    """A whole number as a Norwegian user types it (digits, optionally grouped in threes by
    spaces; no underscores or exponents), within the field's range in limits.NUMBER_RANGES."""
    if isinstance(value, bool):
        raise InvalidNumber(f"{field}: «{value}» er ikke et heltall.")
    if isinstance(value, int):
        number = value
    else:
        text = "" if value is None else str(value).strip().replace("\u2212", "-")
        if not _WHOLE_NUMBER.fullmatch(text):
            raise InvalidNumber(f"{field}: «{value}» er ikke et heltall.")
        number = int(re.sub(r"\D", "", text)) * (-1 if text.startswith("-") else 1)
    if minimum is not None and number < minimum:
        raise NumberOutOfRange(f"{field} må være minst {minimum}, ikke {number}.")
    if field in limits.NUMBER_RANGES:
        limits.check_range(number, field)
    return number


def parse_flag(value: object) -> bool:
    """Yes/no from a bool or text (ja/nei, true/false, 1/0)."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "ja", "yes", "on"):
        return True
    if text in ("0", "false", "nei", "no", "off", ""):
        return False
    raise InvalidChoice(f"«{value}» er verken ja eller nei.")


def parse_custom_value(field: Mapping[str, object], value: object) -> str | None:
    """A custom field's value as stored (text; numbers with 4 decimals, ISO dates, true/false,
    one of a choice field's options), or None for empty; refused by the field's type."""
    if optional_text(value, "Feltverdi") is None:
        return None
    kind, label = str(field["field_type"]), str(field["label"])
    if kind == "number":
        return str(money.parse_decimal(value, field=label, places=4))
    if kind == "date":
        parsed = parse_date(value, label)
        assert parsed is not None
        return parsed.isoformat()
    if kind == "bool":
        return "true" if parse_flag(value) else "false"
    if kind == "choice":
        return parse_choice(value, json.loads(str(field["options"] or "[]")), label)
    return require_text(value, "Feltverdi")
