-- Master data in step with the accounting system (issue 10).

-- The customer number the accounting system knows a customer by (the import key when a
-- customer has no orgnr). A side table, not a column: DuckDB cannot ALTER a table other
-- tables reference by foreign key (companies), as with inactive_companies in 008.
CREATE TABLE company_numbers (
    company_id   BIGINT PRIMARY KEY REFERENCES companies (id),
    customer_no  VARCHAR NOT NULL UNIQUE
);

-- The accounting system's codes for our invoice methods and payment terms (days):
-- {"invoice_method": {"ehf": "3"}, "payment_terms": {"14": "10"}}; an admin maps them.
INSERT INTO settings VALUES ('accounting_codes', '{"invoice_method": {}, "payment_terms": {}}');
