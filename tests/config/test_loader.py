from hashlib import sha512
from ipaddress import ip_network
from pathlib import Path

import pytest

from aucote.config.database import DEFAULT_DATABASE_URL
from aucote.config.errors import ConfigError
from aucote.config.loader import load_settings
from aucote.config.portdetection import scanner_profile
from aucote.config.settings import Settings
from tests.config.conftest import WriteConfig


def test_without_a_file_the_built_in_defaults_apply() -> None:
    loaded = load_settings(None, environ={})
    settings = loaded.settings
    assert loaded.warnings == ()
    assert settings.service.api.v1.host == "127.0.0.1"
    assert settings.service.api.v1.port == 1235
    assert settings.service.scans.parallel_tasks == 30
    assert settings.service.scans.reserved_cpus == 1
    assert settings.portdetection.expiration_period == 7 * 86400
    assert list(settings.portdetection.scanners) == ["tcp", "udp", "tools_basic", "tools_advanced"]
    assert settings.portdetection.scanners["tcp"].live_scan.min_time_gap == 7200
    assert settings.portdetection.scanners["tools_advanced"].scan_enabled is False
    assert settings.tools.by_name["sslyze"].timeout == 300
    assert settings.tools.enabled("nmap") and not settings.tools.enabled("hydra")
    assert loaded.database_url == DEFAULT_DATABASE_URL == "sqlite:///var/aucote.sqlite3"


def test_mappings_merge_and_lists_replace(write_config: WriteConfig) -> None:
    path = write_config(
        "portdetection:\n"
        "  tcp:\n"
        "    networks:\n"
        "      include: [192.0.2.0/24, 2001:db8::/64, 198.51.100.7, 203.0.113.1-203.0.113.2]\n"
        "    ports:\n"
        "      exclude: []\n"
    )
    tcp = load_settings(path, environ={}).settings.portdetection.scanners["tcp"]
    assert tcp.networks.include == [
        ip_network("192.0.2.0/24"),
        ip_network("2001:db8::/64"),
        ip_network("198.51.100.7/32"),
        ip_network("203.0.113.1/32"),
        ip_network("203.0.113.2/32"),
    ]
    assert tcp.ports.include == ["0-65535"]
    assert tcp.ports.exclude == []
    assert tcp.scan_type == "LIVE"


def test_ports_given_as_numbers_become_port_lists(write_config: WriteConfig) -> None:
    path = write_config("portdetection:\n  tcp:\n    ports:\n      include: [22, '80, 443', 'T:8000-8080']\n")
    assert load_settings(path, environ={}).settings.portdetection.scanners["tcp"].ports.include == [
        "22",
        "80,443",
        "T:8000-8080",
    ]


def test_an_empty_file_means_the_defaults(write_config: WriteConfig) -> None:
    assert load_settings(write_config(""), environ={}).settings == load_settings(None, environ={}).settings


@pytest.mark.parametrize(("given", "stored"), [("", ""), ("/", ""), ("aucote", "/aucote"), ("/a/b/", "/a/b")])
def test_the_api_path_is_normalised(write_config: WriteConfig, given: str, stored: str) -> None:
    path = write_config(f"service:\n  api:\n    path: '{given}'\n")
    assert load_settings(path, environ={}).settings.service.api.path == stored


@pytest.mark.parametrize(
    "password", [sha512(b"secret").hexdigest(), "pbkdf2_sha256$600000$c2FsdA$aGFzaGhhc2hoYXNo"]
)
def test_password_hashes_of_both_shapes_are_stored_as_given(write_config: WriteConfig, password: str) -> None:
    path = write_config(f"service:\n  api:\n    password: '{password}'\n")
    assert load_settings(path, environ={}).settings.service.api.password == password


def test_a_new_tools_scanner_needs_a_section_and_a_place_in_security_scans(write_config: WriteConfig) -> None:
    path = write_config(
        "portdetection:\n"
        "  security_scans: [tools_basic, tools_web]\n"
        "  tools_web:\n"
        "    scripts: [141, 142]\n"
        "    run_after: [tools_basic]\n"
    )
    portdetection = load_settings(path, environ={}).settings.portdetection
    assert list(portdetection.active_scanners()) == ["tcp", "udp", "tools_basic", "tools_web"]
    assert portdetection.scanners["tools_web"].scripts == [141, 142]


def test_tool_specific_keys_are_kept(write_config: WriteConfig) -> None:
    path = write_config(
        "tools:\n  nmap:\n    disable_scripts: [broadcast-ping]\n  skipfish:\n    enable: false\n"
    )
    tools = load_settings(path, environ={}).settings.tools
    assert tools.by_name["nmap"].model_extra == {"disable_scripts": ["broadcast-ping"]}
    assert tools.by_name["nmap"].cmd == "nmap"
    assert not tools.enabled("skipfish")


