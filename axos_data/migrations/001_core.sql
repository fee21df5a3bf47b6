-- The order domain. Foreign keys only on references that never change after insert:
-- DuckDB checks them eagerly and cannot delete a referenced row in the same transaction
-- that un-references it (see docs/decisions.md).

CREATE SEQUENCE company_id_seq START 1;
CREATE SEQUENCE contact_id_seq START 1;
CREATE SEQUENCE employee_id_seq START 1;
CREATE SEQUENCE project_id_seq START 1;
CREATE SEQUENCE product_id_seq START 1;
CREATE SEQUENCE quote_id_seq START 1;
CREATE SEQUENCE quote_group_id_seq START 1;
CREATE SEQUENCE quote_line_id_seq START 1;
CREATE SEQUENCE order_group_id_seq START 1;
CREATE SEQUENCE order_line_id_seq START 1;
CREATE SEQUENCE status_history_id_seq START 1;
CREATE SEQUENCE activity_id_seq START 1;
CREATE SEQUENCE relation_id_seq START 1;
CREATE SEQUENCE custom_field_id_seq START 1;

CREATE TABLE companies (
    id          BIGINT PRIMARY KEY DEFAULT nextval('company_id_seq'),
    name        VARCHAR NOT NULL,
    orgnr       VARCHAR,
    address     VARCHAR,
    postcode    VARCHAR,
    city        VARCHAR,
    country     VARCHAR NOT NULL DEFAULT 'NO',
    email       VARCHAR,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);

CREATE TABLE contacts (
    id          BIGINT PRIMARY KEY DEFAULT nextval('contact_id_seq'),
    company_id  BIGINT NOT NULL REFERENCES companies (id),
    name        VARCHAR NOT NULL,
    email       VARCHAR,
    phone       VARCHAR,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);

CREATE TABLE employees (
    id          BIGINT PRIMARY KEY DEFAULT nextval('employee_id_seq'),
    name        VARCHAR NOT NULL,
    email       VARCHAR NOT NULL UNIQUE,
    role        VARCHAR NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
    active      BOOLEAN NOT NULL DEFAULT true,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);

CREATE TABLE projects (
    id           BIGINT PRIMARY KEY DEFAULT nextval('project_id_seq'),
    name         VARCHAR NOT NULL,
    customer_id  BIGINT NOT NULL REFERENCES companies (id),
    manager_id   BIGINT,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);

CREATE TABLE products (
    id          BIGINT PRIMARY KEY DEFAULT nextval('product_id_seq'),
    sku         VARCHAR NOT NULL UNIQUE,
    name        VARCHAR NOT NULL,
    unit        VARCHAR NOT NULL,
    unit_price  DECIMAL(18, 4) NOT NULL,
    vat_rate    SMALLINT NOT NULL CHECK (vat_rate IN (25, 15, 12, 0)),
    active      BOOLEAN NOT NULL DEFAULT true
);

-- Status flow: a lookup table, not an ENUM, so an admin can extend it.
CREATE TABLE statuses (
    key       VARCHAR PRIMARY KEY,
    label     VARCHAR NOT NULL,
    category  VARCHAR NOT NULL CHECK (category IN ('open', 'invoicing', 'invoiced', 'closed')),
    position  INTEGER NOT NULL,
    is_final  BOOLEAN NOT NULL DEFAULT false
);

CREATE TABLE status_transitions (
    from_status  VARCHAR NOT NULL,
    to_status    VARCHAR NOT NULL,
    PRIMARY KEY (from_status, to_status)
);

INSERT INTO statuses VALUES
    ('under_arbeid', 'Under arbeid', 'open', 1, false),
    ('klar_til_fakturering', 'Klar til fakturering', 'invoicing', 2, false),
    ('fakturert', 'Fakturert', 'invoiced', 3, false),
    ('purret', 'Purret', 'invoiced', 4, false),
    ('betalt', 'Betalt', 'closed', 5, true),
    ('kansellert', 'Kansellert', 'closed', 6, true);

INSERT INTO status_transitions VALUES
    ('under_arbeid', 'klar_til_fakturering'),
    ('klar_til_fakturering', 'under_arbeid'),
    ('klar_til_fakturering', 'fakturert'),
    ('fakturert', 'purret'),
    ('fakturert', 'betalt'),
    ('purret', 'betalt'),
    ('under_arbeid', 'kansellert'),
    ('klar_til_fakturering', 'kansellert'),
    ('fakturert', 'kansellert'),
    ('purret', 'kansellert');

CREATE TABLE quotes (
    id              BIGINT PRIMARY KEY DEFAULT nextval('quote_id_seq'),
    customer_id     BIGINT NOT NULL REFERENCES companies (id),
    contact_id      BIGINT,
    our_contact_id  BIGINT NOT NULL,
    project_id      BIGINT,
    title           VARCHAR NOT NULL,
    status          VARCHAR NOT NULL DEFAULT 'draft'
                    CHECK (status IN ('draft', 'sent', 'accepted', 'rejected', 'converted')),
    quote_date      DATE NOT NULL,
    valid_until     DATE,
    customer_ref    VARCHAR,
    net_total       DECIMAL(18, 2) NOT NULL DEFAULT 0,
    vat_total       DECIMAL(18, 2) NOT NULL DEFAULT 0,
    total           DECIMAL(18, 2) NOT NULL DEFAULT 0,
    order_no        BIGINT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);

CREATE TABLE quote_groups (
    id        BIGINT PRIMARY KEY DEFAULT nextval('quote_group_id_seq'),
    quote_id  BIGINT NOT NULL REFERENCES quotes (id),
    position  INTEGER NOT NULL,
    title     VARCHAR NOT NULL
);

