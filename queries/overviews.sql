-- Overviews per customer, contact, employee (our contact) and project, from stored totals.
-- {key_column} is one of customer_id, contact_id, our_contact_id, project_id (whitelisted).
-- Open value = orders not yet invoiced (categories open and invoicing);
-- outstanding = invoiced and not yet paid (category invoiced).

-- Everything an overview shows in one statement (each statement costs DuckDB about a
-- millisecond before it reads a row). The orders of the key are read once (`mine`); the key
-- columns have no index, as DuckDB would turn a change of an order's customer, contact,
-- employee or project into delete + insert, which the order's lines refuse. Three parts,
-- tagged by `part`, each in display order: by_status (every status, by position), recent
-- (newest first), over_time (month, then status).
-- name: overview_parts
WITH mine AS MATERIALIZED (
    SELECT o.order_no, o.title, o.status, o.customer_id, o.order_date, o.total
    FROM orders o
    WHERE o.{key_column} = $key
), per_status AS (
    SELECT status, count(*) AS order_count, sum(total) AS total_sum,
           min(order_date) AS first_order_date, max(order_date) AS last_order_date
    FROM mine GROUP BY status
), recent AS (
    SELECT * FROM mine ORDER BY order_date DESC, order_no DESC LIMIT $limit
), monthly AS (
    SELECT date_trunc('month', order_date)::DATE AS month, status, count(*) AS order_count,
           sum(total) AS total_sum
    FROM mine GROUP BY ALL
)
SELECT 'by_status' AS part, s.key AS status, s.label AS status_label, s.category,
       s.position, coalesce(m.order_count, 0) AS order_count,
       coalesce(m.total_sum, 0)::DECIMAL(38, 2) AS total_sum,
       m.first_order_date, m.last_order_date,
       NULL::BIGINT AS order_no, NULL::VARCHAR AS title, NULL::VARCHAR AS customer_name,
       NULL::DATE AS order_date, NULL::DECIMAL(18, 2) AS total, NULL::DATE AS month,
       s.position::BIGINT AS sort_1, 0::BIGINT AS sort_2
FROM statuses s LEFT JOIN per_status m ON m.status = s.key
UNION ALL
SELECT 'recent', r.status, s.label, s.category, s.position, NULL, NULL, NULL, NULL,
       r.order_no, r.title, c.name, r.order_date, r.total, NULL,
       -(r.order_date - DATE '1970-01-01'), -r.order_no
FROM recent r
JOIN statuses s ON s.key = r.status
JOIN companies c ON c.id = r.customer_id
UNION ALL
SELECT 'over_time', m.status, s.label, s.category, s.position, m.order_count,
       m.total_sum::DECIMAL(38, 2), NULL, NULL, NULL, NULL, NULL, NULL, NULL, m.month,
       year(m.month) * 12 + month(m.month), s.position
FROM monthly m JOIN statuses s ON s.key = m.status
ORDER BY part, sort_1, sort_2

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
