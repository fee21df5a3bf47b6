-- Word index for the order list's free-text search: one row per distinct lower-case word of
-- an order's number, title, customer name and customer reference (plus the whole reference).
-- Kept sorted by term, so a prefix lookup reads one or two row groups instead of scanning
-- every order's texts. Services refresh an order's rows when those texts change.
CREATE TABLE order_search_terms (
    term      VARCHAR NOT NULL,
    order_no  BIGINT NOT NULL
);

INSERT INTO order_search_terms
SELECT DISTINCT term, order_no FROM (
    SELECT o.order_no,
           unnest(regexp_split_to_array(
               lower(CAST(o.order_no AS VARCHAR) || ' ' || o.title || ' ' || c.name || ' '
                     || coalesce(o.customer_ref, '')),
               '[^\pL\pN]+')) AS term
    FROM orders o JOIN companies c ON c.id = o.customer_id
    UNION ALL
    SELECT order_no, lower(customer_ref) FROM orders WHERE customer_ref IS NOT NULL
) WHERE term <> ''
ORDER BY term, order_no;
