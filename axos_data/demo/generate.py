"""Deterministic random demo records as integer numpy arrays (pyarrow tables).

Only numbers are generated here: money as integer øre/ten-thousandths, texts as indexes into
the vocabulary tables. The loader turns them into DECIMALs and strings inside DuckDB, so a
million orders never pass through Python objects one by one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pyarrow as pa

from axos_data.demo import vocabulary as vocab

DAY = 86_400
HISTORY_YEARS = 3
# Statuses by index; paths are walks through the default flow.
STATUS_KEYS = (
    "under_arbeid",
    "klar_til_fakturering",
    "fakturert",
    "purret",
    "betalt",
    "kansellert",
)
UA, KLAR, FAKT, PURRET, BETALT, KANS = range(6)
PATHS = (
    (UA,),
    (UA, KLAR),
    (UA, KLAR, FAKT),
    (UA, KLAR, FAKT, PURRET),
    (UA, KLAR, FAKT, BETALT),
    (UA, KLAR, FAKT, PURRET, BETALT),
    (UA, KANS),
    (UA, KLAR, KANS),
)
# Probability of each path by order age: younger orders are further from paid.
AGE_LIMITS_DAYS = (14, 45, 90)
PATH_WEIGHTS = (
    (0.70, 0.23, 0.00, 0.00, 0.00, 0.00, 0.05, 0.02),
    (0.22, 0.23, 0.30, 0.00, 0.18, 0.02, 0.03, 0.02),
    (0.04, 0.05, 0.18, 0.08, 0.53, 0.06, 0.03, 0.03),
    (0.01, 0.01, 0.02, 0.02, 0.79, 0.10, 0.03, 0.02),
)
# Typical days from one status to the next (low, high), by target status.
STEP_DAYS = {KLAR: (1, 30), FAKT: (0, 5), PURRET: (15, 30), BETALT: (5, 40), KANS: (1, 20)}
MAX_PATH = max(len(p) for p in PATHS)
PAYMENT_TERMS = np.array([14, 30, 10, 45])
PAYMENT_WEIGHTS = np.array([0.7, 0.2, 0.05, 0.05])
INVOICE_METHODS = ("email", "ehf", "efaktura", "post")
INVOICE_WEIGHTS = np.array([0.5, 0.35, 0.05, 0.1])
QUOTE_OPEN_STATUSES = ("draft", "sent", "accepted", "rejected")
QUOTE_OPEN_WEIGHTS = np.array([0.25, 0.35, 0.2, 0.2])
DISCOUNTS_E2 = np.array([250, 500, 1000, 1250, 1500, 2000])


@dataclass(frozen=True)
class Plan:
    """How much of everything a demo of `orders` orders holds."""

    orders: int
    seed: int
    end: dt.date

    @property
    def companies(self) -> int:
        return int(np.clip(self.orders // 50, 20, 50_000))

    @property
    def employees(self) -> int:
        return int(np.clip(self.orders // 5_000, 8, 200))

    @property
    def projects(self) -> int:
        return int(np.clip(self.orders // 200, 5, 20_000))

    @property
    def end_ts(self) -> int:
        return int(dt.datetime(self.end.year, self.end.month, self.end.day, 16).timestamp())

    @property
    def start_ts(self) -> int:
        return self.end_ts - HISTORY_YEARS * 365 * DAY


def rng_for(plan: Plan, part: int) -> np.random.Generator:
    """An independent, reproducible stream per part (master data = 0, chunk i = i + 1)."""
    return np.random.default_rng([plan.seed, part])


def zipf_weights(n: int, exponent: float = 0.8) -> np.ndarray:
    weights = 1.0 / np.arange(1, n + 1) ** exponent
    return weights / weights.sum()


def orgnr_numbers(rng: np.random.Generator, n: int) -> np.ndarray:
    """n distinct valid 9-digit organisation numbers (MOD11), starting with 8 or 9."""
    weights = np.array([3, 2, 7, 6, 5, 4, 3, 2])
    found = np.empty(0, dtype=np.int64)
    while found.size < n:
        digits = rng.integers(0, 10, size=(n * 2, 8))
        digits[:, 0] = rng.choice([8, 9], size=n * 2)
        check = (11 - (digits @ weights) % 11) % 11
        ok = check != 10
        base = digits[ok] @ (10 ** np.arange(7, -1, -1))
        found = np.unique(np.concatenate([found, base * 10 + check[ok]]))
    return rng.permutation(found)[:n]


def master_data(plan: Plan) -> dict[str, pa.Table]:
    rng = rng_for(plan, 0)
    n_comp, n_emp, n_proj = plan.companies, plan.employees, plan.projects
    orgnrs = orgnr_numbers(rng, n_comp)
    foreign = rng.random(n_comp) < 0.03
    contacts_per = rng.integers(1, 5, n_comp)
    contact_company = np.repeat(np.arange(1, n_comp + 1), contacts_per)
    n_contacts = contact_company.size
    project_customer = rng.choice(n_comp, n_proj, p=zipf_weights(n_comp)) + 1
    return {
        "employees": pa.table(
            {
                "id": np.arange(1, n_emp + 1),
                "first": rng.integers(0, len(vocab.FIRST_NAMES), n_emp),
                "last": rng.integers(0, len(vocab.LAST_NAMES), n_emp),
                "admin": np.arange(n_emp) < 2,
                "active": np.arange(n_emp) < n_emp - 1,
            }
        ),
        "companies": pa.table(
            {
                "id": np.arange(1, n_comp + 1),
                "word": rng.integers(0, len(vocab.COMPANY_WORDS), n_comp),
                "trade": rng.integers(0, len(vocab.COMPANY_TRADES), n_comp),
                "form": rng.integers(0, len(vocab.COMPANY_FORMS), n_comp),
                "orgnr": pa.array(np.where(foreign, 0, orgnrs), mask=foreign),
                "country": pa.array(np.where(foreign, "SE", "NO")),
                "place": rng.integers(0, len(vocab.PLACES), n_comp),
                "street": rng.integers(0, len(vocab.STREETS), n_comp),
                "house": rng.integers(1, 120, n_comp),
            }
        ),
        "contacts": pa.table(
            {
                "id": np.arange(1, n_contacts + 1),
                "company_id": contact_company,
                "first": rng.integers(0, len(vocab.FIRST_NAMES), n_contacts),
                "last": rng.integers(0, len(vocab.LAST_NAMES), n_contacts),
                "phone": rng.integers(40_000_000, 99_999_999, n_contacts),
            }
        ),
        "projects": pa.table(
            {
                "id": np.arange(1, n_proj + 1),
                "customer_id": project_customer,
                "name": rng.integers(0, len(vocab.PROJECT_NAMES), n_proj),
                "manager_id": rng.integers(1, n_emp + 1, n_proj),
            }
        ),
    }


@dataclass(frozen=True)
class Directory:
    """Per company: where its contacts and projects start and how many there are."""

    contact_start: np.ndarray
    contact_count: np.ndarray
    project_ids_sorted: np.ndarray
    project_start: np.ndarray
    project_count: np.ndarray

    @classmethod
    def build(cls, data: dict[str, pa.Table], n_comp: int) -> Directory:
        contact_company = data["contacts"]["company_id"].to_numpy()
        contact_count = np.bincount(contact_company, minlength=n_comp + 1)
        contact_start = np.concatenate([[1], 1 + np.cumsum(contact_count)[:-1]])
        project_customer = data["projects"]["customer_id"].to_numpy()
        order = np.argsort(project_customer, kind="stable")
        project_count = np.bincount(project_customer, minlength=n_comp + 1)
        project_start = np.concatenate([[0], np.cumsum(project_count)[:-1]])
        return cls(contact_start, contact_count, order + 1, project_start, project_count)


def segment_index(lengths: np.ndarray) -> np.ndarray:
    """0, 1, …, len-1 for each segment, concatenated."""
    starts = np.repeat(np.cumsum(lengths) - lengths, lengths)
    return np.arange(lengths.sum()) - starts


def lines_for(
    rng: np.random.Generator,
    counts: np.ndarray,
    n_products: int,
    product_classes: np.ndarray,
    product_prices: np.ndarray,
) -> dict[str, np.ndarray]:
    """Line columns for owners with `counts` lines each (owner = index into counts)."""
    n = int(counts.sum())
    owner = np.repeat(np.arange(counts.size), counts)
    position = segment_index(counts) + 1
    kind = rng.random(n)
    free = kind < 0.18
    credit = kind > 0.992
    product = rng.integers(0, n_products, n)
    unit_class = np.where(free, rng.integers(0, 2, n) * 3, product_classes[product])
    qty_by_class = np.stack(
        [
            np.minimum(rng.geometric(0.4, n), 50) * 1000,  # count
            rng.integers(250, 25_000, n),  # weight, 3 decimals
            np.minimum(rng.geometric(0.05, n), 500) * 1000,  # length/distance/volume
            np.minimum(rng.geometric(0.1, n), 160) * 500,  # hours, in halves
        ]
    )
    qty_e3 = qty_by_class[unit_class, np.arange(n)]
    price_e4 = np.where(free, rng.integers(10_000, 500_000, n) * 100, product_prices[product])
    price_e4 = np.where(credit, -rng.integers(100, 2_000, n) * 10_000, price_e4)
    qty_e3 = np.where(credit, 1000, qty_e3)
    discounted = rng.random(n) < 0.2
    disc_e2 = np.where(discounted & ~credit, rng.choice(DISCOUNTS_E2, n), 0)
    return {
        "owner": owner,
        "position": position,
        "group_no": np.full(n, -1),
        "product_idx": np.where(free | credit, -1, product),
        "free_idx": np.where(credit, -2, rng.integers(0, len(vocab.FREE_TEXT_LINES), n)),
        "unit_class": unit_class,
        "qty_e3": qty_e3,
        "price_e4": price_e4,
        "disc_e2": disc_e2,
        "free_vat": np.full(n, 25),  # free-text lines are work and services
    }


def line_counts(rng: np.random.Generator, n: int) -> np.ndarray:
    return np.minimum(rng.geometric(0.2, n), 40)


def status_paths(rng: np.random.Generator, age_days: np.ndarray) -> np.ndarray:
    bucket = np.searchsorted(AGE_LIMITS_DAYS, age_days, side="right")
    u = rng.random(age_days.size)
    cumulative = np.cumsum(np.array(PATH_WEIGHTS), axis=1)
    cumulative /= cumulative[:, -1:]
    return (u[:, None] > cumulative[bucket]).sum(axis=1)


def working_time(rng: np.random.Generator, midnight: np.ndarray) -> np.ndarray:
    """A moment between 08:00 and 16:00 Norwegian time on the given UTC-midnight days."""
    return midnight + 7 * 3600 + rng.integers(0, 8 * 3600, midnight.size)


def history_for(
    rng: np.random.Generator, path: np.ndarray, created: np.ndarray, end_ts: int
) -> dict[str, np.ndarray]:
    """One row per status step, on working hours after typical gaps in days, all before
    `end_ts` (gaps shrink for orders too young to have taken them)."""
    path_len = np.array([len(p) for p in PATHS])
    matrix = np.full((len(PATHS), MAX_PATH), -1)
    for i, p in enumerate(PATHS):
        matrix[i, : len(p)] = p
    lengths = path_len[path]
    owner = np.repeat(np.arange(path.size), lengths)
    step = segment_index(lengths)
    to_status = matrix[path[owner], step]
    from_status = np.where(step > 0, matrix[path[owner], np.maximum(step - 1, 0)], -1)
    low = np.zeros(owner.size, dtype=np.int64)
    high = np.zeros(owner.size, dtype=np.int64)
    for target, (lo, hi) in STEP_DAYS.items():
        hit = to_status == target
        low[hit], high[hit] = lo, hi
    gap_days = np.where(step > 0, rng.integers(low, high + 1), 0)
    day_offsets = np.cumsum(gap_days)
    firsts = np.cumsum(lengths) - lengths
    day_offsets -= np.repeat(day_offsets[firsts], lengths)
    created_day = created - (created + 3600) % DAY
    room_days = (end_ts - created_day) // DAY
    last = day_offsets[np.cumsum(lengths) - 1]
    too_long = last > room_days
    day_offsets = np.where(
        too_long[owner],
        day_offsets * room_days[owner] // np.maximum(last[owner], 1),
        day_offsets,
    )
    at = np.where(
        step == 0, created[owner], working_time(rng, created_day[owner] + day_offsets * DAY)
    )
    for k in range(1, MAX_PATH):
        later = step == k
        at[later] = np.maximum(at[later], at[np.flatnonzero(later) - 1] + 300)
    at = np.minimum(at, end_ts - (lengths[owner] - step) * 60)
    return {
        "owner": owner,
        "step": step,
        "from_status": from_status,
        "to_status": to_status,
        "at": at,
    }


def chunk(
    plan: Plan,
    index: int,
    first: int,
    size: int,
    directory: Directory,
    products: dict[str, np.ndarray],
) -> dict[str, dict[str, np.ndarray]]:
    """Orders first … first+size-1 (0-based positions in the whole demo) with everything
    that belongs to them; numbers only."""
    rng = rng_for(plan, index + 1)
    pos = np.arange(first, first + size)
    n_comp = plan.companies
    span = plan.end_ts - plan.start_ts
    # Order numbers follow time, and later years hold more orders (a growing business).
    fraction = ((pos + rng.random(size)) / plan.orders) ** 0.8
    day = plan.start_ts - (plan.start_ts + 3600) % DAY + (fraction * span).astype(np.int64)
    created = working_time(rng, day - (day + 3600) % DAY)
    customer = rng.choice(n_comp, size, p=zipf_weights(n_comp)) + 1
    has_contact = rng.random(size) < 0.85
    contact = directory.contact_start[customer] + (
        rng.random(size) * directory.contact_count[customer]
    ).astype(np.int64)
    n_projects = directory.project_count[customer]
    with_project = (rng.random(size) < 0.4) & (n_projects > 0)
    project_pick = directory.project_start[customer] + (
        rng.random(size) * np.maximum(n_projects, 1)
    ).astype(np.int64)
    project = directory.project_ids_sorted[
        np.minimum(project_pick, directory.project_ids_sorted.size - 1)
    ]
    age_days = (plan.end_ts - created) // DAY
    path = status_paths(rng, age_days)
    counts = line_counts(rng, size)
    lines = lines_for(rng, counts, products["count"], products["classes"], products["prices"])
    grouped = (counts >= 6) & (rng.random(size) < 0.4)
    n_groups = np.where(grouped, rng.integers(2, 5, size), 0)
    line_groups = n_groups[lines["owner"]]
    lines["group_no"] = np.where(
        line_groups > 0,
        (lines["position"] - 1) * np.maximum(line_groups, 1) // counts[lines["owner"]],
        -1,
    )
    from_quote = rng.random(size) < 0.15
    n_open_quotes = max(1, size // 25)
    open_counts = line_counts(rng, n_open_quotes)
    has_comment = rng.random(size) < 0.06
    return {
        "orders": {
            "pos": pos,
            "created": created,
            "customer_id": customer,
            "contact_id": np.where(has_contact, contact, -1),
            "project_id": np.where(with_project, project, -1),
            "our_contact_id": rng.integers(1, plan.employees, size),
            "title_idx": rng.integers(0, len(vocab.ORDER_TITLES), size),
            "title_suffix": rng.choice([-1, -1, 0, 1], size),
            "suffix_place": rng.integers(0, len(vocab.PLACES), size),
            "path": path,
            "delivery_days": np.where(rng.random(size) < 0.7, rng.integers(7, 61, size), -1),
            "customer_ref": np.where(
                rng.random(size) < 0.4, rng.integers(10_000, 99_999, size), -1
            ),
            "payment_terms": rng.choice(PAYMENT_TERMS, size, p=PAYMENT_WEIGHTS),
            "invoice_method": rng.choice(len(INVOICE_METHODS), size, p=INVOICE_WEIGHTS),
            "n_groups": n_groups,
            "group_title_base": rng.integers(0, len(vocab.GROUP_TITLES), size),
            "from_quote": from_quote,
            "quote_days_before": rng.integers(3, 30, size),
            "comment_idx": np.where(has_comment, rng.integers(0, len(vocab.COMMENTS), size), -1),
        },
        "lines": lines,
        "history": history_for(rng, path, created, plan.end_ts),
        "open_quotes": {
            "owner": np.arange(n_open_quotes),
            "customer_id": rng.choice(n_comp, n_open_quotes, p=zipf_weights(n_comp)) + 1,
            "our_contact_id": rng.integers(1, plan.employees, n_open_quotes),
            "title_idx": rng.integers(0, len(vocab.ORDER_TITLES), n_open_quotes),
            "status": rng.choice(len(QUOTE_OPEN_STATUSES), n_open_quotes, p=QUOTE_OPEN_WEIGHTS),
            "created": plan.end_ts - rng.integers(1, 120, n_open_quotes) * DAY,
        },
        "open_quote_lines": lines_for(
            rng, open_counts, products["count"], products["classes"], products["prices"]
        ),
    }


def product_arrays() -> dict[str, np.ndarray]:
    """Price (ten-thousandths of a krone) and quantity class of every catalogue product."""
    classes = {"t": 3, "kg": 1, "m": 2, "km": 2, "m3": 2, "GB": 2, "tonn": 1}
    return {
        "count": len(vocab.PRODUCTS),
        "prices": np.array(
            [int(Decimal(price) * 10_000) for _, _, price, _ in vocab.PRODUCTS], dtype=np.int64
        ),
        "classes": np.array([classes.get(unit, 0) for _, unit, _, _ in vocab.PRODUCTS]),
    }
