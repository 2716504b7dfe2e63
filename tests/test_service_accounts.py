"""Coordinator accounts: made and reset from the command line, argon2
hashes in the register, sign-in limited per account and per address,
sessions that end, CSRF on every form."""

from __future__ import annotations

from click.testing import CliRunner
from sqlalchemy import select

from osallisuuspeli.cli import main
from osallisuuspeli.register import service as svc

from .service import PASSWORD, app_on, coordinator, csrf, registered, sentence, sign_in


def test_user_add_list_reset_delete_on_the_command_line(tmp_path):
    db = str(tmp_path / "r.sqlite")
    run = CliRunner().invoke
    made = run(main, ["user", "add", "maija", "--database", db], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert made.exit_code == 0, made.output
    assert f"Account maija made in the register {db}" in made.output
    again = run(main, ["user", "add", "maija", "--database", db], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert again.exit_code == 2
    assert "there is already an account maija; user reset maija gives it a new password" in again.output
    short = run(main, ["user", "add", "pekka", "--database", db], input="lyhyt\nlyhyt\n")
    assert short.exit_code == 2 and "use at least 12 characters" in short.output
    listed = run(main, ["user", "list", "--database", db])
    assert listed.output.split()[0] == "maija" and len(listed.output.splitlines()) == 1
    reg = registered(db)
    with reg.engine.begin() as conn:
        hashed = conn.execute(select(svc.accounts.c.hash)).scalar_one()
    assert hashed.startswith("$argon2id$") and PASSWORD not in hashed
    stamp = svc.account(reg, "maija").stamp
    new = "toinen pitkä salasana"
    reset = run(main, ["user", "reset", "maija", "--database", db], input=f"{new}\n{new}\n")
    assert reset.exit_code == 0 and "must sign in again" in reset.output
    assert svc.account(reg, "maija").stamp != stamp
    assert isinstance(svc.sign_in(reg, "maija", new, "1.2.3.4"), svc.Account)
    assert svc.sign_in(reg, "maija", PASSWORD, "1.2.3.4") == "wrong"
    missing = run(main, ["user", "reset", "pekka", "--database", db], input=f"{new}\n{new}\n")
    assert missing.exit_code == 2 and "no account pekka" in missing.output
    gone = run(main, ["user", "delete", "maija", "--database", db])
    assert gone.exit_code == 0 and svc.account_list(reg) == []


def test_no_coordinator_page_without_a_session(tmp_path):
    db = str(tmp_path / "r.sqlite")
    app = app_on(db, tmp_path)
    client = app.test_client()
    for path in ("/c/", "/c/workshops/new", "/c/report", "/c/actions", "/c/export.json"):
        answer = client.get(path)
        assert answer.status_code == 302 and answer.headers["Location"].startswith("/sign-in?next="), path
    assert client.post("/c/workshops", data={}).status_code in (400, 403)
    signed = coordinator(app, db)
    assert signed.get("/c/").status_code == 200
    signed.post("/sign-out", data={"csrf_token": csrf(signed, "/c/")})
    assert signed.get("/c/").status_code == 302


def test_a_wrong_password_and_too_many_tries_are_sentences_and_limited(tmp_path):
    db = str(tmp_path / "r.sqlite")
    app = app_on(db, tmp_path, SIGN_IN_PER_ACCOUNT=3, SIGN_IN_PER_ADDRESS=5)
    svc.add_account(registered(db), "maija", PASSWORD)
    client = app.test_client()
    wrong = sign_in(client, "maija", "arvaus arvaus")
    assert wrong.status_code == 401
    assert sentence(wrong) == "The name or the password is not right. Check both and try again."
    assert sign_in(client, "nobody", PASSWORD).status_code == 401  # an unknown name: the same answer
    for _ in range(2):
        sign_in(client, "maija", "arvaus arvaus")
    limited = sign_in(client, "maija", PASSWORD)  # the right password, but the account waits
    assert limited.status_code == 429
    assert sentence(limited) == "Too many failed sign-ins for this account or from this address. Wait 15 minutes and try again."
    svc.add_account(registered(db), "pekka", PASSWORD)
    sign_in(client, "pekka", "arvaus arvaus")
    assert sign_in(client, "pekka", PASSWORD).status_code == 429  # five failures from this address
    other = app.test_client()
    assert (
        other.post(
            "/sign-in",
            data={"name": "pekka", "password": PASSWORD, "csrf_token": csrf(other, "/sign-in")},
            environ_base={"REMOTE_ADDR": "10.0.0.9"},
        ).status_code
        == 303
    )


def test_the_limit_lifts_after_its_window():
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        reg = registered(f"{folder}/r.sqlite")
        svc.add_account(reg, "maija", PASSWORD)
        limits = svc.Limits(per_account=2, per_address=100, window=60)
        for _ in range(2):
            assert svc.sign_in(reg, "maija", "x", "a", limits, at=1000.0) == "wrong"
        assert svc.sign_in(reg, "maija", PASSWORD, "a", limits, at=1030.0) == "limited"
        assert isinstance(svc.sign_in(reg, "maija", PASSWORD, "a", limits, at=1061.0), svc.Account)


def test_a_session_ends_when_it_expires_or_the_password_is_reset(tmp_path):
    db = str(tmp_path / "r.sqlite")
    app = app_on(db, tmp_path)
    client = coordinator(app, db)
    assert client.get("/c/").status_code == 200
    svc.reset_account(registered(db), "maija", "uusi pitkä salasana")
    assert client.get("/c/").status_code == 302
    short = app_on(db, tmp_path, SESSION_LIFETIME=-1)
    late = short.test_client()
    assert sign_in(late, "maija", "uusi pitkä salasana").status_code == 303
    assert late.get("/c/").status_code == 302


def test_the_session_cookie_is_httponly_lax_and_secure_behind_the_proxy(tmp_path):
    db = str(tmp_path / "r.sqlite")
    svc.add_account(registered(db), "maija", PASSWORD)
    for behind, secure in ((False, False), (True, True)):
        client = app_on(db, tmp_path, BEHIND_PROXY=behind).test_client()
        cookie = client.get("/sign-in").headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
        assert ("Secure" in cookie) is secure


def test_csrf_is_refused_with_a_sentence(tmp_path):
    db = str(tmp_path / "r.sqlite")
    app = app_on(db, tmp_path)
    client = coordinator(app, db)
    for path in ("/sign-out", "/c/workshops"):
        refused = client.post(path, data={"csrf_token": "wrong"})
        assert refused.status_code == 400, path
        assert sentence(refused).startswith("The form had expired or did not come from this page.")
    assert client.get("/c/").status_code == 200  # still signed in: the forged sign-out did nothing


def test_two_servers_on_one_register_share_the_session_secret(tmp_path):
    db = str(tmp_path / "r.sqlite")
    one, two = app_on(db, tmp_path), app_on(db, tmp_path / "2")
    client = coordinator(one, db)
    cookie = client.get_cookie("osallisuuspeli")
    other = two.test_client()
    other.set_cookie("osallisuuspeli", cookie.value)
    assert other.get("/c/").status_code == 200


def test_a_proxys_user_header_is_trusted_only_behind_the_proxy(tmp_path):
    import pytest

    db = str(tmp_path / "r.sqlite")
    with pytest.raises(ValueError, match="BEHIND_PROXY"):
        app_on(db, tmp_path, TRUST_USER_HEADER="X-Remote-User")
    app = app_on(db, tmp_path, TRUST_USER_HEADER="X-Remote-User", BEHIND_PROXY=True)
    client = app.test_client()
    assert client.get("/c/").status_code == 302
    assert client.get("/c/", headers={"X-Remote-User": "maija"}).status_code == 200
