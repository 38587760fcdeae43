"""Process plumbing of `aucote service`: the local channel between the scanning process and the
API process (its vocabulary, protocol and client side) and the API process's CPU slice."""
