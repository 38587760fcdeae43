"""Which probe runs which exploit of the `aucote-exposed` app (by exploit name)."""

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from aucote.checks.exposed.directory_listing import directory_listing
from aucote.checks.exposed.etcd import etcd_no_auth
from aucote.checks.exposed.ftp import anonymous_ftp
from aucote.checks.exposed.http_proxy import open_http_proxy
from aucote.checks.exposed.memcached import memcached_stats
from aucote.checks.exposed.mongodb import mongodb_without_auth
from aucote.checks.exposed.mqtt import mqtt_anonymous
from aucote.checks.exposed.nats import nats_no_auth
from aucote.checks.exposed.probe import Probe
from aucote.checks.exposed.redis import redis_without_auth
from aucote.checks.exposed.snmp import snmp_default_community
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
        # brokers and coordination services (exploits.d/aucote-brokers.yaml)
        "mqtt-anonymous": mqtt_anonymous,
        "nats-no-auth": nats_no_auth,
        "zookeeper-four-letter-words": zookeeper_four_letter_words,
        "etcd-no-auth": etcd_no_auth,
    }
)
