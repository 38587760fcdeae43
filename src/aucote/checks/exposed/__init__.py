"""Exposed services: read-only probes for services open to anyone (anonymous FTP, Redis, Memcached
and MongoDB without authentication, an open HTTP proxy, directory listings, SNMP with a default
community). Each probe sends a few requests and changes nothing. See docs/checks/exposed.md."""

from aucote.checks.exposed.check import APP, ExposedServicesCheck

__all__ = ["APP", "ExposedServicesCheck"]
