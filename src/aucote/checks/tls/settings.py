"""The check's options (`tools.aucote-tls` settings handed down in CheckContext.options)."""

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class TlsSettings:
    """`server_name`: the host name certificates must cover and SNI sends (default: the port's IP
    address); `ca_file`: PEM file of extra trust anchors for certificate path validation."""

    server_name: str | None = None
    ca_file: Path | None = None

    @classmethod
    def from_options(cls, options: Mapping[str, object]) -> "TlsSettings":
        """Read the options; ValueError naming the option when one has the wrong type or is missing."""
        server_name = options.get("server_name")
        ca_file = options.get("ca_file")
        if server_name is not None and (not isinstance(server_name, str) or not server_name.strip()):
            raise ValueError(f"option server_name: expected a host name, got {server_name!r}")
        if ca_file is not None and not isinstance(ca_file, str | Path):
            raise ValueError(f"option ca_file: expected a file path, got {ca_file!r}")
        path = Path(ca_file) if ca_file is not None else None
        if path is not None and not path.is_file():
            raise ValueError(f"option ca_file: no such file {str(path)!r}")
        return cls(server_name.strip() if server_name else None, path)
