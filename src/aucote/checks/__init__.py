"""Security checks behind one contract: each check serves one catalogue app and turns a port plus the
exploits selected for it into one outcome per exploit (findings, or a failure reason)."""
