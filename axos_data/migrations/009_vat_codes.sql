-- VAT codes (issue 10): a rate alone does not say why a line is 0 %. Products, quote lines and
-- order lines get a code (axos_data/vat_codes.py maps it to SAF-T and EN 16931).
--
-- Existing rows: 25/15/12 % get their one code. A 0 % row is export ('eksport', SAF-T 52)
-- when it is, or comes from, a product named as an export delivery ("Eksportlevering …" in
-- the demo data); every other 0 % row is domestic zero-rated ('fritatt', SAF-T 5: books,
-- newspapers), the usual reason a VAT-registered Norwegian seller charges 0 %. Nothing is
-- guessed as 'unntatt' (outside the VAT act): that must be chosen by a person.
-- No column default is left behind: every insert must say which code it means.
-- (Written as ALTER … TYPE … USING, not UPDATE: DuckDB refuses SET NOT NULL after an UPDATE
-- of existing rows in the same transaction; the product-based UPDATE comes after it.)

ALTER TABLE products ADD COLUMN vat_code VARCHAR DEFAULT 'standard';
ALTER TABLE products ALTER vat_code TYPE VARCHAR USING (CASE
    WHEN vat_rate = 25 THEN 'standard'
    WHEN vat_rate = 15 THEN 'middels'
    WHEN vat_rate = 12 THEN 'lav'
    WHEN lower(name) LIKE '%eksport%' THEN 'eksport'
    ELSE 'fritatt' END);
ALTER TABLE products ALTER COLUMN vat_code SET NOT NULL;
ALTER TABLE products ALTER COLUMN vat_code DROP DEFAULT;

ALTER TABLE quote_lines ADD COLUMN vat_code VARCHAR DEFAULT 'standard';
ALTER TABLE quote_lines ALTER vat_code TYPE VARCHAR USING (CASE
    WHEN vat_rate = 25 THEN 'standard'
    WHEN vat_rate = 15 THEN 'middels'
    WHEN vat_rate = 12 THEN 'lav'
    WHEN lower(description) LIKE '%eksport%' THEN 'eksport'
    ELSE 'fritatt' END);
ALTER TABLE quote_lines ALTER COLUMN vat_code SET NOT NULL;
ALTER TABLE quote_lines ALTER COLUMN vat_code DROP DEFAULT;

ALTER TABLE order_lines ADD COLUMN vat_code VARCHAR DEFAULT 'standard';
ALTER TABLE order_lines ALTER vat_code TYPE VARCHAR USING (CASE
    WHEN vat_rate = 25 THEN 'standard'
    WHEN vat_rate = 15 THEN 'middels'
    WHEN vat_rate = 12 THEN 'lav'
    WHEN lower(description) LIKE '%eksport%' THEN 'eksport'
    ELSE 'fritatt' END);
ALTER TABLE order_lines ALTER COLUMN vat_code SET NOT NULL;
ALTER TABLE order_lines ALTER COLUMN vat_code DROP DEFAULT;

UPDATE quote_lines SET vat_code = 'eksport'
WHERE vat_rate = 0 AND product_id IN (SELECT id FROM products WHERE vat_code = 'eksport');
UPDATE order_lines SET vat_code = 'eksport'
WHERE vat_rate = 0 AND product_id IN (SELECT id FROM products WHERE vat_code = 'eksport');
