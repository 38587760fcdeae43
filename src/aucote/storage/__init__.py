"""Storage: tables, migrations and the repository functions. No SQL lives outside this package."""
