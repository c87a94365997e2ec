"""Password hashing: right and wrong passwords, and how many hashes run at once."""

from __future__ import annotations

import threading
import time

from thuiszittertafel.auth import passwords


def test_a_hash_verifies_its_own_password_only():
    stored = passwords.hash_password("lang-genoeg-wachtwoord")

    assert passwords.verify_password(stored, "lang-genoeg-wachtwoord")
    assert not passwords.verify_password(stored, "ander-wachtwoord")
    assert not passwords.verify_password(None, "lang-genoeg-wachtwoord")
    assert not passwords.verify_password("geen-hash", "lang-genoeg-wachtwoord")


def test_a_burst_of_logins_hashes_at_most_two_at_once(monkeypatch):
    # The real Argon2id verification, watched: how many run at the same moment.
    real = passwords._hasher
    running, most = 0, 0
    lock = threading.Lock()

    class Watched:
        def verify(self, stored, password):
            nonlocal running, most
            with lock:
                running += 1
                most = max(most, running)
            try:
                time.sleep(0.02)  # long enough for the others to pile up
                return real.verify(stored, password)
            finally:
                with lock:
                    running -= 1

    monkeypatch.setattr(passwords, "_hasher", Watched())
    stored = real.hash("lang-genoeg-wachtwoord")
    results = []
    threads = [
        threading.Thread(target=lambda pw=pw: results.append(passwords.verify_password(stored, pw)))
        for pw in ["lang-genoeg-wachtwoord", "fout-wachtwoord"] * 6
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert most == passwords.AT_ONCE == 2
    assert sorted(results) == [False] * 6 + [True] * 6
