"""Local users: argon2 hashes, roles, no default password that works."""

import json

import pytest

from dashboard.access import users as auth


@pytest.fixture
def users_path(tmp_path):
    return tmp_path / "users.json"


def test_add_and_verify(users_path):
    auth.add_user("chutich", "province_leader", "33", "mat-khau-dai-du", path=users_path)
    user = auth.verify("chutich", "mat-khau-dai-du", path=users_path)
    assert user and user.role == "province_leader" and user.unit == "33"
    assert auth.verify("chutich", "sai-mat-khau-roi", path=users_path) is None
    assert auth.verify("khong-co", "mat-khau-dai-du", path=users_path) is None
    stored = json.loads(users_path.read_text())["users"][0]
    assert stored["password_hash"].startswith("$argon2")
    assert "mat-khau-dai-du" not in users_path.read_text()
    assert oct(users_path.stat().st_mode)[-3:] == "600"


@pytest.mark.parametrize(
    "args, message",
    [
        (("x", "king", None, "0123456789"), "unknown role"),
        (("x", "commune_leader", None, "0123456789"), "needs --unit"),
        (("x", "viewer", None, "short"), "at least 10"),
        (("x", "viewer", None, None), "password"),
    ],
)
def test_bad_users(users_path, args, message):
    with pytest.raises(auth.AuthError, match=message):
        auth.add_user(*args, path=users_path)


def test_first_admin_has_a_random_password(users_path):
    first = auth.ensure_admin(users_path)
    assert first and len(first) >= 16
    assert auth.verify("admin", first, path=users_path).role == "admin"
    assert auth.ensure_admin(users_path) is None  # only once
    other = auth.ensure_admin(users_path.with_name("other.json"))
    assert other != first  # no password shared between installations
    for guess in ("admin", "password", "123456", "oversight"):
        assert auth.verify("admin", guess, path=users_path) is None


def test_role_pages():
    u = auth.User("bdv", "ban_dan_van")
    assert u.may_open("rollout") and u.may_open("dialogue") and not u.may_open("on_time")
    assert not u.may_export
    assert auth.User("x", "data_officer").may_import
    assert auth.User("a", "admin").may_open("anything")


def test_oidc_users_by_email(users_path):
    auth.add_user("bdv", "ban_dan_van", email="BDV@hungyen.gov.vn", path=users_path)
    assert auth.by_email("bdv@hungyen.gov.vn", path=users_path).role == "ban_dan_van"
    assert auth.by_email("other@x.vn", path=users_path) is None
    assert auth.verify("bdv", "anything-long", path=users_path) is None  # no local password