CREATE TABLE quote_lines (
    id            BIGINT PRIMARY KEY DEFAULT nextval('quote_line_id_seq'),
    quote_id      BIGINT NOT NULL REFERENCES quotes (id),
    group_id      BIGINT,
    position      INTEGER NOT NULL,
    product_id    BIGINT,
    description   VARCHAR NOT NULL,
    quantity      DECIMAL(18, 3) NOT NULL,
    unit          VARCHAR NOT NULL,
    unit_price    DECIMAL(18, 4) NOT NULL,
    discount_pct  DECIMAL(5, 2) NOT NULL DEFAULT 0,
    vat_rate      SMALLINT NOT NULL,
    amount        DECIMAL(18, 2) NOT NULL
);

-- order_no is the key: human, sequential from the order_number_start setting, never reused.
CREATE TABLE orders (
    order_no            BIGINT PRIMARY KEY,
    customer_id         BIGINT NOT NULL,
    contact_id          BIGINT,
    our_contact_id      BIGINT NOT NULL,
    project_id          BIGINT,
    quote_id            BIGINT,
    title               VARCHAR NOT NULL,
    status              VARCHAR NOT NULL,
    order_date          DATE NOT NULL,
    delivery_date       DATE,
    customer_ref        VARCHAR,
    payment_terms_days  INTEGER NOT NULL,
    invoice_method      VARCHAR NOT NULL,
    currency            VARCHAR NOT NULL DEFAULT 'NOK',
    net_total           DECIMAL(18, 2) NOT NULL DEFAULT 0,
    vat_total           DECIMAL(18, 2) NOT NULL DEFAULT 0,
    total               DECIMAL(18, 2) NOT NULL DEFAULT 0,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL,
    version             INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE order_groups (
    id        BIGINT PRIMARY KEY DEFAULT nextval('order_group_id_seq'),
    order_no  BIGINT NOT NULL REFERENCES orders (order_no),
    position  INTEGER NOT NULL,
    title     VARCHAR NOT NULL
);

CREATE TABLE order_lines (
    id            BIGINT PRIMARY KEY DEFAULT nextval('order_line_id_seq'),
    order_no      BIGINT NOT NULL REFERENCES orders (order_no),
    group_id      BIGINT,
    position      INTEGER NOT NULL,
    product_id    BIGINT,
    description   VARCHAR NOT NULL,
    quantity      DECIMAL(18, 3) NOT NULL,
    unit          VARCHAR NOT NULL,
    unit_price    DECIMAL(18, 4) NOT NULL,
    discount_pct  DECIMAL(5, 2) NOT NULL DEFAULT 0,
    vat_rate      SMALLINT NOT NULL,
    amount        DECIMAL(18, 2) NOT NULL
);

CREATE TABLE order_status_history (
    id           BIGINT PRIMARY KEY DEFAULT nextval('status_history_id_seq'),
    order_no     BIGINT NOT NULL,
    from_status  VARCHAR,
    to_status    VARCHAR NOT NULL,
    changed_at   TIMESTAMPTZ NOT NULL,
    changed_by   BIGINT NOT NULL,
    note         VARCHAR
);

-- One row per change or comment. kind is a stable key (created, line_added, comment …);
-- data holds the details as JSON so new kinds need no schema change.
CREATE TABLE order_activity (
    id        BIGINT PRIMARY KEY DEFAULT nextval('activity_id_seq'),
    order_no  BIGINT NOT NULL,
    occurred_at  TIMESTAMPTZ NOT NULL,
    actor_id  BIGINT NOT NULL,
    kind      VARCHAR NOT NULL,
    message   VARCHAR NOT NULL,
    data      JSON
);

-- Generic links between records: (type, id) on both ends, one row per direction.
CREATE TABLE relations (
    id          BIGINT PRIMARY KEY DEFAULT nextval('relation_id_seq'),
    from_type   VARCHAR NOT NULL,
    from_id     BIGINT NOT NULL,
    to_type     VARCHAR NOT NULL,
    to_id       BIGINT NOT NULL,
    kind        VARCHAR NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    created_by  BIGINT
);

-- Key/value settings; values are JSON so each setting keeps its own type.
CREATE TABLE settings (
    key    VARCHAR PRIMARY KEY,
    value  JSON NOT NULL
);

INSERT INTO settings VALUES
    ('company_name', '""'),
    ('company_orgnr', '""'),
    ('company_vat_registered', 'true'),
    ('company_in_foretaksregisteret', 'true'),
    ('company_address', '""'),
    ('company_postcode', '""'),
    ('company_city', '""'),
    ('company_email', '""'),
    ('company_bank_account', '""'),
    ('order_number_start', '10001'),
    ('default_payment_terms_days', '14'),
    ('default_invoice_method', '"email"'),
    ('kid_method', '"mod10"');

-- Counters that must never hand out a value twice (order numbers).
CREATE TABLE counters (
    name        VARCHAR PRIMARY KEY,
    next_value  BIGINT NOT NULL
);

CREATE TABLE custom_fields (
    id          BIGINT PRIMARY KEY DEFAULT nextval('custom_field_id_seq'),
    key         VARCHAR NOT NULL UNIQUE,
    label       VARCHAR NOT NULL,
    field_type  VARCHAR NOT NULL CHECK (field_type IN ('text', 'number', 'date', 'bool', 'choice')),
    options     JSON,
    position    INTEGER NOT NULL,
    active      BOOLEAN NOT NULL DEFAULT true
);

CREATE TABLE custom_field_values (
    order_no  BIGINT NOT NULL,
    field_id  BIGINT NOT NULL,
    value     VARCHAR,
    PRIMARY KEY (order_no, field_id)
);

INSERT INTO counters VALUES ('order_no', 1);
