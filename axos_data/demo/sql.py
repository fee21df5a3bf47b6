"""The SQL that turns generated numbers (registered Arrow tables m_* and c_*) and the
vocabulary tables (v_*) into demo rows. Demo-only bulk SQL, so it lives with the generator
rather than in queries/ (which holds the application's read side)."""

from axos_data import vat_codes

MASTER_DATA = """
INSERT INTO employees (id, name, email, role, active, created_at)
SELECT e.id,
       CASE WHEN e.id = 1 THEN 'Kari Nordmann' ELSE f.name || ' ' || l.name END,
       CASE WHEN e.id = 1 THEN 'kari.nordmann'
            ELSE strip_accents(replace(replace(replace(lower(f.name || '.' || l.name),
                 'æ', 'ae'), 'ø', 'o'), 'å', 'a')) || e.id END || '@nordlys.no',
       CASE WHEN e.admin THEN 'admin' ELSE 'user' END,
       e.active, to_timestamp($start_ts)
FROM m_employees e
JOIN v_first f ON f.idx = e.first
JOIN v_last l ON l.idx = e.last
ORDER BY e.id;

INSERT INTO companies (id, name, orgnr, address, postcode, city, country, email, created_at)
SELECT c.id,
       w.word || ' ' || t.trade
         || CASE WHEN row_number() OVER (PARTITION BY c.word, c.trade, c.form ORDER BY c.id) > 1
                 THEN ' ' || p.city ELSE '' END
         || ' ' || f.form,
       CAST(c.orgnr AS VARCHAR),
       CASE WHEN c.country = 'NO' THEN s.street || ' ' || c.house ELSE 'Avenyn ' || c.house END,
       CASE WHEN c.country = 'NO' THEN p.postcode ELSE '411 36' END,
       CASE WHEN c.country = 'NO' THEN p.city ELSE 'Göteborg' END,
       c.country,
       'post@' || strip_accents(replace(replace(replace(lower(w.word || t.trade),
           'æ', 'ae'), 'ø', 'o'), 'å', 'a')) || c.id || '.no',
       to_timestamp($start_ts)
FROM m_companies c
JOIN v_word w ON w.idx = c.word
JOIN v_trade t ON t.idx = c.trade
JOIN v_form f ON f.idx = c.form
JOIN v_place p ON p.idx = c.place
JOIN v_street s ON s.idx = c.street
ORDER BY c.id;

INSERT INTO contacts (id, company_id, name, email, phone, created_at)
SELECT ct.id, ct.company_id, f.name || ' ' || l.name,
       strip_accents(replace(replace(replace(lower(f.name || '.' || l.name),
           'æ', 'ae'), 'ø', 'o'), 'å', 'a')) || '@kunde' || ct.company_id || '.no',
       '+47 ' || CAST(ct.phone AS VARCHAR),
       to_timestamp($start_ts)
FROM m_contacts ct
JOIN v_first f ON f.idx = ct.first
JOIN v_last l ON l.idx = ct.last
ORDER BY ct.id;

INSERT INTO projects (id, name, customer_id, manager_id, created_at)
SELECT p.id, n.name || ' ' || w.word, p.customer_id, p.manager_id, to_timestamp($start_ts)
FROM m_projects p
JOIN v_project_names n ON n.idx = p.name
JOIN m_companies c ON c.id = p.customer_id
JOIN v_word w ON w.idx = c.word
ORDER BY p.id;

INSERT INTO products (id, sku, name, unit, unit_price, vat_rate, vat_code)
SELECT idx + 1, 'P' || lpad(CAST(idx + 1 AS VARCHAR), 4, '0'), name, unit,
       CAST(price AS DECIMAL(18, 4)), vat_rate, vat_code
FROM v_products
ORDER BY idx;
"""

