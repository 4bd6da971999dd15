"""Sign-in under attack: concurrent guesses, and usernames that do not exist (issue 9, items 3-4)."""

import re
import statistics
import threading
import time

import pytest
from django.db import connection
from django.test import Client

from accounts import services
from accounts.models import User
from tests import factories

CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def _post(username, password):
    return Client().post("/sign-in/", {"username": username, "password": password})


@pytest.mark.django_db(transaction=True)
def test_the_right_password_sent_while_wrong_ones_are_being_checked_never_reaches_the_second_factor(
    division_a, settings, monkeypatch
):
    """GIVEN ten wrong passwords posted at once, held inside the password comparison,
    WHEN the right password is posted after five of them were counted,
    THEN it is refused as locked without reaching the second factor, and the account is locked."""
    person = factories.user(division_a)
    wrong_posts = 10
    state = threading.Condition()
    counts = {"comparing": 0, "answered": 0}
    release = threading.Event()
    real_check = User.check_password

    def held_check(user, raw_password):
        if raw_password != factories.TEST_PASSWORD:
            with state:
                counts["comparing"] += 1
                state.notify_all()
            release.wait(timeout=60)
        return real_check(user, raw_password)

    monkeypatch.setattr(User, "check_password", held_check)
    answers = []

    def guess(n):
        try:
            answers.append(_post(person.username, f"wrong-{n}"))
        finally:
            connection.close()
            with state:
                counts["answered"] += 1
                state.notify_all()

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(wrong_posts)]
    for thread in threads:
        thread.start()
    with state:
        settled = state.wait_for(
            lambda: (
                counts["comparing"] >= settings.LOGIN_MAX_FAILURES
                and counts["comparing"] + counts["answered"] == wrong_posts
            ),
            timeout=60,
        )
    assert settled
    try:
        right = _post(person.username, factories.TEST_PASSWORD)
    finally:
        release.set()
        for thread in threads:
            thread.join(timeout=60)

    assert right.status_code == 200
    assert "locked" in right.content.decode()
    assert "second-factor" not in right.get("Location", "")
    assert counts["comparing"] == settings.LOGIN_MAX_FAILURES  # the rest were never hashed
    assert len(answers) == wrong_posts
    assert all(answer.status_code == 200 for answer in answers)
    person.refresh_from_db()
    assert person.is_locked()


def _page(response) -> str:
    return CSRF_TOKEN.sub("", response.content.decode())


def _codes(username: str, attempts: int) -> list[str]:
    codes = []
    for n in range(attempts):
        try:
            services.password_check(username=username, password=f"guess-{n}", ip_address=None)
        except services.SignInRefused as refusal:
            codes.append(refusal.code)
    return codes


@pytest.mark.django_db
def test_an_invented_username_is_locked_after_as_many_failures_as_a_real_one(division_a, settings):
    person = factories.user(division_a)
    attempts = settings.LOGIN_MAX_FAILURES + 2
    real = _codes(person.username, attempts)
    invented = _codes("nobody.at.all", attempts)
    assert invented == real
    assert real[-3:] == ["account_locked"] * 3


@pytest.mark.django_db
def test_an_invented_username_answers_the_same_page_as_a_real_one_once_locked(division_a, settings):
    person = factories.user(division_a)
    for n in range(settings.LOGIN_MAX_FAILURES):
        _post(person.username, f"x{n}")
        _post("nobody.at.all", f"x{n}")
    real = _page(_post(person.username, factories.TEST_PASSWORD))
    invented = _page(_post("nobody.at.all", factories.TEST_PASSWORD))
    assert "This account is locked" in invented
    assert invented.replace("nobody.at.all", person.username) == real


@pytest.mark.django_db
def test_a_wrong_password_takes_as_long_for_an_invented_username_as_for_a_real_one(
    division_a, settings
):
    """With the production Argon2 cost, the median time of a refusal differs by less than a third
    between a real account and an invented name. Interleaved, and in this process's CPU time
    (Argon2's threads included), so other work on a shared machine does not tip the balance."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    settings.LOGIN_MAX_FAILURES = 1000
    settings.SIGN_IN_RATE_LIMIT = 1000
    person = factories.user(division_a)
    person.set_password(factories.TEST_PASSWORD)
    person.save(update_fields=["password"])
    timings = {"real": [], "invented": []}
    for n in range(5):
        for kind, username in (("real", person.username), ("invented", f"nobody{n}")):
            start = time.process_time()
            with pytest.raises(services.SignInRefused):
                services.password_check(username=username, password="wrong", ip_address=None)
            timings[kind].append(time.process_time() - start)
    real, invented = (statistics.median(timings[k]) for k in ("real", "invented"))
    assert abs(real - invented) < real / 3
