"""Planning a port's and a node's checks: what runs by app, and what a switch holds back (to be
recorded SKIPPED with its reason), on the shipped catalogue."""

from dataclasses import replace
from ipaddress import ip_address

from aucote.engine.options import PortScanOptions, ScanOptions
from aucote.engine.planning import Plan, plan_node, plan_port
from aucote.engine.targets import TargetSet
from aucote.model.protocol import Protocol
from aucote.model.status import CheckReason
from aucote.model.target import Node, Port, Service
from tests.engine.scanning import catalog

HTTP_TITLE, HTTP_DEFAULT_ACCOUNTS, HTTP_PASSWD = 1044, 133, 1038
MYSQL_EMPTY_PASSWORD = 2500  # Aucote's own probe; nmap's script (88) is in no profile
SMB_SECURITY_MODE, MS08_067 = 1079, 40
NODE = Node(1, ip_address("127.0.0.2"))
INTRUSIVE_OFF = (CheckReason.INTRUSIVE_DISABLED, "intrusive checks are off (service.scans.intrusive)")
DEFAULT_CREDENTIALS_OFF = (
    CheckReason.DEFAULT_CREDENTIALS_DISABLED,
    "default-credential checks are off (service.scans.default_credentials)",
)


def _options(scripts: tuple[int, ...] = (), **switches: bool) -> ScanOptions:
    scan = PortScanOptions("tcp", Protocol.TCP, "1-65535")
    options = ScanOptions(TargetSet(()), (scan,), scripts=scripts, profile="advanced")
    return replace(options, **switches)


def _port(number: int, name: str | None = None) -> Port:
    return Port(NODE, number, Protocol.TCP, Service(name=name) if name else None)


def _run_ids(plan: Plan) -> list[int]:
    return [item.exploit.id for group in plan.values() for item in group]


def test_by_default_default_credentials_run_and_intrusive_checks_are_held_back() -> None:
    plan = plan_port(catalog(), _port(80, "http"), _options((HTTP_TITLE, HTTP_DEFAULT_ACCOUNTS, HTTP_PASSWD)))
    assert _run_ids(plan.run) == [HTTP_DEFAULT_ACCOUNTS, HTTP_TITLE]
    assert plan.skipped == {HTTP_PASSWD: INTRUSIVE_OFF}
    assert [exploit.id for exploit in plan.exploits] == [HTTP_DEFAULT_ACCOUNTS, HTTP_TITLE, HTTP_PASSWD]


def test_default_credentials_off_holds_them_back_with_their_reason() -> None:
    options = _options((HTTP_TITLE, HTTP_DEFAULT_ACCOUNTS), allow_default_credentials=False)
    plan = plan_port(catalog(), _port(8080, "http"), options)
    assert _run_ids(plan.run) == [HTTP_TITLE]
    assert plan.skipped == {HTTP_DEFAULT_ACCOUNTS: DEFAULT_CREDENTIALS_OFF}


def test_both_switches_on_hold_nothing_back() -> None:
    options = _options((HTTP_DEFAULT_ACCOUNTS, HTTP_PASSWD), allow_intrusive=True)
    plan = plan_port(catalog(), _port(80, "http"), options)
    assert _run_ids(plan.run) == [HTTP_DEFAULT_ACCOUNTS, HTTP_PASSWD]
    assert plan.held == ()


def test_the_whole_profile_holds_back_only_what_matches_the_port() -> None:
    off = _options(allow_default_credentials=False)
    mysql = plan_port(catalog(), _port(3307, "mysql"), off)
    assert mysql.skipped[MYSQL_EMPTY_PASSWORD] == DEFAULT_CREDENTIALS_OFF
    assert all(exploit.services & {"mysql"} or not exploit.services for exploit in mysql.exploits)
    assert HTTP_DEFAULT_ACCOUNTS not in mysql.skipped and HTTP_PASSWD not in mysql.skipped
    ssh = plan_port(catalog(), _port(22, "ssh"), off)
    assert set(ssh.skipped.values()) <= {INTRUSIVE_OFF}
    assert all("ssh" in exploit.services for exploit in ssh.exploits if exploit.id in ssh.skipped)


def test_held_back_host_scripts_are_recorded_once_per_node_on_their_port() -> None:
    options = replace(_options((SMB_SECURITY_MODE, MS08_067)), scan_nodes=True)
    plans = plan_node(catalog(), [_port(139), _port(80), _port(445)], options)
    assert list(plans) == [_port(445)]
    assert _run_ids(plans[_port(445)].run) == [SMB_SECURITY_MODE]
    assert plans[_port(445)].skipped == {MS08_067: INTRUSIVE_OFF}
    assert all(plan_port(catalog(), port, options).held == () for port in [_port(139), _port(445)])


def test_held_back_host_scripts_are_not_planned_without_scan_nodes() -> None:
    assert plan_node(catalog(), [_port(445)], _options((MS08_067,))) == {}
