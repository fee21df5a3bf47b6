-- Small lists for pickers and lookups. $search is lower-case text or NULL.

-- name: companies
-- A company is active unless it is in inactive_companies (see migration 008).
SELECT c.id, c.name, c.orgnr, c.city, c.country, i.company_id IS NULL AS active
FROM companies c
LEFT JOIN inactive_companies i ON i.company_id = c.id
WHERE ($search IS NULL OR contains(lower(c.name), $search) OR c.orgnr = $search
       OR CAST(c.id AS VARCHAR) = $search)
  AND ($active_only = false OR i.company_id IS NULL)
ORDER BY c.name, c.id
LIMIT $limit

-- name: contacts
SELECT ct.id, ct.name, ct.email, ct.phone, ct.company_id, c.name AS company_name, ct.active
FROM contacts ct
JOIN companies c ON c.id = ct.company_id
WHERE ($company_id IS NULL OR ct.company_id = $company_id)
  AND ($active_only = false OR ct.active)
  AND ($search IS NULL OR contains(lower(ct.name), $search) OR contains(lower(c.name), $search))
ORDER BY ct.name, ct.id
LIMIT $limit

-- name: employees
SELECT id, name, email, role, active
FROM employees
WHERE ($active_only = false OR active)
  AND ($search IS NULL OR contains(lower(name), $search))
ORDER BY name, id
LIMIT $limit

-- name: projects
SELECT p.id, p.name, p.customer_id, c.name AS customer_name, p.manager_id,
       e.name AS manager_name, p.active
FROM projects p
JOIN companies c ON c.id = p.customer_id
LEFT JOIN employees e ON e.id = p.manager_id
WHERE ($customer_id IS NULL OR p.customer_id = $customer_id)
  AND ($active_only = false OR p.active)
  AND ($search IS NULL OR contains(lower(p.name), $search) OR contains(lower(c.name), $search))
ORDER BY p.name, p.id
LIMIT $limit

-- name: products
SELECT id, sku, name, unit, unit_price, vat_rate, vat_code, active
FROM products
WHERE ($active_only = false OR active) AND ($search IS NULL OR contains(lower(name), $search)
                  OR contains(lower(sku), $search))
ORDER BY sku
LIMIT $limit

-- name: statuses
SELECT key, label, category, position, is_final FROM statuses ORDER BY position

-- name: quotes
SELECT q.id, q.title, q.status, q.customer_id, c.name AS customer_name, q.our_contact_id,
       e.name AS our_contact_name, q.quote_date, q.net_total, q.vat_total, q.total, q.order_no,
       (SELECT count(*) FROM quote_lines l WHERE l.quote_id = q.id) AS line_count
FROM quotes q
JOIN companies c ON c.id = q.customer_id
LEFT JOIN employees e ON e.id = q.our_contact_id
WHERE ($statuses IS NULL OR list_contains($statuses, q.status))
  AND ($customer_id IS NULL OR q.customer_id = $customer_id)
  AND ($search IS NULL OR contains(lower(q.title), $search) OR contains(lower(c.name), $search)
       OR CAST(q.id AS VARCHAR) = $search)
ORDER BY q.quote_date DESC, q.id DESC
LIMIT $limit

-- name: quote_header
SELECT q.*, c.name AS customer_name, ct.name AS contact_name, e.name AS our_contact_name,
       p.name AS project_name
FROM quotes q
JOIN companies c ON c.id = q.customer_id
LEFT JOIN contacts ct ON ct.id = q.contact_id
LEFT JOIN employees e ON e.id = q.our_contact_id
LEFT JOIN projects p ON p.id = q.project_id
WHERE q.id = $quote_id

-- name: quote_lines
SELECT l.id, l.group_id, g.title AS group_title, l.position, l.description, l.quantity, l.unit,
       l.unit_price, l.discount_pct, l.vat_rate, l.vat_code, l.amount
FROM quote_lines l
LEFT JOIN quote_groups g ON g.id = l.group_id
WHERE l.quote_id = $quote_id
ORDER BY g.position NULLS FIRST, l.position
