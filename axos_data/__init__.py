"""Axos Ordre workbench: the order domain on DuckDB.

import axos_data as ax
con = ax.connect("data/axos.duckdb")
order_no = ax.create_order(con, actor=1, customer_id=3, title="Ny server", our_contact_id=1)
ax.add_line(con, 1, order_no, description="Server", quantity=1, unit="stk", unit_price="25000")
ax.views.order_detail(con, order_no).totals
"""

from axos_data import access, errors, money, no, views
from axos_data.db import ThreadCursors, apply_migrations, atomic, connect, default_db_path
from axos_data.errors import *  # noqa: F403 - every error is part of the public API
from axos_data.errors import __all__ as _error_names
from axos_data.model import Actor
from axos_data.services import *  # noqa: F403
from axos_data.services import __all__ as _service_names

__all__ = [
    "Actor",
    "access",
    "ThreadCursors",
    "apply_migrations",
    "atomic",
    "connect",
    "default_db_path",
    "errors",
    "money",
    "no",
    "views",
    *_error_names,
    *_service_names,
]
