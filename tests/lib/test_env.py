import pytest

from townsquare.lib.env import EnvError, env_bool, env_float, env_int, env_list


def test_env_helpers_parse_and_fail_loudly(monkeypatch):
    monkeypatch.setenv("TS_FLAG", "yes")
    monkeypatch.setenv("TS_NUM", "12")
    monkeypatch.setenv("TS_LIST", "a.example, b.example,,")
    assert env_bool("TS_FLAG") is True
    assert env_int("TS_NUM", 1) == 12
    assert env_list("TS_LIST") == ["a.example", "b.example"]
    monkeypatch.setenv("TS_NUM", "twelve")
    with pytest.raises(EnvError, match="TS_NUM"):
        env_int("TS_NUM", 1)
    monkeypatch.setenv("TS_FLAG", "maybe")
    with pytest.raises(EnvError, match="TS_FLAG"):
        env_bool("TS_FLAG")
    monkeypatch.setenv("TS_NUM", "0")
    with pytest.raises(EnvError, match="at least 1"):
        env_int("TS_NUM", 5, minimum=1)


def test_env_float_reads_numbers_and_checks_a_lower_bound(monkeypatch):
    monkeypatch.setenv("EMAIL_TIMEOUT", "2.5")
    assert env_float("EMAIL_TIMEOUT", 10.0, above=0) == 2.5
    monkeypatch.setenv("EMAIL_TIMEOUT", "0")
    with pytest.raises(EnvError, match="EMAIL_TIMEOUT must be more than 0"):
        env_float("EMAIL_TIMEOUT", 10.0, above=0)
    monkeypatch.setenv("EMAIL_TIMEOUT", "soon")
    with pytest.raises(EnvError, match="EMAIL_TIMEOUT must be a number"):
        env_float("EMAIL_TIMEOUT", 10.0)


def test_env_json_reads_an_object_and_names_the_variable_when_malformed(monkeypatch):
    from townsquare.lib.env import EnvError, env_json

    monkeypatch.setenv("MEDIA_STORAGE_OPTIONS", '{"bucket_name": "courier"}')
    assert env_json("MEDIA_STORAGE_OPTIONS", {}) == {"bucket_name": "courier"}
    monkeypatch.setenv("MEDIA_STORAGE_OPTIONS", "{bucket")
    with pytest.raises(EnvError, match="MEDIA_STORAGE_OPTIONS"):
        env_json("MEDIA_STORAGE_OPTIONS", {})
    monkeypatch.delenv("MEDIA_STORAGE_OPTIONS")
    assert env_json("MEDIA_STORAGE_OPTIONS", {}) == {}
