-- Settings (issue 9): deactivatable master data, required custom fields, the company's phone
-- and logo, and the list of invoice methods an admin can extend.

-- A deactivated company, contact or project keeps its history but gets no new orders or
-- quotes. Products and employees had the flag already. Companies get a side table instead of
-- a column: DuckDB cannot ALTER a table other tables reference by foreign key.
CREATE TABLE inactive_companies (
    company_id      BIGINT PRIMARY KEY,
    deactivated_at  TIMESTAMPTZ NOT NULL
);
ALTER TABLE contacts ADD COLUMN active BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE projects ADD COLUMN active BOOLEAN NOT NULL DEFAULT true;

ALTER TABLE custom_fields ADD COLUMN required BOOLEAN NOT NULL DEFAULT false;

-- The logo printed on order confirmations: the bytes themselves, so a backup of the database
-- carries it and no path on one machine is needed. One row at most.
CREATE TABLE company_logo (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    content     BLOB NOT NULL,
    media_type  VARCHAR NOT NULL,
    file_name   VARCHAR,
    sha256      VARCHAR NOT NULL
);

INSERT INTO settings VALUES
    ('company_phone', '""'),
    ('invoice_methods', '{"email": "E-post", "ehf": "EHF", "efaktura": "eFaktura", "post": "Post"}');