# Decodes generated line numbers of {lines} (owned by rows of {owners}) into real columns.
_DECODE_LINES = """
SELECT o.owner, l.position, l.group_no,
       CASE WHEN l.product_idx >= 0 THEN l.product_idx + 1 END AS product_id,
       CASE WHEN l.product_idx >= 0 THEN p.name
            WHEN l.free_idx = -2 THEN 'Avtalt prisavslag'
            ELSE f.text END AS description,
       CAST(CAST(l.qty_e3 AS DECIMAL(18, 0)) * 0.001 AS DECIMAL(18, 3)) AS quantity,
       CASE WHEN l.product_idx >= 0 THEN p.unit WHEN l.unit_class = 3 THEN 't'
            ELSE 'stk' END AS unit,
       CAST(CAST(l.price_e4 AS DECIMAL(18, 0)) * 0.0001 AS DECIMAL(18, 4)) AS unit_price,
       CAST(CAST(l.disc_e2 AS DECIMAL(18, 0)) * 0.01 AS DECIMAL(5, 2)) AS discount_pct,
       CAST(CASE WHEN l.product_idx >= 0 THEN p.vat_rate
                 WHEN l.free_idx = -2 THEN 25
                 ELSE l.free_vat END AS SMALLINT) AS vat_rate,
       CASE WHEN l.product_idx >= 0 THEN p.vat_code
            WHEN l.free_idx = -2 THEN 'standard'
            ELSE {free_code} END AS vat_code
FROM {lines} l
JOIN {owners} o ON o.owner = l.owner
LEFT JOIN v_products p ON p.idx = l.product_idx
LEFT JOIN v_free f ON f.idx = l.free_idx
"""


def _decoded(lines: str, owners: str) -> str:
    return (
        _DECODE_LINES.replace("{lines}", lines)
        .replace("{owners}", owners)
        .replace("{free_code}", vat_codes.sql_default_case("l.free_vat"))
    )


# Net and VAT per owner of the decoded lines in {lines} (VAT per rate on the rate's net sum).
_TOTALS = """
SELECT owner,
       CAST(sum(base) AS DECIMAL(18, 2)) AS net,
       CAST(sum({vat_amount}) AS DECIMAL(18, 2)) AS vat
FROM (SELECT owner, vat_rate, sum(amount) AS base FROM {lines} GROUP BY owner, vat_rate)
GROUP BY owner
"""


def _totals(lines: str) -> str:
    return _TOTALS.replace("{lines}", lines)


