"""httpx's errors as the errors every probe raises (timeout, network, not HTTP, other)."""

from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from aucote.checks.exposed.probe import ProbeFailed


def _words(error: Exception) -> str:
    return str(error) or type(error).__name__


@contextmanager
def translated_http_errors() -> Iterator[None]:
    """TimeoutError, ConnectionError, ValueError (not HTTP) or ProbeFailed for httpx's errors."""
    try:
        yield
    except httpx.TimeoutException as error:
        raise TimeoutError(f"HTTP timeout ({type(error).__name__})") from None
    except httpx.NetworkError as error:
        raise ConnectionError(f"HTTP request failed: {_words(error)}") from None
    except httpx.RemoteProtocolError as error:
        raise ValueError(f"not HTTP: {_words(error)}") from None
    except httpx.HTTPError as error:
        raise ProbeFailed(f"HTTP request failed: {_words(error)}") from None
