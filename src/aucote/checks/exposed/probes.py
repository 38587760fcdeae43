"""Which probe runs which exploit of the `aucote-exposed` app (by exploit name).

The probes' modules are imported when a probe is first asked for: several pull in a protocol
library (impacket, pysnmp, ldap3, paho-mqtt …) that `aucote --help`, `aucote serve` or a scan
without these checks need not load (0.4 s and tens of MB, measured with `python -X importtime`)."""

import importlib
from collections.abc import Iterator, Mapping
from typing import Final

from aucote.checks.exposed.probe import Probe

_WHERE: Final[Mapping[str, str]] = {
    "ftp-anonymous": "ftp:anonymous_ftp",
    "redis-no-auth": "redis:redis_without_auth",
    "memcached-stats": "memcached:memcached_stats",
    "mongodb-no-auth": "mongodb:mongodb_without_auth",
    "http-open-proxy": "http_proxy:open_http_proxy",
    "http-directory-listing": "directory_listing:directory_listing",
    "snmp-default-community": "snmp:snmp_default_community",
    # database and broker logins with default or empty credentials (aucote-logins.yaml)
    "mysql-empty-password": "mysql_login:mysql_empty_password",
    "postgres-no-password": "postgres_login:postgres_without_password",
    "amqp-guest-login": "amqp_guest:amqp_guest_login",
    # directory, file-sharing and cleartext-login exposures (aucote-shares.yaml)
    "ldap-anonymous-read": "ldap:ldap_anonymous_read",
    "smb-anonymous-shares": "smb_shares:smb_anonymous_shares",
    "rsync-open-modules": "rsync:rsync_open_modules",
    "tftp-readable": "tftp:tftp_readable",
    "telnet-cleartext-login": "telnet:telnet_login",
    # remote desktops and control-plane APIs (exploits.d/aucote-remote.yaml)
    "docker-api-no-auth": "docker_api:docker_api_without_auth",
    "kubelet-no-auth": "kubelet:kubelet_without_auth",
    "kubernetes-api-no-auth": "kubernetes_api:kubernetes_api_without_auth",
    "elasticsearch-no-auth": "elasticsearch:elasticsearch_without_auth",
    "couchdb-no-auth": "couchdb:couchdb_without_auth",
    "vnc-no-auth": "vnc:vnc_without_auth",
    # brokers and coordination services (exploits.d/aucote-brokers.yaml)
    "mqtt-anonymous": "mqtt:mqtt_anonymous",
    "nats-no-auth": "nats:nats_no_auth",
    "zookeeper-four-letter-words": "zookeeper:zookeeper_four_letter_words",
    "etcd-no-auth": "etcd:etcd_no_auth",
}
"""Exploit name → `module:function` under `aucote.checks.exposed`."""


class _Probes(Mapping[str, Probe]):
    """The probes by exploit name, each module imported on first use."""

    def __getitem__(self, name: str) -> Probe:
        module, function = _WHERE[name].split(":")
        probe: Probe = getattr(importlib.import_module(f"aucote.checks.exposed.{module}"), function)
        return probe

    def __iter__(self) -> Iterator[str]:
        return iter(_WHERE)

    def __len__(self) -> int:
        return len(_WHERE)


PROBES: Final[Mapping[str, Probe]] = _Probes()
