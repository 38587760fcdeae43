"""Scan work on the procrastinate job queue: jobs as plain JSON, the worker that runs them, the
coordinator in the service that queues them per zone and waits for them, and the recovery of
jobs whose worker was lost (docs/workers.md)."""
