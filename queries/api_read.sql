-- The analysts' read API (axos_data/app/api_read.py). Table and column names are filled in
-- only from its allow-list of tables and the columns information_schema names for them.

-- name: api_table_columns
-- Every column of the base tables, in table order; the API keeps the allow-listed ones.
SELECT table_name, column_name, data_type
FROM information_schema.columns
WHERE table_schema = 'main'
  AND table_name IN (SELECT table_name FROM information_schema.tables
                     WHERE table_schema = 'main' AND table_type = 'BASE TABLE')
ORDER BY table_name, ordinal_position

-- name: api_table_rows
-- $limit NULL reads every row.
SELECT {columns} FROM {table} LIMIT $limit

-- name: api_table_count
SELECT count(*) AS row_count FROM {table}
