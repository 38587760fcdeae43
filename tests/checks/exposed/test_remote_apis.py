"""The control-plane API probes against wire-level FAKES of Docker, the kubelet, the Kubernetes API
server, Elasticsearch and CouchDB (tests/support/daemons/fake_*.py), built from the products'
documented responses because no real daemon can run here: open and protected mode each."""

from pathlib import Path

import pytest

from aucote.model.status import CheckReason, CheckStatus
from tests.checks.exposed.support import finding, loopback_port, run_exploit
from tests.support.daemons.fake_couchdb import fake_couchdb
from tests.support.daemons.fake_docker import fake_docker
from tests.support.daemons.fake_elasticsearch import fake_elasticsearch
from tests.support.daemons.fake_http_api import fake_api
from tests.support.daemons.fake_kube_apiserver import fake_kube_apiserver
from tests.support.daemons.fake_kubelet import fake_kubelet

DOCKER = (
    "Docker Engine API answers without authentication: GET /version -> Version 24.0.7, ApiVersion 1.43, "
    "Os linux; GET /info -> Name build-host, Containers 3, Images 5"
)
KUBELET = (
    "Kubelet API answers without authentication: GET /pods -> PodList of 3 pods: "
    "kube-system/coredns-5d78c9869d-8x2kq, kube-system/kube-proxy-7tw9m, payments/api-6c9f8b7d5-qk4zr"
)
KUBE_API = (
    "Kubernetes API server answers without authentication: GET /version -> v1.28.4; GET /api/v1/namespaces "
    "-> 5 namespaces: default, kube-node-lease, kube-public, kube-system, payments"
)
ELASTIC = (
    "elasticsearch answers without authentication: GET / -> cluster search-prod, version 8.11.3; "
    "GET /_cat/indices -> 2 indices: customers, orders-2024.01"
)
COUCH = (
    "CouchDB 3.3.3 answers without authentication: GET /_all_dbs -> 4 databases: "
    "_replicator, _users, customers, invoices"
)


def test_docker_open(tmp_path: Path) -> None:
    with fake_docker(tmp_path, "127.0.0.1") as server:
        assert finding("docker-api-no-auth", loopback_port(server.port, service="docker")) == DOCKER
    assert server.requests == ["GET /version", "GET /info"]


def test_docker_with_tlsverify_is_protected(tmp_path: Path) -> None:
    with fake_docker(tmp_path, "127.0.0.1", mode="protected") as server:
        assert finding("docker-api-no-auth", loopback_port(server.port, service="ssl/docker")) is None
    assert server.requests == []


def test_docker_behind_an_authorization_plugin_is_protected() -> None:
    with fake_api("docker", "127.0.0.1", mode="protected") as server:
        assert finding("docker-api-no-auth", loopback_port(server.port, service="docker")) is None


@pytest.mark.parametrize("mode", ["open", "protected"])
def test_kubelet(tmp_path: Path, mode: str) -> None:
    with fake_kubelet(tmp_path, "127.0.0.1", mode=mode) as server:  # type: ignore[arg-type]
        found = finding("kubelet-no-auth", loopback_port(server.port, service="ssl/http"))
    assert found == (KUBELET if mode == "open" else None)


@pytest.mark.parametrize("mode", ["open", "protected"])
def test_kubernetes_api_server(tmp_path: Path, mode: str) -> None:
    with fake_kube_apiserver(tmp_path, "127.0.0.1", mode=mode) as server:  # type: ignore[arg-type]
        found = finding("kubernetes-api-no-auth", loopback_port(server.port, service="ssl/http"))
    assert found == (KUBE_API if mode == "open" else None)


@pytest.mark.parametrize("mode", ["open", "protected"])
def test_elasticsearch(tmp_path: Path, mode: str) -> None:
    with fake_elasticsearch(tmp_path, "127.0.0.1", mode=mode) as server:  # type: ignore[arg-type]
        found = finding("elasticsearch-no-auth", loopback_port(server.port, service="http"))
    assert found == (ELASTIC if mode == "open" else None)


def test_couchdb_public_welcome_is_no_finding(tmp_path: Path) -> None:
    with fake_couchdb(tmp_path, "127.0.0.1", mode="protected") as server:
        assert finding("couchdb-no-auth", loopback_port(server.port, service="http")) is None
    assert server.requests == ["GET /", "GET /_all_dbs"]


def test_couchdb_open(tmp_path: Path) -> None:
    with fake_couchdb(tmp_path, "127.0.0.1") as server:
        assert finding("couchdb-no-auth", loopback_port(server.port, service="http")) == COUCH


def test_another_product_on_the_port_is_not_applicable(tmp_path: Path) -> None:
    with fake_couchdb(tmp_path, "127.0.0.1") as server:
        outcome = run_exploit("elasticsearch-no-auth", loopback_port(server.port, service="http"))
    assert (outcome.status, outcome.reason, outcome.detail) == (
        CheckStatus.SKIPPED,
        CheckReason.NOT_APPLICABLE,
        "unexpected answer: not Elasticsearch or OpenSearch: GET / -> 200",
    )


def test_plain_http_to_a_tls_port_is_not_applicable(tmp_path: Path) -> None:
    with fake_kubelet(tmp_path, "127.0.0.1") as server:
        outcome = run_exploit("kubelet-no-auth", loopback_port(server.port, service="http"))
    assert (outcome.status, outcome.reason) == (CheckStatus.SKIPPED, CheckReason.NOT_APPLICABLE)


def test_nothing_listening_is_unreachable() -> None:
    outcome = run_exploit("docker-api-no-auth", loopback_port(1, service="docker"))
    assert (outcome.status, outcome.reason) == (CheckStatus.FAILED, CheckReason.UNREACHABLE)
