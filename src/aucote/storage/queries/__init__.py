"""Read queries behind the API, one module per resource. Each takes a Connection and returns frozen
records (records.py); rows are fetched with joins, never one extra query per row."""
