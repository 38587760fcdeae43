"""Repository functions: every write the scanner makes, one module per table. They take a Connection
inside the caller's transaction so a batch is written whole or not at all."""
