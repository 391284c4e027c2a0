import pytest

from claims.errors import SettingsError
from claims.settings import load_settings


def test_environment_is_read_with_prefix(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("CLAIMTRACK_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CLAIMTRACK_MAX_ARTICLE_CHARS", "1234")
    settings = load_settings()
    assert settings.max_article_chars == 1234
    assert settings.resolved_database_url.startswith("sqlite:///")
    assert str(tmp_path) in settings.resolved_database_url


def test_nonsense_values_name_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMTRACK_MAX_ARTICLE_CHARS", "-5")
    with pytest.raises(SettingsError, match="CLAIMTRACK_MAX_ARTICLE_CHARS"):
        load_settings()


def test_database_url_scheme_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMTRACK_DATABASE_URL", "mysql://x")
    with pytest.raises(SettingsError, match="CLAIMTRACK_DATABASE_URL"):
        load_settings()


def test_postgres_url_uses_psycopg3() -> None:
    settings = load_settings(database_url="postgresql://u@h/db")
    assert settings.resolved_database_url == "postgresql+psycopg://u@h/db"


A, B = "a" * 16, "b-key-0123456789"


def test_api_keys_parse_and_reject_bad_roles_and_short_keys() -> None:
    assert load_settings(api_keys=f"{A}:reader, {B}:editor").api_key_roles() == {A: "reader", B: "editor"}
    with pytest.raises(SettingsError):
        load_settings(api_keys=f"{A}:owner").api_key_roles()
    with pytest.raises(SettingsError, match="at least 16 characters"):
        load_settings(api_keys="short:admin").api_key_roles()


def test_key_fingerprints_are_keyed_by_the_deployment(tmp_path) -> None:
    from api.auth import KeyRing

    first = load_settings(data_dir=tmp_path / "one", api_keys=f"{A}:editor")
    second = load_settings(data_dir=tmp_path / "two", api_keys=f"{A}:editor")
    name = KeyRing(first.api_key_roles(), first.key_secret()).authenticate(A).name
    assert name == KeyRing(first.api_key_roles(), first.key_secret()).authenticate(A).name  # stable
    assert name != KeyRing(second.api_key_roles(), second.key_secret()).authenticate(A).name
    assert A not in name and name.startswith("key-")
