"""The vnc-info and x11-access finding rules on the outputs nmap 7.93 printed against real servers
(TigerVNC Xvnc 1.12 and Xvfb 21.1 on Debian 12, copied from `nmap -sT --script vnc-info,x11-access`)."""

import pytest

from aucote.catalog.loader import load_catalog

VNC_NONE = (
    "\n  Protocol version: 3.8\n  Security types: \n    None (1)\n"
    "  WARNING: Server does not require authentication"
)
VNC_AUTH = "\n  Protocol version: 3.8\n  Security types: \n    VNC Authentication (2)"
VNC_DEFAULT = (  # Xvnc without -SecurityTypes: VeNCrypt TLSVnc and VncAuth
    "\n  Protocol version: 3.8\n  Security types: \n    VeNCrypt (19)\n    VNC Authentication (2)\n"
    "  VeNCrypt auth subtypes: \n    VNC auth, Anonymous TLS (258)\n    Unknown security type (2)"
)
VNC_TLS_NONE = (  # -SecurityTypes TLSNone,VncAuth
    "\n  Protocol version: 3.8\n  Security types: \n    VeNCrypt (19)\n    VNC Authentication (2)\n"
    "  VeNCrypt auth subtypes: \n    None, Anonymous TLS (257)\n    Unknown security type (2)\n"
    "  WARNING: Server does not require authentication"
)
VNC_X509_NONE = "\n  VeNCrypt auth subtypes: \n    None, Server-authenticated TLS (260)"
"""The script does not warn for X509None (it tests TLSNone twice): the type line is enough."""


@pytest.mark.parametrize(
    ("output", "found"),
    [(VNC_NONE, True), (VNC_TLS_NONE, True), (VNC_X509_NONE, True), (VNC_AUTH, False), (VNC_DEFAULT, False)],
)
def test_vnc_info_finds_only_the_none_security_types(output: str, found: bool) -> None:
    entry = load_catalog().find("nmap", "vnc-info")
    assert entry is not None
    assert entry.rule.is_finding(output) is found


def test_x11_access_finds_granted_access() -> None:
    entry = load_catalog().find("nmap", "x11-access")
    assert entry is not None
    assert entry.rule.is_finding("X server access is granted")
    assert not entry.rule.is_finding("ERROR: Script execution failed (use -d to debug)")
