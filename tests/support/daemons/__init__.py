"""Real daemons for the login checks' tests (and the benchmark that runs them all on one host): one
module per daemon, each a context manager taking a workdir, an address and a port."""
