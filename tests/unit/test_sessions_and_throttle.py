"""Login sessions and the failed-login limits, on a clock the test moves."""

from __future__ import annotations

import pytest

from axos_data.app.login_throttle import MAX_DELAY_SECONDS, LoginThrottle
from axos_data.app.sessions import Identity, SessionStore, is_token_shaped


class Clock:
    def __init__(self):
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_sessions_are_random_and_only_their_hash_is_kept():
    store = SessionStore()
    tokens = {store.create(Identity(), "127.0.0.1")[0] for _ in range(50)}
    assert len(tokens) == 50 and all(is_token_shaped(t) for t in tokens)
    kept = repr(store._sessions)
    assert not any(token in kept for token in tokens)


def test_a_session_ends_after_the_idle_time_without_requests():
    clock = Clock()
    store = SessionStore(idle_seconds=60, lifetime_seconds=3600, now=clock)
    token, _ = store.create(Identity(employee_id=7), "10.0.0.5")
    clock.t += 59
    session = store.get(token)
    assert session is not None and session.employee_id == 7 and session.client == "10.0.0.5"
    clock.t += 59  # used 59 s ago: still alive
    assert store.get(token) is not None
    clock.t += 60
    assert store.get(token) is None
    assert store.get(token) is None, "an expired session does not come back"


def test_a_session_ends_after_its_lifetime_however_busy():
    clock = Clock()
    store = SessionStore(idle_seconds=60, lifetime_seconds=300, now=clock)
    token, _ = store.create(Identity(), "c")
    for _ in range(9):
        clock.t += 30
        assert store.get(token) is not None
    clock.t += 30
    assert store.get(token) is None


def test_revoking_ends_exactly_that_session():
    store = SessionStore()
    first, _ = store.create(Identity(), "c")
    second, _ = store.create(Identity(), "c")
    assert store.revoke(first) and not store.revoke(first)
    assert store.get(first) is None and store.get(second) is not None


@pytest.mark.parametrize("token", ["", "x", "A" * 42, "A" * 44, "Æ" * 43, "A" * 42 + "="])
def test_values_that_are_not_tokens_find_nothing(token):
    store = SessionStore()
    assert store.get(token) is None and not store.revoke(token)


def test_expired_sessions_are_dropped_from_memory():
    clock = Clock()
    store = SessionStore(idle_seconds=10, lifetime_seconds=100, now=clock)
    for _ in range(5):
        store.create(Identity(), "c")
    clock.t += 11
    assert len(store) == 0


def test_lifetimes_must_be_positive():
    with pytest.raises(ValueError):
        SessionStore(idle_seconds=0)


# --- throttle ----------------------------------------------------------------------------------


def test_a_client_is_limited_after_its_failures_until_the_window_passes():
    clock = Clock()
    throttle = LoginThrottle(per_client=3, overall=100, window_seconds=600, now=clock)
    delays = []
    for _ in range(3):
        assert throttle.retry_after("a") is None
        delays.append(throttle.failed("a"))
        clock.t += 10
    assert delays == sorted(delays) and delays[0] < delays[-1], "each failure waits longer"
    assert throttle.retry_after("a") == 600 - 30
    assert throttle.retry_after("b") is None, "other clients are not limited"
    clock.t += 600 - 30
    assert throttle.retry_after("a") is None, "the oldest failure left the window"


def test_the_delay_is_capped():
    throttle = LoginThrottle(per_client=50)
    assert max(throttle.failed("a") for _ in range(40)) == MAX_DELAY_SECONDS


def test_all_clients_are_limited_after_the_overall_number_of_failures():
    clock = Clock()
    throttle = LoginThrottle(per_client=3, overall=10, window_seconds=600, now=clock)
    for n in range(10):
        assert throttle.retry_after(f"10.0.0.{n}") is None
        throttle.failed(f"10.0.0.{n}")
    assert throttle.retry_after("10.0.0.200") == 600
    clock.t += 600
    assert throttle.retry_after("10.0.0.200") is None


def test_a_good_login_clears_the_clients_own_failures():
    throttle = LoginThrottle(per_client=2)
    throttle.failed("a")
    throttle.succeeded("a")
    throttle.failed("a")
    assert throttle.retry_after("a") is None
