"""Prometheus metrics (docs/operations.md#metrics): counters and gauges kept up to date as work
happens, each process with a registry of its own (nothing at import time)."""
