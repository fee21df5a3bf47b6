-- App logins per employee and the grants an admin gives (issue 9).
-- user_logins: one row per employee that has (had) a password. password_hash is a scrypt
-- string "$scrypt$ln=…,r=…,p=…$salt$hash" (parameters kept with the hash so they can be raised
-- later), never the password. login_disabled shuts the employee out of the app without
-- deactivating the employee (who stays selectable as "vår kontakt", assignee …).
-- No foreign keys (DuckDB cannot then update the employee row freely); the invariant check
-- "users" finds rows without an employee.
CREATE TABLE user_logins (
    employee_id     BIGINT PRIMARY KEY,
    password_hash   VARCHAR,
    password_set_at TIMESTAMPTZ,
    login_disabled  BOOLEAN NOT NULL DEFAULT false
);

-- Rights beyond the role. Today one: 'settings' = "Ordreinnstillinger" (settings, status
-- flow, reopening final statuses, other people's files) without being an administrator.
CREATE TABLE employee_grants (
    employee_id BIGINT NOT NULL,
    grant_key   VARCHAR NOT NULL CHECK (grant_key IN ('settings')),
    granted_at  TIMESTAMPTZ NOT NULL,
    granted_by  BIGINT,
    PRIMARY KEY (employee_id, grant_key)
);

-- The e-mail a login attempt named (trimmed, at most 254 characters), so guessing against one
-- account shows even when it comes from many addresses. Empty for attempts without one.
ALTER TABLE login_attempts ADD COLUMN account VARCHAR;
