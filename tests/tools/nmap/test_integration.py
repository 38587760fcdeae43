"""Real nmap, through run_tool and the argv builders, against a vulnerable server on loopback."""

import asyncio
import os
from ipaddress import IPv4Address

import pytest

from aucote.model.protocol import Protocol
from aucote.tools.nmap.argv import scripts_argv
from aucote.tools.nmap.vulns import vuln_entries
from aucote.tools.nmap.xml import parse_nmap_xml
from aucote.tools.runner import find_tool, run_tool
from tests.support.range_server import range_server

VULN = "http-vuln-cve2011-3192"


@pytest.mark.nmap
@pytest.mark.skipif(find_tool("nmap") is None, reason="nmap is not installed")
def test_forced_vuln_script_finds_the_range_server_vulnerable() -> None:
    with range_server("127.0.0.1") as server:
        port = server.server_address[1]
        argv = scripts_argv(
            IPv4Address("127.0.0.1"),
            port,
            [VULN, "http-title"],
            force={VULN, "http-title"},
            privileged=os.geteuid() == 0,
            script_timeout=60,
        )
        result = asyncio.run(run_tool(argv, timeout=120))
    assert result.ok, result.stderr
    run = parse_nmap_xml(result.stdout)
    (host,) = run.hosts
    (scanned,) = host.ports
    assert (scanned.number, scanned.protocol, scanned.state) == (port, Protocol.TCP, "open")
    title = scanned.script("http-title")
    assert title is not None and title.data.get("title") == "Range test"
    script = scanned.script(VULN)
    assert script is not None
    assert [(e.state, e.cves) for e in vuln_entries(script)] == [("VULNERABLE", ("CVE-2011-3192",))]
