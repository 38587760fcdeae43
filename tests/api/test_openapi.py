"""The OpenAPI document describes every endpoint, its parameters, response and error schemas, the
credentials it takes and the role it needs."""

from typing import Any, get_args

from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from aucote.api.app import create_app
from aucote.api.params import (
    AuditActionName,
    CheckStatusName,
    ExportFormatName,
    ReasonCode,
    Risk,
    Status,
    TriageStateName,
    TriageViewName,
)
from aucote.api.routes import (
    audit,
    changes,
    control,
    exploits,
    exports,
    node_scans,
    port_scans,
    scanners,
    scans,
    security_scans,
    triage,
    vulnerabilities,
    workers,
)
from aucote.model.access import AuditAction
from aucote.model.export import ExportFormat
from aucote.model.status import CheckReason, CheckStatus, RiskLevel, ScanStatus
from aucote.model.triage import TriageState, TriageView

ERRORS = ("400", "404", "405", "default")


def document() -> dict[str, Any]:
    """The document of an app over a database never connected to."""
    return create_app(create_engine("sqlite://")).openapi()


def test_served_with_docs(client: TestClient) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["paths"] == document()["paths"]
    assert client.get("/api/v1/docs").status_code == 200


def test_every_route_is_documented() -> None:
    declared = [
        path.replace(":int", "")
        for module in (changes, exploits, node_scans, port_scans, scanners, scans, security_scans)
        for name in ("LIST", "ITEM", "TASKS")
        for path in getattr(module, name, ())
    ]
    declared += [path.replace(":int", "") for path in (*vulnerabilities.LIST, *vulnerabilities.ITEM)]
    declared += [*control.KILL, *control.START, *control.STOP, *exports.FINDINGS, *exports.HOSTS]
    declared += [path.replace(":int", "") for path in (*audit.LIST, *audit.ITEM)]
    declared += [*triage.PATHS, *workers.LIST]
    assert sorted(declared) == sorted(document()["paths"])
    assert len(declared) == 39


def role_of(path: str) -> str:
    """The role each path needs (docs/api.md#roles)."""
    if path.endswith("/kill") or path.startswith("/api/v1/audit"):
        return "admin"
    return "operator" if path.endswith(("/start", "/stop")) else "viewer"


def test_every_operation_declares_its_body_and_errors() -> None:
    paths = document()["paths"]
    for path, methods in paths.items():
        if path.startswith("/api/v1/export/"):
            continue  # files, not JSON bodies: test_exports_declare_their_files
        if path in triage.PATHS:
            continue  # three methods: test_triage_operations
        [(method, operation)] = methods.items()
        control_call = path.endswith(("/kill", "/start", "/stop"))
        ok, errors = ("202", (*ERRORS, "409", "503")) if control_call else ("200", ERRORS)
        errors += ("401",) if role_of(path) == "viewer" else ("401", "403")
        assert method == ("post" if control_call else "get"), path
        responses = operation["responses"]
        assert sorted(responses) == sorted([ok, *errors]), path
        assert responses[ok]["content"]["application/json"]["schema"]["$ref"].startswith(
            "#/components/schemas/"
        )
        for status in errors:
            schema = responses[status]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/Error"}, (path, status)


def test_the_credentials_are_declared() -> None:
    schemes = document()["components"]["securitySchemes"]
    assert schemes == {
        "bearer": {
            "type": "http",
            "scheme": "bearer",
            "description": "A user's API token (`aucote token create`) or the password hashed in "
            "service.api.password",
        },
        "session": {
            "type": "apiKey",
            "in": "cookie",
            "name": "aucote_session",
            "description": "The dashboard's session cookie "
            "(state-changing requests also need its CSRF token)",
        },
    }


def test_every_operation_takes_either_credential_and_names_its_role() -> None:
    for path, methods in document()["paths"].items():
        if path in triage.PATHS:
            continue  # three methods: test_triage_operations
        [operation] = methods.values()
        assert operation["security"] == [{"bearer": []}, {"session": []}], path
        role = role_of(path)
        last = operation["description"].split("\n\n")[-1]
        if role == "viewer":
            assert last.startswith("Role: viewer. Without a credential while reads are open"), path
        else:
            assert last == f"Role: {role}.", path
    assert document()["paths"]["/api/v1/kill"]["post"]["description"] == (
        "Stop the service gracefully, once this answer is sent.\n\nRole: admin."
    )


def test_response_schemas_allow_no_other_keys() -> None:
    schemas = document()["components"]["schemas"]
    objects = {name: schema for name, schema in schemas.items() if "enum" not in schema}
    assert set(schemas) - set(objects) == {"WorkerState"}
    for name, schema in objects.items():
        assert schema.get("additionalProperties") is False, name


