"""SSH server checks from one unauthenticated handshake per port: protocol versions, the algorithms
the server offers (its KEXINIT) and the software it names."""
