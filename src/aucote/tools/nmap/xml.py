"""Parsing nmap's XML report (`-oX`) into `aucote.tools.nmap.report` values; pure, via defusedxml."""

from ipaddress import ip_address
from xml.etree.ElementTree import Element
from xml.etree.ElementTree import ParseError as XmlSyntaxError

import defusedxml
import defusedxml.ElementTree

from aucote.model.protocol import Protocol
from aucote.tools.errors import ParseError
from aucote.tools.nmap.report import (
    NmapHost,
    NmapPort,
    NmapRun,
    NmapService,
    RunStats,
    ScriptElem,
    ScriptResult,
    ScriptTable,
)


def parse_nmap_xml(data: bytes | str) -> NmapRun:
    """The report nmap printed; ParseError when it is empty, truncated (nmap killed) or not nmap's."""
    root = _root(data)
    stats = root.find("runstats")
    if stats is None:
        raise ParseError("nmap XML has no <runstats>: the run did not finish")
    return NmapRun(
        version=root.get("version", ""),
        args=root.get("args", ""),
        started=float(root.get("start", "0")),
        hosts=tuple(_host(h) for h in root.iterfind("host")),
        stats=_stats(stats),
        prescripts=_scripts(root.find("prescript")),
        postscripts=_scripts(root.find("postscript")),
    )


def _root(data: bytes | str) -> Element:
    """The <nmaprun> element, or ParseError saying what is wrong with the document."""
    if not data.strip():
        raise ParseError("nmap printed no XML")
    try:
        root: Element = defusedxml.ElementTree.fromstring(data)
    except XmlSyntaxError as error:
        raise ParseError(f"nmap XML is truncated or malformed ({error}); was nmap killed?") from None
    except defusedxml.DefusedXmlException as error:
        raise ParseError(f"nmap XML refused: {error}") from None
    if root.tag != "nmaprun":
        raise ParseError(f"not an nmap XML report (root element <{root.tag}>)")
    return root


def _stats(element: Element) -> RunStats:
    finished = _child(element, "finished")
    hosts = _child(element, "hosts")
    return RunStats(
        exit=finished.get("exit", "success"),
        errormsg=finished.get("errormsg"),
        elapsed=float(finished.get("elapsed", "0")),
        finished=float(finished.get("time", "0")),
        hosts_up=int(hosts.get("up", "0")),
        hosts_down=int(hosts.get("down", "0")),
        hosts_total=int(hosts.get("total", "0")),
    )


def _host(element: Element) -> NmapHost:
    status = _child(element, "status")
    addresses = {a.get("addrtype"): a.get("addr", "") for a in element.iterfind("address")}
    ip = addresses.get("ipv4") or addresses.get("ipv6")
    if not ip:
        raise ParseError("nmap XML host without an IP address")
    return NmapHost(
        address=ip_address(ip),
        state=status.get("state", "unknown"),
        reason=status.get("reason", ""),
        mac=addresses.get("mac"),
        ports=tuple(_port(p) for p in element.iterfind("ports/port")),
        scripts=_scripts(element.find("hostscript")),
        timed_out=element.get("timedout") == "true",
    )


def _port(element: Element) -> NmapPort:
    state = _child(element, "state")
    service = element.find("service")
    return NmapPort(
        number=int(element.get("portid", "-1")),
        protocol=Protocol.parse(element.get("protocol", "")),
        state=state.get("state", "unknown"),
        reason=state.get("reason", ""),
        service=None if service is None else _service(service),
        scripts=_scripts(element),
    )


def _service(element: Element) -> NmapService:
    return NmapService(
        name=element.get("name", ""),
        product=element.get("product"),
        version=element.get("version"),
        extrainfo=element.get("extrainfo"),
        ostype=element.get("ostype"),
        tunnel=element.get("tunnel"),
        method=element.get("method", "table"),
        conf=int(element.get("conf", "0")),
        cpes=tuple(c.text or "" for c in element.iterfind("cpe")),
    )


def _scripts(parent: Element | None) -> tuple[ScriptResult, ...]:
    """The <script> children of `parent` (none when `parent` is missing)."""
    if parent is None:
        return ()
    return tuple(
        ScriptResult(id=s.get("id", ""), output=s.get("output", ""), data=_table(s))
        for s in parent.iterfind("script")
    )


def _table(element: Element) -> ScriptTable:
    """The structured output inside a <script> or <table>, nested tables included."""
    return ScriptTable(
        key=element.get("key") if element.tag == "table" else None,
        elems=tuple(ScriptElem(e.get("key"), e.text or "") for e in element.iterfind("elem")),
        tables=tuple(_table(t) for t in element.iterfind("table")),
    )


def _child(element: Element, tag: str) -> Element:
    """The required child `tag` of `element`, or ParseError."""
    child = element.find(tag)
    if child is None:
        raise ParseError(f"nmap XML <{element.tag}> has no <{tag}>")
    return child