def test_list_parameters() -> None:
    operation = document()["paths"]["/api/v1/vulnerabilities"]["get"]
    names = [parameter["name"] for parameter in operation["parameters"]]
    assert names == [
        "limit",
        "page",
        "node_ip",
        "node_id",
        "port",
        "protocol",
        "exploit_id",
        "exploit_app",
        "exploit_name",
        "scan_id",
        "scanner",
        "since",
        "until",
        "risk_level",
        "cve",
        "expired",
        "min_risk",
        "triage",
        "include",
    ]
    limit = operation["parameters"][0]["schema"]
    assert (limit["minimum"], limit["maximum"], limit["default"]) == (1, 1000, 10)


def test_parameter_values_follow_the_model() -> None:
    assert set(get_args(Risk)) == {level.value for level in RiskLevel}
    assert set(get_args(Status)) == {status.value for status in ScanStatus}
    assert list(get_args(CheckStatusName)) == [status.value for status in CheckStatus]
    assert list(get_args(ReasonCode)) == [reason.value for reason in CheckReason]
    assert list(get_args(AuditActionName)) == [action.value for action in AuditAction]
    assert list(get_args(TriageViewName)) == [view.value for view in TriageView]
    assert list(get_args(TriageStateName)) == [state.value for state in TriageState]


def test_triage_operations() -> None:
    doc = document()
    operations = doc["paths"]["/api/v1/triage"]
    assert sorted(operations) == ["delete", "get", "put"]
    assert sorted(operations["get"]["responses"]) == sorted(["200", "401", *ERRORS])
    assert [parameter["name"] for parameter in operations["get"]["parameters"]] == [
        "limit",
        "page",
        "state",
        "node_ip",
        "node_id",
        "port",
        "protocol",
        "exploit_id",
        "expired",
        "changed",
    ]
    assert operations["get"]["description"].split("\n\n")[-1].startswith("Role: viewer.")
    for method, body in (("put", "TriageSet"), ("delete", "TriageClear")):
        operation = operations[method]
        assert sorted(operation["responses"]) == sorted(["200", "401", "403", *ERRORS])
        assert operation["security"] == [{"bearer": []}, {"session": []}]
        assert operation["description"].split("\n\n")[-1] == "Role: operator."
        content = operation["requestBody"]["content"]["application/json"]["schema"]
        assert content == {"$ref": f"#/components/schemas/{body}"}
    schemas = doc["components"]["schemas"]
    assert schemas["TriageSet"]["required"] == ["state", "reason"]
    assert schemas["FindingItem"]["required"] == ["exploit_id", "port", "protocol"]
    for name in ("Vulnerability", "VulnerabilityDetail"):
        assert "triage" in schemas[name]["properties"]
        assert "triage" not in schemas[name]["required"]
    assert list(get_args(get_args(ExportFormatName)[0])) == [name.value for name in ExportFormat]


def test_exports_declare_their_files() -> None:
    paths = document()["paths"]
    media = ["application/json", "application/sarif+json", "text/csv"]
    for kind in ("findings", "hosts"):
        operation = paths[f"/api/v1/export/{kind}"]["get"]
        assert sorted(operation["responses"]) == sorted(["200", "401", *ERRORS])
        assert sorted(operation["responses"]["200"]["content"]) == media
        for status in [*ERRORS, "401"]:
            schema = operation["responses"][str(status)]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/Error"}
    findings = [parameter["name"] for parameter in paths["/api/v1/export/findings"]["get"]["parameters"]]
    listed = [parameter["name"] for parameter in paths["/api/v1/vulnerabilities"]["get"]["parameters"]]
    filters = [name for name in listed[2:] if name != "include"]  # no limit, page, include
    assert findings == ["format", *filters]
    assert "triage" in findings
    hosts = [parameter["name"] for parameter in paths["/api/v1/export/hosts"]["get"]["parameters"]]
    ports = [parameter["name"] for parameter in paths["/api/v1/ports"]["get"]["parameters"]]
    assert hosts == ["format", *ports[2:]]


def test_security_scan_parameters_and_the_optional_outcome() -> None:
    doc = document()
    listing = doc["paths"]["/api/v1/sec_scans"]["get"]["parameters"]
    assert [parameter["name"] for parameter in listing][-5:] == [
        "since",
        "until",
        "status",
        "reason",
        "include",
    ]
    item = doc["paths"]["/api/v1/sec_scan/{id}"]["get"]["parameters"]
    assert [parameter["name"] for parameter in item] == ["id", "include"]
    assert item[1]["schema"]["const"] == "outcome"
    schemas = doc["components"]["schemas"]
    for name in ("SecurityScan", "SecurityScanDetail"):
        assert schemas[name]["properties"]["outcome"] == {"$ref": "#/components/schemas/Outcome"}
        assert "outcome" not in schemas[name]["required"]
    assert schemas["Outcome"]["required"] == ["status", "reason", "detail", "duration"]
    assert schemas["Outcome"]["properties"]["reason"]["anyOf"][0]["enum"] == list(get_args(ReasonCode))
