import pytest

from aucote.config.conninfo import conninfo_to_url


@pytest.mark.parametrize(
    ("conninfo", "url"),
    [
        (
            "dbname=aucote user=aucote password=aucote host=postgres port=5432",
            "postgresql://aucote:aucote@postgres:5432/aucote",
        ),
        ("dbname=aucote host=localhost", "postgresql://localhost/aucote"),
        ("user=a password='p w\\'x@' dbname=d", "postgresql://a:p%20w%27x%40@/d"),
        ("dbname = d  sslmode=require", "postgresql:///d?sslmode=require"),
        ("postgresql://a:b@h/d", "postgresql://a:b@h/d"),
    ],
)
def test_libpq_strings_become_urls(conninfo: str, url: str) -> None:
    assert conninfo_to_url(conninfo) == url


def test_unreadable_strings_are_refused_without_echoing_them() -> None:
    with pytest.raises(ValueError) as caught:
        conninfo_to_url("password=secret host")
    assert "secret" not in str(caught.value)
