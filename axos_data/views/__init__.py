"""Read side: every list, detail and overview the CLI and the apps show.

Importing the views does not import polars (about 0.3 s): the frames are built by
views.frames, which imports it on first use, so commands that never read a DataFrame
stay fast.
"""

from axos_data.views import analytics, followup
from axos_data.views.bounds import (
    values_beyond_bounds,
)
from axos_data.views.files import (
    FileContent,
    file_content,
    file_info,
    order_files,
    record_relations,
    related_orders,
    relations_of_order,
)
from axos_data.views.integrity import CHECKS, check
from axos_data.views.integrity_base import Check, Problem
from axos_data.views.lookups import (
    companies,
    contacts,
    employees,
    products,
    projects,
    quote_detail,
    quotes,
    statuses,
)
from axos_data.views.masterdata_export import (
    MASTERDATA_KINDS,
    export_masterdata,
    masterdata_rows,
)
from axos_data.views.orders import (
    OrderDetail,
    OrderFilter,
    OrderPage,
    export_orders,
    order_activity,
    order_detail,
    order_list,
    order_relations,
    recomputed_totals,
    status_history,
    totals_mismatches,
)
from axos_data.views.overviews import (
    OVERVIEW_KINDS,
    Overview,
    overview,
    overview_record,
)
from axos_data.views.payments import (
    overdue_orders,
    payment_differences,
    payments,
    receivables,
    receivables_ageing,
    receivables_summary,
    unmatched_summary,
)
from axos_data.views.sorting import (
    DEFAULT_SORT,
    MAX_PAGE,
    SORT_COLUMNS,
    Sort,
    order_by,
)

__all__ = [
    "CHECKS",
    "DEFAULT_SORT",
    "MASTERDATA_KINDS",
    "MAX_PAGE",
    "OVERVIEW_KINDS",
    "SORT_COLUMNS",
    "Check",
    "FileContent",
    "OrderDetail",
    "OrderFilter",
    "OrderPage",
    "Overview",
    "Problem",
    "Sort",
    "analytics",
    "check",
    "companies",
    "contacts",
    "employees",
    "export_masterdata",
    "export_orders",
    "file_content",
    "file_info",
    "followup",
    "masterdata_rows",
    "order_activity",
    "order_by",
    "order_detail",
    "order_files",
    "order_list",
    "order_relations",
    "overdue_orders",
    "overview",
    "overview_record",
    "payment_differences",
    "payments",
    "products",
    "projects",
    "quote_detail",
    "quotes",
    "receivables",
    "receivables_ageing",
    "receivables_summary",
    "recomputed_totals",
    "record_relations",
    "related_orders",
    "relations_of_order",
    "status_history",
    "statuses",
    "totals_mismatches",
    "unmatched_summary",
    "values_beyond_bounds",
]
