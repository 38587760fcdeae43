"""The server against Mozilla's intermediate TLS profile, judged by sslyze's own profile checker."""

import re
from functools import cache
from typing import Final

from sslyze.mozilla_tls_profile.tls_config_checker import (
    SCAN_COMMANDS_NEEDED_BY_MOZILLA_CHECKER,
    MozillaTlsConfiguration,
    ServerNotCompliantWithTlsConfiguration,
    ServerScanResultIncomplete,
    TlsConfigurationAsJson,
    TlsConfigurationEnum,
    check_server_against_tls_configuration,
)

from aucote.checks.tls.observation import IncompleteScan, Observation
from aucote.checks.tls.rule import Rule

SET_LITERAL: Final = re.compile(r"\{('[^']*'(?:, '[^']*')*)\}")


@cache
def intermediate_profile() -> TlsConfigurationAsJson:
    """Mozilla's intermediate configuration as shipped with sslyze (read once, on first use)."""
    return MozillaTlsConfiguration.get(TlsConfigurationEnum.MOZILLA_INTERMEDIATE)


def mozilla_intermediate(observation: Observation) -> str | None:
    """'not compliant with Mozilla's intermediate profile: <issue>: <why>; …' listing what sslyze's
    checker reports, one issue per line."""
    try:
        check_server_against_tls_configuration(observation.result, intermediate_profile())
    except ServerScanResultIncomplete as error:
        raise IncompleteScan(f"Mozilla profile check: {error}") from None
    except ServerNotCompliantWithTlsConfiguration as error:
        issues = "\n".join(f"{name}: {sorted_sets(text)}" for name, text in sorted(error.issues.items()))
        return f"not compliant with Mozilla's intermediate TLS profile:\n{issues}"
    return None


def sorted_sets(text: str) -> str:
    """sslyze's messages print Python sets ({'b', 'a'}) in no fixed order; sort their items so the
    same server always gives the same evidence."""
    return SET_LITERAL.sub(lambda match: "{" + ", ".join(sorted(match.group(1).split(", "))) + "}", text)


RULES = (
    Rule("mozilla-intermediate", frozenset(SCAN_COMMANDS_NEEDED_BY_MOZILLA_CHECKER), mozilla_intermediate),
)
