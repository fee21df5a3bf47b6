-- Order confirmations (PDF): which orders a bulk export prints. Their contents are read with
-- the order detail's queries (order_headers, order_bodies in order_detail.sql).

-- name: confirmation_order_nos
SELECT o.order_no
FROM orders o
WHERE ($statuses IS NULL OR list_contains($statuses, o.status))
  AND ($order_nos IS NULL OR list_contains($order_nos, o.order_no))
ORDER BY o.order_no
