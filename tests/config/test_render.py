from hashlib import sha512

import yaml

from aucote.config.check import check_config
from aucote.config.database import mask_url_password
from aucote.config.loader import load_settings
from aucote.config.render import render_settings
from tests.config.conftest import WriteConfig

SERVICE_REASON = "a service of the original Aucote that this version does not use"


def test_rendered_settings_load_back_to_the_same_settings(write_config: WriteConfig) -> None:
    path = write_config(
        "portdetection:\n  tcp:\n    networks:\n      include: [10.0.0.0/8, '2001:db8::/64']\n"
    )
    settings = load_settings(path, environ={}).settings
    again = load_settings(write_config(render_settings(settings)), environ={}).settings
    assert again == settings


def test_rendering_uses_the_file_layout_and_compact_periods() -> None:
    data = yaml.safe_load(render_settings(load_settings(None, environ={}).settings))
    assert data["portdetection"]["tcp"]["live_scan"] == {"min_time_gap": "2h"}
    assert data["portdetection"]["_internal"] == {"port_period": "0s", "broadcast": False}
    assert data["tools"]["sslyze"] == {"enable": True, "cmd": None, "timeout": "5m"}
    assert "scanners" not in data["portdetection"] and "by_name" not in data["tools"]


def test_passwords_are_masked(write_config: WriteConfig) -> None:
    path = write_config(
        f"service:\n  api:\n    password: {sha512(b'x').hexdigest()}\n"
        "database:\n  url: postgresql://aucote:s3cret@db/aucote\n"
    )
    text = check_config(path, environ={})
    data = yaml.safe_load(text)
    assert data["service"]["api"]["password"] == "***"
    assert data["database"]["url"] == "postgresql://aucote:***@db/aucote"
    assert "s3cret" not in text and sha512(b"x").hexdigest() not in text


def test_check_config_says_valid_and_lists_warnings_as_comments(write_config: WriteConfig) -> None:
    path = write_config("toucan:\n  enable: true\n")
    lines = check_config(path, environ={}).splitlines()
    assert lines[0] == f"# {path}: valid"
    assert lines[1] == f"# warning: {path}: toucan: ignored ({SERVICE_REASON})"
    assert lines[2] == "service:"


def test_database_url_passwords_are_masked_wherever_they_are() -> None:
    assert mask_url_password("postgresql://a:p@ss@h:5/d") == "postgresql://a:***@h:5/d"
    assert mask_url_password("postgresql://h/d?sslmode=require&password=zz") == (
        "postgresql://h/d?sslmode=require&password=***"
    )
    assert mask_url_password("sqlite:///var/aucote.sqlite3") == "sqlite:///var/aucote.sqlite3"
