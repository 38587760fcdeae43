"""Parsing nmap's XML report (`-oX`) into `aucote.tools.nmap.report` values; pure, via defusedxml.

Whatever the input, `parse_nmap_xml` returns an `NmapRun` or raises `ParseError` with one line
naming the element that is wrong (an address that is not an IP, a port number that is not a
number …). Ports of an IP protocol scan (`-sO`, `protocol="ip"`) are protocols, not ports: they
are left out of `NmapHost.ports`; the host is kept."""

import math
from ipaddress import ip_address
from typing import TypeVar
from xml.etree.ElementTree import Element
from xml.etree.ElementTree import ParseError as XmlSyntaxError

import defusedxml
import defusedxml.ElementTree

from aucote.model.protocol import Protocol
from aucote.model.target import IPAddress
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
        started=_time(root, "start"),
        hosts=tuple(_host(h) for h in root.iterfind("host")),
        scanned=tuple(s.get("protocol", "") for s in root.iterfind("scaninfo")),
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
    except (defusedxml.DefusedXmlException, ValueError, LookupError) as error:
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
        elapsed=_number(finished, "elapsed", float, "0"),
        finished=_time(finished, "time"),
        hosts_up=_number(hosts, "up", int, "0"),
        hosts_down=_number(hosts, "down", int, "0"),
        hosts_total=_number(hosts, "total", int, "0"),
    )


def _host(element: Element) -> NmapHost:
    status = _child(element, "status")
    addresses = {a.get("addrtype"): a.get("addr", "") for a in element.iterfind("address")}
    ip = addresses.get("ipv4") or addresses.get("ipv6")
    if not ip:
        raise ParseError("nmap XML <host> without an IPv4 or IPv6 <address>")
    ports = (p for p in element.iterfind("ports/port") if p.get("protocol") != "ip")
    return NmapHost(
        address=_ip(ip),
        state=status.get("state", "unknown"),
        reason=status.get("reason", ""),
        mac=addresses.get("mac"),
        ports=tuple(_port(p) for p in ports),
        scripts=_scripts(element.find("hostscript")),
        timed_out=element.get("timedout") == "true",
    )


def _ip(text: str) -> IPAddress:
    try:
        return ip_address(text)
    except ValueError:
        raise ParseError(f"nmap XML <address addr={text!r}> is not an IP address") from None


def _port(element: Element) -> NmapPort:
    state = _child(element, "state")
    service = element.find("service")
    return NmapPort(
        number=_port_number(element),
        protocol=_protocol(element),
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
        conf=_number(element, "conf", int, "0"),
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


def _port_number(element: Element) -> int:
    number = _number(element, "portid", int, None)
    if not 0 <= number <= 65535:
        raise ParseError(f"nmap XML <port portid={number}> is out of range (0-65535)")
    return number


def _protocol(element: Element) -> Protocol:
    try:
        return Protocol.parse(element.get("protocol", ""))
    except ValueError as error:
        raise ParseError(f"nmap XML <port protocol=...>: {error}") from None


def _time(element: Element, name: str) -> float | None:
    """A Unix time attribute; None when missing or empty (nmap 3.x, hand-edited or cut reports)."""
    if not (element.get(name) or "").strip():
        return None
    return _number(element, name, float, None)


N = TypeVar("N", int, float)


def _number(element: Element, name: str, kind: type[N], default: str | None) -> N:
    """Attribute `name` of `element` read as `kind`, or ParseError naming both."""
    text = element.get(name, default)
    try:
        if text is None:
            raise ValueError("missing")
        value = kind(text)
    except ValueError:
        raise ParseError(f"nmap XML <{element.tag} {name}={text!r}> is not a number") from None
    if isinstance(value, float) and not math.isfinite(value):
        raise ParseError(f"nmap XML <{element.tag} {name}={text!r}> is not a finite number")
    return value


def _child(element: Element, tag: str) -> Element:
    """The required child `tag` of `element`, or ParseError."""
    child = element.find(tag)
    if child is None:
        raise ParseError(f"nmap XML <{element.tag}> has no <{tag}>")
    return child