def test_private_services_of_the_original_are_ignored_with_a_warning(write_config: WriteConfig) -> None:
    path = write_config(
        "topdis:\n  api:\n    host: topdis\n"
        "pid_file: tmp/aucote.pid\n"
        "storage:\n  max_nodes_query: 200\n  fresh_start: true\n"
        "portdetection:\n  tcp:\n    scan_devices:\n      snmp: true\n"
    )
    loaded = load_settings(path, environ={})
    assert loaded.warnings == (
        f"{path}: topdis: ignored (a service of the original Aucote that this version does not use)",
        f"{path}: pid_file: ignored (this version takes no PID lock file)",
        f"{path}: storage.max_nodes_query: ignored (a tuning knob of the original's queries)",
        f"{path}: storage.fresh_start: ignored (unused by the original too)",
        f"{path}: portdetection.tcp.scan_devices: ignored (the SNMP/host split of nodes came from Topdis)",
    )
    assert loaded.settings == load_settings(None, environ={}).settings


def test_other_storage_keys_are_still_unknown(write_config: WriteConfig) -> None:
    path = write_config("storage:\n  max_nodes_query: 200\n  pool: 5\n")
    with pytest.raises(ConfigError, match=r"aucote.yaml: storage: unknown key$"):
        load_settings(path, environ={})


def test_the_originals_storage_db_becomes_the_database_url(write_config: WriteConfig) -> None:
    path = write_config("storage:\n  db: dbname=aucote user=aucote password=s3cret host=postgres port=5432\n")
    loaded = load_settings(path, environ={})
    assert loaded.database_url == "postgresql://aucote:s3cret@postgres:5432/aucote"
    assert loaded.warnings == (
        f"{path}: storage.db: read as database.url (postgresql://aucote:***@postgres:5432/aucote)",
    )


def test_database_url_wins_over_storage_db(write_config: WriteConfig) -> None:
    path = write_config("database:\n  url: sqlite:///a.db\nstorage:\n  db: dbname=x\n")
    loaded = load_settings(path, environ={})
    assert loaded.database_url == "sqlite:///a.db"
    assert loaded.warnings == (f"{path}: storage.db: ignored (database.url is set)",)


def database_file(write_config: WriteConfig) -> Path:
    return write_config("database:\n  url: sqlite:///from-file.db\n")


def test_database_url_precedence_argument_environment_file_default(write_config: WriteConfig) -> None:
    path = database_file(write_config)
    environ = {"AUCOTE_DATABASE_URL": "postgresql://env/aucote"}
    assert (
        load_settings(path, database_url="sqlite:///arg.db", environ=environ).database_url
        == "sqlite:///arg.db"
    )
    assert load_settings(path, environ=environ).database_url == "postgresql://env/aucote"
    assert load_settings(path, environ={"AUCOTE_DATABASE_URL": ""}).database_url == "sqlite:///from-file.db"
    assert load_settings(None, environ={}).database_url == DEFAULT_DATABASE_URL


def test_the_effective_database_url_is_in_the_settings(write_config: WriteConfig) -> None:
    loaded = load_settings(None, database_url="sqlite:///arg.db", environ={})
    assert loaded.settings.database.url == "sqlite:///arg.db"


def test_the_process_environment_is_read_when_none_is_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUCOTE_DATABASE_URL", "sqlite:///env.db")
    assert load_settings(None).database_url == "sqlite:///env.db"


@pytest.mark.parametrize(
    ("argument", "environ", "message"),
    [
        ("nonsense", {}, "--db: 'nonsense' is not a database URL like 'sqlite:///var/aucote.sqlite3'"),
        (None, {"AUCOTE_DATABASE_URL": "x"}, "AUCOTE_DATABASE_URL: 'x' is not a database URL like"),
    ],
)
def test_bad_database_urls_name_their_source(
    argument: str | None, environ: dict[str, str], message: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(None, database_url=argument, environ=environ)
    assert str(caught.value).startswith(message)


def test_settings_can_be_built_in_code() -> None:
    assert Settings().portdetection.active_scanners()["tcp"].scan_enabled is True
    settings = Settings.model_validate({"portdetection": {"security_scans": [], "tcp": {}, "udp": {}}})
    assert list(settings.portdetection.active_scanners()) == ["tcp", "udp"]
    with pytest.raises(ValueError, match=r"'tools_basic' has no section portdetection\.tools_basic"):
        Settings.model_validate({"portdetection": {"tcp": {}, "udp": {}}})
    with pytest.raises(ValueError, match="udp: missing section of a port scanner"):
        Settings.model_validate({"portdetection": {"security_scans": [], "tcp": {}}})


def test_an_empty_scripts_list_stands_for_the_profile_named_after_the_scanner() -> None:
    assert scanner_profile("tools_basic") == "basic"
    assert scanner_profile("tools_advanced") == "advanced"
    assert scanner_profile("tcp") == "tcp"
