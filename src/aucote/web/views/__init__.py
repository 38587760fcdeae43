"""View models: what each page shows, read from storage in one place, free of HTTP."""
