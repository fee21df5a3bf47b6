-- Overviews per customer, contact, employee (our contact) and project, from stored totals.
-- {key_column} is one of customer_id, contact_id, our_contact_id, project_id (whitelisted).
-- Open value = orders not yet invoiced (categories open and invoicing);
-- outstanding = invoiced and not yet paid (category invoiced).

-- name: overview_by_status
WITH mine AS (
    SELECT status, count(*) AS order_count, sum(total) AS total_sum,
           min(order_date) AS first_order_date, max(order_date) AS last_order_date
    FROM orders o
    WHERE o.{key_column} = $key
    GROUP BY status
)
SELECT s.key AS status, s.label AS status_label, s.category, s.position,
       coalesce(m.order_count, 0) AS order_count,
       coalesce(m.total_sum, 0)::DECIMAL(38, 2) AS total_sum,
       m.first_order_date, m.last_order_date
FROM statuses s
LEFT JOIN mine m ON m.status = s.key
ORDER BY s.position

-- name: overview_recent
SELECT o.order_no, o.title, o.status, s.label AS status_label, c.name AS customer_name,
       o.order_date, o.total
FROM orders o
JOIN statuses s ON s.key = o.status
JOIN companies c ON c.id = o.customer_id
WHERE o.{key_column} = $key
ORDER BY o.order_date DESC, o.order_no DESC
LIMIT $limit

-- name: overview_value_over_time
SELECT date_trunc('month', o.order_date)::DATE AS month, o.status, s.label AS status_label,
       s.position AS status_position, count(*) AS order_count,
       sum(o.total)::DECIMAL(38, 2) AS total_sum
FROM orders o
JOIN statuses s ON s.key = o.status
WHERE o.{key_column} = $key
GROUP BY ALL
ORDER BY month, status_position

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
