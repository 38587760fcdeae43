"""Real daemons started for one test (or one benchmark) on an address and port of its choosing, each
as a context manager taking a work directory, an address and a port, stopped at the end."""
