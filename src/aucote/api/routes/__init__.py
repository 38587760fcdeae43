"""The endpoints, one module per resource; each exposes `router()`."""
