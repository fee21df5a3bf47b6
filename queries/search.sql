-- The word index behind the order list's search (see migrations/002_search_terms.sql).
-- Words are split on anything that is not a letter or digit, exactly like
-- axos_data/search.py splits what the user types.

-- name: search_terms_delete
DELETE FROM order_search_terms WHERE order_no BETWEEN $first AND $last

-- name: search_terms_insert
INSERT INTO order_search_terms
{search_terms_of_orders}
ORDER BY term, order_no

-- The words orders first..last should have in the index (also what `axos check` compares
-- the stored index with).
-- name: search_terms_of_orders
SELECT DISTINCT term, order_no FROM (
    SELECT o.order_no,
           unnest(regexp_split_to_array(
               lower(CAST(o.order_no AS VARCHAR) || ' ' || o.title || ' ' || c.name || ' '
                     || coalesce(o.customer_ref, '')),
               '[^\pL\pN]+')) AS term
    FROM orders o JOIN companies c ON c.id = o.customer_id
    WHERE o.order_no BETWEEN $first AND $last
    UNION ALL
    SELECT order_no, lower(customer_ref) FROM orders
    WHERE customer_ref IS NOT NULL AND order_no BETWEEN $first AND $last
) WHERE term <> ''

-- Rewrites the index in term order, so prefix lookups prune row groups again after many
-- orders were added at the end.
-- name: search_terms_sorted
CREATE TABLE order_search_terms_sorted AS
SELECT term, order_no FROM order_search_terms ORDER BY term, order_no;
DROP TABLE order_search_terms;
ALTER TABLE order_search_terms_sorted RENAME TO order_search_terms

-- One word of a search: the orders with a word starting with it. A search of several words
-- intersects one of these per word ($word is renamed $word0, $word1 … by the caller).
-- name: search_word
SELECT order_no FROM order_search_terms WHERE starts_with(term, $word)

-- name: search_hits_create
CREATE OR REPLACE TEMP TABLE search_hits AS {search_words}

-- name: filter_search_hits
o.order_no IN (SELECT order_no FROM search_hits)
