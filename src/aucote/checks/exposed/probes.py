"""Which probe runs which exploit of the `aucote-exposed` app (by exploit name)."""

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from aucote.checks.exposed.amqp_guest import amqp_guest_login
from aucote.checks.exposed.couchdb import couchdb_without_auth
from aucote.checks.exposed.directory_listing import directory_listing
from aucote.checks.exposed.docker_api import docker_api_without_auth
from aucote.checks.exposed.elasticsearch import elasticsearch_without_auth
from aucote.checks.exposed.etcd import etcd_no_auth
from aucote.checks.exposed.ftp import anonymous_ftp
from aucote.checks.exposed.http_proxy import open_http_proxy
from aucote.checks.exposed.kubelet import kubelet_without_auth
from aucote.checks.exposed.kubernetes_api import kubernetes_api_without_auth
from aucote.checks.exposed.ldap import ldap_anonymous_read
from aucote.checks.exposed.memcached import memcached_stats
from aucote.checks.exposed.mongodb import mongodb_without_auth
from aucote.checks.exposed.mqtt import mqtt_anonymous
from aucote.checks.exposed.mysql_login import mysql_empty_password
from aucote.checks.exposed.nats import nats_no_auth
from aucote.checks.exposed.postgres_login import postgres_without_password
from aucote.checks.exposed.probe import Probe
from aucote.checks.exposed.redis import redis_without_auth
from aucote.checks.exposed.rsync import rsync_open_modules
from aucote.checks.exposed.smb_shares import smb_anonymous_shares
from aucote.checks.exposed.snmp import snmp_default_community
from aucote.checks.exposed.telnet import telnet_login
from aucote.checks.exposed.tftp import tftp_readable
from aucote.checks.exposed.zookeeper import zookeeper_four_letter_words

PROBES: Final[Mapping[str, Probe]] = MappingProxyType(
    {
        "ftp-anonymous": anonymous_ftp,
        "redis-no-auth": redis_without_auth,
        "memcached-stats": memcached_stats,
        "mongodb-no-auth": mongodb_without_auth,
        "http-open-proxy": open_http_proxy,
        "http-directory-listing": directory_listing,
        "snmp-default-community": snmp_default_community,
        # database and broker logins with default or empty credentials (aucote-logins.yaml)
        "mysql-empty-password": mysql_empty_password,
        "postgres-no-password": postgres_without_password,
        "amqp-guest-login": amqp_guest_login,
        # directory, file-sharing and cleartext-login exposures (aucote-shares.yaml)
        "ldap-anonymous-read": ldap_anonymous_read,
        "smb-anonymous-shares": smb_anonymous_shares,
        "rsync-open-modules": rsync_open_modules,
        "tftp-readable": tftp_readable,
        "telnet-cleartext-login": telnet_login,
        # remote desktops and control-plane APIs (exploits.d/aucote-remote.yaml)
        "docker-api-no-auth": docker_api_without_auth,
        "kubelet-no-auth": kubelet_without_auth,
        "kubernetes-api-no-auth": kubernetes_api_without_auth,
        "elasticsearch-no-auth": elasticsearch_without_auth,
        "couchdb-no-auth": couchdb_without_auth,
        # brokers and coordination services (exploits.d/aucote-brokers.yaml)
        "mqtt-anonymous": mqtt_anonymous,
        "nats-no-auth": nats_no_auth,
        "zookeeper-four-letter-words": zookeeper_four_letter_words,
        "etcd-no-auth": etcd_no_auth,
    }
)
