-- The word index behind the order list's search (see migrations/002_search_terms.sql).
-- Words are split on anything that is not a letter or digit, exactly like
-- axos_data/search.py splits what the user types.

-- name: search_terms_delete
DELETE FROM order_search_terms WHERE order_no BETWEEN $first AND $last

-- name: search_terms_delete_listed
DELETE FROM order_search_terms WHERE order_no IN (SELECT unnest($order_nos))

-- name: search_terms_insert
INSERT INTO order_search_terms
{search_terms_of_orders}
ORDER BY term, order_no

-- The orders a query of the index reads: a range (one order, a loaded chunk, all of them)
-- or a list (the orders of a renamed company).
-- name: orders_in_range
o.order_no BETWEEN $first AND $last

-- name: orders_listed
o.order_no IN (SELECT unnest($order_nos))

-- The words the chosen orders should have in the index (also what `axos check` compares
-- the stored index with). {indexed_texts}, {whole_texts} and {indexed_joins} are filled in
-- from axos_data/search.py INDEXED, the one list of what is indexed; {orders_filter} is
-- orders_in_range or orders_listed. The words are split like search.py's `words`: NFC form,
-- lower case, split on anything that is not a letter or a digit.
-- name: search_terms_of_orders
SELECT DISTINCT term, order_no FROM (
    SELECT o.order_no,
           unnest(list_concat(
               regexp_split_to_array(
                   lower(nfc_normalize(concat_ws(' ', {indexed_texts}))), '[^\pL\pN]+'),
               [lower(nfc_normalize(t)) FOR t IN [{whole_texts}] IF t IS NOT NULL]
           )) AS term
    FROM orders o
    {indexed_joins}
    WHERE {orders_filter}
) WHERE term <> ''

-- The orders that show the name of a record ({record_filter}: its orders columns = $id).
-- name: search_orders_of_record
SELECT order_no FROM orders WHERE {record_filter}

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
