"""Start/stop helpers for the daemons (and wire-level fakes) the remote-access tests scan: context
managers taking a work directory, an address and a port. The benchmarks reuse them."""
