"""TLS checks with sslyze: one sslyze scan per port, then one pure rule per catalogue exploit.

`aucote.checks.tls.check.TlsCheck` serves the app `aucote-tls`; its exploits are in
`aucote/catalog/exploits.d/aucote-tls.yaml` and described in docs/checks/tls.md.
"""
