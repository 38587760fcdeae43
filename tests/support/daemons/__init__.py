"""Real daemons (and, where no real one can run here, wire-level fakes) for the exposure checks'
tests and the benchmark that runs them all on one host: one module per daemon, each a context
manager taking a work directory, an address and a port."""
