-- Files and relations of orders (issue 9): the lists on the order page and the CLI.

-- name: order_files
SELECT f.id, f.name, f.size, f.sha256, f.uploaded_by, e.name AS uploaded_by_name,
       f.uploaded_at
FROM order_files f
LEFT JOIN employees e ON e.id = f.uploaded_by
WHERE f.order_no = $order_no
ORDER BY f.uploaded_at, f.id

-- name: record_relations
-- Every link of one record (order, quote, project, company), with a name for the other end.
SELECT r.id, r.to_type, r.to_id, r.kind,
       CASE r.to_type
           WHEN 'order' THEN o.title
           WHEN 'quote' THEN q.title
           WHEN 'project' THEN p.name
           WHEN 'company' THEN c.name
       END AS to_name,
       r.created_at, r.created_by, e.name AS created_by_name
FROM relations r
LEFT JOIN orders o ON r.to_type = 'order' AND o.order_no = r.to_id
LEFT JOIN quotes q ON r.to_type = 'quote' AND q.id = r.to_id
LEFT JOIN projects p ON r.to_type = 'project' AND p.id = r.to_id
LEFT JOIN companies c ON r.to_type = 'company' AND c.id = r.to_id
LEFT JOIN employees e ON e.id = r.created_by
WHERE r.from_type = $record_type AND r.from_id = $record_id
ORDER BY r.created_at, r.id

-- name: related_orders
-- The orders linked to a quote, project, company or order, from that record's side.
SELECT r.id AS relation_id, r.kind, o.order_no, o.title, o.status, s.label AS status_label,
       o.customer_id, r.created_at
FROM relations r
JOIN orders o ON o.order_no = r.to_id
LEFT JOIN statuses s ON s.key = o.status
WHERE r.from_type = $record_type AND r.from_id = $record_id AND r.to_type = 'order'
ORDER BY r.created_at, r.id

-- name: integrity_file_hashes
SELECT DISTINCT sha256 FROM order_files ORDER BY sha256