CHUNK = [
    # Orders with their display texts and dates, once, for every insert below.
    """
    CREATE OR REPLACE TEMP TABLE t_orders AS
    SELECT o.*,
           CAST(timezone('Europe/Oslo', to_timestamp(o.created)) AS DATE) AS order_date,
           t.title || CASE o.title_suffix
                        WHEN 0 THEN ' – ' || pl.city
                        WHEN 1 THEN ' ' || CAST(year(to_timestamp(o.created)) AS VARCHAR)
                        ELSE '' END AS title,
           st.key AS status,
           c.name AS customer_name,
           inv.method AS invoice_method_key
    FROM c_orders o
    JOIN v_titles t ON t.idx = o.title_idx
    JOIN v_place pl ON pl.idx = o.suffix_place
    JOIN v_status st ON st.idx = o.status_idx
    JOIN v_invoice inv ON inv.idx = o.invoice_method
    JOIN companies c ON c.id = o.customer_id
    """,
    "CREATE OR REPLACE TEMP TABLE t_lines AS SELECT l.*, {line_amount} AS amount FROM ("
    + _decoded("c_lines", "c_orders")
    + ") l",
    "CREATE OR REPLACE TEMP TABLE t_totals AS " + _totals("t_lines"),
    """
    INSERT INTO quotes (id, customer_id, contact_id, our_contact_id, project_id, title, status,
                        quote_date, valid_until, customer_ref, net_total, vat_total, total,
                        order_no, created_at, updated_at)
    SELECT o.quote_id, o.customer_id, nullif(o.contact_id, -1), o.our_contact_id,
           nullif(o.project_id, -1), o.title, 'converted',
           o.order_date - CAST(o.quote_days_before AS INTEGER),
           o.order_date - CAST(o.quote_days_before AS INTEGER) + 30,
           CASE WHEN o.customer_ref >= 0 THEN 'PO-' || CAST(o.customer_ref AS VARCHAR) END,
           t.net, t.vat, t.net + t.vat, o.order_no,
           to_timestamp(o.created - o.quote_days_before * 86400), to_timestamp(o.created)
    FROM t_orders o JOIN t_totals t ON t.owner = o.owner
    WHERE o.from_quote
    ORDER BY o.quote_id
    """,
    """
    INSERT INTO quote_groups (id, quote_id, position, title)
    SELECT g.qgroup_first + g.k, g.quote_id, g.k + 1, gt.title
    FROM (SELECT qgroup_first, quote_id, group_title_base,
                 unnest(range(n_groups)) AS k
          FROM t_orders WHERE from_quote AND n_groups > 0) g
    JOIN v_group_titles gt ON gt.idx = (g.group_title_base + g.k) % {group_titles}
    ORDER BY 1
    """,
    """
    INSERT INTO quote_lines (quote_id, group_id, position, product_id, description, quantity,
                             unit, unit_price, discount_pct, vat_rate, vat_code, amount)
    SELECT o.quote_id,
           CASE WHEN l.group_no >= 0 THEN o.qgroup_first + l.group_no END,
           l.position, l.product_id, l.description, l.quantity, l.unit, l.unit_price,
           l.discount_pct, l.vat_rate, l.vat_code, l.amount
    FROM t_lines l JOIN t_orders o ON o.owner = l.owner
    WHERE o.from_quote
    ORDER BY o.quote_id, l.position
    """,
    """
    INSERT INTO orders (order_no, customer_id, contact_id, our_contact_id, project_id, quote_id,
                        title, status, order_date, delivery_date, customer_ref,
                        payment_terms_days, invoice_method, currency, net_total, vat_total,
                        total, created_at, updated_at, version)
    SELECT o.order_no, o.customer_id, nullif(o.contact_id, -1), o.our_contact_id,
           nullif(o.project_id, -1), CASE WHEN o.from_quote THEN o.quote_id END,
           o.title, o.status, o.order_date,
           CASE WHEN o.delivery_days >= 0
                THEN o.order_date + CAST(o.delivery_days AS INTEGER) END,
           CASE WHEN o.customer_ref >= 0 THEN 'PO-' || CAST(o.customer_ref AS VARCHAR) END,
           o.payment_terms, o.invoice_method_key, 'NOK',
           coalesce(t.net, 0), coalesce(t.vat, 0), coalesce(t.net, 0) + coalesce(t.vat, 0),
           to_timestamp(o.created), to_timestamp(o.last_at), o.steps
    FROM t_orders o LEFT JOIN t_totals t ON t.owner = o.owner
    ORDER BY o.order_no
    """,
    # Demo orders are created by their vår kontakt, who therefore follows each one.
    """
    INSERT INTO order_followers (order_no, employee_id, since)
    SELECT order_no, our_contact_id, to_timestamp(created) FROM t_orders ORDER BY order_no
    """,
    """
    INSERT INTO order_groups (id, order_no, position, title)
    SELECT g.group_first + g.k, g.order_no, g.k + 1, gt.title
    FROM (SELECT group_first, order_no, group_title_base, unnest(range(n_groups)) AS k
          FROM t_orders WHERE n_groups > 0) g
    JOIN v_group_titles gt ON gt.idx = (g.group_title_base + g.k) % {group_titles}
    ORDER BY 1
    """,
    """
    INSERT INTO order_lines (order_no, group_id, position, product_id, description, quantity,
                             unit, unit_price, discount_pct, vat_rate, vat_code, amount)
    SELECT o.order_no,
           CASE WHEN l.group_no >= 0 THEN o.group_first + l.group_no END,
           l.position, l.product_id, l.description, l.quantity, l.unit, l.unit_price,
           l.discount_pct, l.vat_rate, l.vat_code, l.amount
    FROM t_lines l JOIN t_orders o ON o.owner = l.owner
    ORDER BY o.order_no, l.position
    """,
    """
    INSERT INTO order_status_history (order_no, from_status, to_status, changed_at, changed_by,
                                      note, previous_at)
    SELECT o.order_no, sf.key, st.key, to_timestamp(h.at), o.our_contact_id,
           CASE WHEN h.step = 0 AND o.from_quote
                THEN 'Fra tilbud ' || CAST(o.quote_id AS VARCHAR) END,
           to_timestamp(lag(h.at) OVER (PARTITION BY h.owner ORDER BY h.step))
    FROM c_history h
    JOIN t_orders o ON o.owner = h.owner
    JOIN v_status st ON st.idx = h.to_status
    LEFT JOIN v_status sf ON sf.idx = h.from_status
    ORDER BY o.order_no, h.step
    """,
    """
    INSERT INTO order_activity (order_no, occurred_at, actor_id, kind, message, data)
    SELECT order_no, occurred_at, actor_id, kind, message, data FROM (
        SELECT o.order_no, to_timestamp(h.at) AS occurred_at, o.our_contact_id AS actor_id,
               CASE WHEN h.step > 0 THEN 'status_changed'
                    WHEN o.from_quote THEN 'converted' ELSE 'created' END AS kind,
               CASE WHEN h.step > 0
                    THEN 'Status endret fra «' || lf.label || '» til «' || lt.label || '»'
                    WHEN o.from_quote
                    THEN 'Ordre ' || CAST(o.order_no AS VARCHAR) || ' opprettet fra tilbud '
                         || CAST(o.quote_id AS VARCHAR) || ' «' || o.title || '»'
                    ELSE 'Ordre ' || CAST(o.order_no AS VARCHAR) || ' opprettet for '
                         || o.customer_name END AS message,
               CASE WHEN h.step > 0
                    THEN CAST(json_object('from', sf.key, 'to', st.key, 'note', NULL) AS JSON)
                    END AS data,
               h.step AS seq
        FROM c_history h
        JOIN t_orders o ON o.owner = h.owner
        JOIN v_status st ON st.idx = h.to_status
        JOIN statuses lt ON lt.key = st.key
        LEFT JOIN v_status sf ON sf.idx = h.from_status
        LEFT JOIN statuses lf ON lf.key = sf.key
        UNION ALL
        SELECT o.order_no, to_timestamp(o.comment_at), o.our_contact_id, 'comment', c.text,
               NULL, 100
        FROM t_orders o JOIN v_comments c ON c.idx = o.comment_idx
    )
    ORDER BY order_no, occurred_at, seq
    """,
    """
    INSERT INTO relations (from_type, from_id, to_type, to_id, kind, created_at, created_by)
    SELECT from_type, from_id, to_type, to_id, kind, created_at, created_by FROM (
        SELECT 'order' AS from_type, order_no AS from_id, 'quote' AS to_type,
               quote_id AS to_id, 'converted_from' AS kind, to_timestamp(created) AS created_at,
               our_contact_id AS created_by, 0 AS dir
        FROM t_orders WHERE from_quote
        UNION ALL
        SELECT 'quote', quote_id, 'order', order_no, 'converted_to', to_timestamp(created),
               our_contact_id, 1
        FROM t_orders WHERE from_quote
    ) ORDER BY from_id, dir
    """,
    # Quotes that did not (yet) become orders: drafts, sent, accepted and rejected.
    "CREATE OR REPLACE TEMP TABLE t_qlines AS SELECT l.*, {line_amount} AS amount FROM ("
    + _decoded("c_open_quote_lines", "c_open_quotes")
    + ") l",
    """
    INSERT INTO quotes (id, customer_id, our_contact_id, title, status, quote_date,
                        valid_until, net_total, vat_total, total, created_at, updated_at)
    WITH totals AS ("""
    + _totals("t_qlines")
    + """)
    SELECT q.quote_id, q.customer_id, q.our_contact_id, t.title, s.status,
           CAST(timezone('Europe/Oslo', to_timestamp(q.created)) AS DATE),
           CAST(timezone('Europe/Oslo', to_timestamp(q.created)) AS DATE) + 30,
           tt.net, tt.vat, tt.net + tt.vat, to_timestamp(q.created), to_timestamp(q.created)
    FROM c_open_quotes q
    JOIN v_titles t ON t.idx = q.title_idx
    JOIN v_quote_status s ON s.idx = q.status
    JOIN totals tt ON tt.owner = q.owner
    ORDER BY q.quote_id
    """,
    """
    INSERT INTO quote_lines (quote_id, group_id, position, product_id, description, quantity,
                             unit, unit_price, discount_pct, vat_rate, vat_code, amount)
    SELECT q.quote_id, NULL, l.position, l.product_id, l.description, l.quantity, l.unit,
           l.unit_price, l.discount_pct, l.vat_rate, l.vat_code, l.amount
    FROM t_qlines l JOIN c_open_quotes q ON q.owner = l.owner
    ORDER BY q.quote_id, l.position
    """,
    """
    UPDATE counters SET next_value = (SELECT max(order_no) + 1 FROM c_orders)
    WHERE name = 'order_no'
    """,
]

DROP_CHUNK_TABLES = """
DROP TABLE IF EXISTS t_orders; DROP TABLE IF EXISTS t_lines; DROP TABLE IF EXISTS t_totals;
DROP TABLE IF EXISTS t_qlines;
"""
