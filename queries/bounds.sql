-- Stored values beyond the bounds the program enforces on input (money.MAX_*, the text limits
-- in limits.py): a database written by an older version may hold them, and `axos check`
-- reports them. Comparisons only, no arithmetic, so the check itself cannot overflow.

-- name: amounts_beyond_bounds
SELECT 'orders' AS "table", order_no AS record, 'net_total' AS "column",
       CAST(net_total AS VARCHAR) AS value
FROM orders WHERE abs(net_total) >= $max_amount
UNION ALL
SELECT 'orders', order_no, 'vat_total', CAST(vat_total AS VARCHAR)
FROM orders WHERE abs(vat_total) >= $max_amount
UNION ALL
SELECT 'orders', order_no, 'total', CAST(total AS VARCHAR)
FROM orders WHERE abs(total) >= $max_amount
UNION ALL
SELECT 'orders', order_no, 'payment_terms_days', CAST(payment_terms_days AS VARCHAR)
FROM orders WHERE payment_terms_days NOT BETWEEN $min_terms AND $max_terms
UNION ALL
SELECT 'order_lines', id, 'amount', CAST(amount AS VARCHAR)
FROM order_lines WHERE abs(amount) >= $max_amount
UNION ALL
SELECT 'order_lines', id, 'unit_price', CAST(unit_price AS VARCHAR)
FROM order_lines WHERE abs(unit_price) >= $max_price
UNION ALL
SELECT 'order_lines', id, 'quantity', CAST(quantity AS VARCHAR)
FROM order_lines WHERE abs(quantity) >= $max_quantity
UNION ALL
SELECT 'quotes', id, 'total', CAST(total AS VARCHAR)
FROM quotes WHERE abs(net_total) >= $max_amount OR abs(total) >= $max_amount
UNION ALL
SELECT 'quote_lines', id, 'amount', CAST(amount AS VARCHAR)
FROM quote_lines WHERE abs(amount) >= $max_amount
UNION ALL
SELECT 'quote_lines', id, 'unit_price', CAST(unit_price AS VARCHAR)
FROM quote_lines WHERE abs(unit_price) >= $max_price
UNION ALL
SELECT 'quote_lines', id, 'quantity', CAST(quantity AS VARCHAR)
FROM quote_lines WHERE abs(quantity) >= $max_quantity
UNION ALL
SELECT 'products', id, 'unit_price', CAST(unit_price AS VARCHAR)
FROM products WHERE abs(unit_price) >= $max_price

-- {table}, {key} and {column} come from limits.STORED_TEXTS, never from input.
-- name: texts_beyond_limit
SELECT '{table}' AS "table", {key} AS record, '{column}' AS "column",
       length({column}) || ' tegn' AS value
FROM {table} WHERE length({column}) > $limit
