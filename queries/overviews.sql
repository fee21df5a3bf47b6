-- Overviews per customer, contact, employee (our contact) and project, from stored totals.
-- {key_column} is one of customer_id, contact_id, our_contact_id, project_id (whitelisted).
-- Open value = orders not yet invoiced (categories open and invoicing);
-- outstanding = invoiced and not yet paid (category invoiced).

-- Everything an overview shows in one statement (each statement costs DuckDB about a
-- millisecond before it reads a row, and each join more to plan). The key columns have no
-- index, as DuckDB would turn a change of an order's customer, contact, employee or project
-- into delete + insert, which the order's lines refuse. Rows tagged by `part`: status (the
-- statuses table), over_time (per month and status, with the first and last order date),
-- recent (newest first). views/overviews.py sums the months into the per-status rows, puts
-- the status labels and positions onto the others and sorts.
--
-- Two shapes, chosen per overview kind (views/overviews.py OVERVIEW_KINDS):
-- overview_parts reads the record's orders once into `mine` — right for a customer, contact
-- or project (tens of orders: a second read of the key column would cost more than all of
-- their rows); overview_parts_scan reads the key column twice and keeps no rows — right
-- for an employee (thousands of orders spread over the whole table: keeping their titles
-- costs more than a second read of the column, and DuckDB fetches the ten newest orders'
-- titles only). Measured at 1,000,000 orders, see the README's benchmarks.
-- name: overview_parts
WITH mine AS MATERIALIZED (
    SELECT o.order_no, o.title, o.status, o.customer_id, o.order_date, o.total
    FROM orders o
    WHERE o.{key_column} = $key
), recent AS (
    SELECT * FROM mine ORDER BY order_date DESC, order_no DESC LIMIT $limit
)
{overview_status_rows}
UNION ALL
SELECT 'over_time', status, NULL, NULL, NULL, count(*), sum(total)::DECIMAL(38, 2),
       min(order_date), max(order_date), NULL, NULL, NULL, NULL, NULL,
       date_trunc('month', order_date)::DATE AS month
FROM mine
GROUP BY status, month
UNION ALL
{overview_recent_rows}

-- name: overview_parts_scan
WITH recent AS (
    SELECT o.order_no, o.title, o.status, o.customer_id, o.order_date, o.total
    FROM orders o
    WHERE o.{key_column} = $key
    ORDER BY o.order_date DESC, o.order_no DESC
    LIMIT $limit
)
{overview_status_rows}
UNION ALL
SELECT 'over_time', status, NULL, NULL, NULL, count(*), sum(total)::DECIMAL(38, 2),
       min(order_date), max(order_date), NULL, NULL, NULL, NULL, NULL,
       date_trunc('month', order_date)::DATE AS month
FROM orders
WHERE {key_column} = $key
GROUP BY status, month
UNION ALL
{overview_recent_rows}

-- name: overview_status_rows
SELECT 'status' AS part, key AS status, label AS status_label, category, position,
       NULL::BIGINT AS order_count, NULL::DECIMAL(38, 2) AS total_sum,
       NULL::DATE AS first_order_date, NULL::DATE AS last_order_date,
       NULL::BIGINT AS order_no, NULL::VARCHAR AS title, NULL::VARCHAR AS customer_name,
       NULL::DATE AS order_date, NULL::DECIMAL(18, 2) AS total, NULL::DATE AS month
FROM statuses

-- name: overview_recent_rows
SELECT 'recent', r.status, NULL, NULL, NULL, NULL, NULL, NULL, NULL, r.order_no, r.title,
       c.name, r.order_date, r.total, NULL
FROM recent r
JOIN companies c ON c.id = r.customer_id

-- name: company_record
SELECT id, name, orgnr, address, postcode, city, country, email FROM companies WHERE id = $key

-- name: contact_record
SELECT ct.id, ct.name, ct.email, ct.phone, ct.company_id, c.name AS company_name
FROM contacts ct JOIN companies c ON c.id = ct.company_id WHERE ct.id = $key

-- name: employee_record
SELECT id, name, email, role, active FROM employees WHERE id = $key

-- name: project_record
SELECT p.id, p.name, p.customer_id, c.name AS customer_name, p.manager_id,
       e.name AS manager_name
FROM projects p
JOIN companies c ON c.id = p.customer_id
LEFT JOIN employees e ON e.id = p.manager_id
WHERE p.id = $key
