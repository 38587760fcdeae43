"""Values from scanned hosts are text on every page: a `<script>` banner, product, output, CVE
field, check detail or change value is escaped, never markup."""

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from aucote.api.app import create_app
from tests.web.conftest import BASE, NOW
from tests.web.hostile import IMAGE, IP, SCRIPT, add_hostile

ESCAPED_SCRIPT = SCRIPT.replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;")
ESCAPED_IMAGE = IMAGE.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;")
# Each page shows a hostile value stored from a host, or reflects one given in its query.
PAGES = [
    ("/findings?info=1", ESCAPED_SCRIPT),
    (f"/hosts?product={quote(IMAGE)}", ESCAPED_IMAGE),
    (f"/hosts/{IP}", ESCAPED_SCRIPT),
    (f"/findings?cve={quote(SCRIPT)}", ESCAPED_SCRIPT),
    ("/findings/960", ESCAPED_SCRIPT),
]


@pytest.fixture(scope="module")
def hostile_pages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    from aucote.storage.database import open_engine
    from aucote.storage.migrate import upgrade

    engine: Engine = open_engine(f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'aucote.sqlite3'}")
    upgrade(engine)
    add_hostile(engine)
    with TestClient(create_app(engine, clock=lambda: NOW), base_url=BASE) as client:
        yield client
    engine.dispose()


@pytest.mark.parametrize(("path", "escaped"), PAGES)
def test_markup_from_hosts_is_text(hostile_pages: TestClient, path: str, escaped: str) -> None:
    response = hostile_pages.get(path)
    assert response.status_code == 200
    assert "<script" not in response.text
    assert "<img" not in response.text
    assert escaped in response.text
    assert IP in response.text


def test_every_hostile_value_shows_escaped_on_the_host_page(hostile_pages: TestClient) -> None:
    page = hostile_pages.get(f"/hosts/{IP}").text
    # banner, version, finding output, check detail, change value after
    assert page.count(ESCAPED_SCRIPT) >= 5
    # product, finding output, change value before
    assert page.count(ESCAPED_IMAGE) >= 3
