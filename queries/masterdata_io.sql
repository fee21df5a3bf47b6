-- Master data as exported for the accounting system (layouts in axos_data/masterdata_files.py).

-- name: export_customers
SELECT n.customer_no, c.orgnr, c.name, c.address, c.postcode, c.city, c.country, c.email,
       i.company_id IS NULL AS active, c.id
FROM companies c
LEFT JOIN company_numbers n ON n.company_id = c.id
LEFT JOIN inactive_companies i ON i.company_id = c.id
ORDER BY c.id

-- name: export_products
SELECT sku, name, unit, unit_price, vat_rate, active
FROM products
ORDER BY sku

-- name: export_employees
SELECT email, name, role, active
FROM employees
ORDER BY id
