"""Helpers shared by test modules: the persona list of the view matrix and SQLite lock retries."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from django.db import OperationalError

from itda.accounts.models import User

PERSONAS = ["anonymous", "owner", "volunteer", "other_volunteer", "org_user", "other_org_user",
            "camp_manager", "other_camp_manager", "activist", "centre_admin"]


def persona(request: pytest.FixtureRequest, name: str) -> User | None:
    return None if name == "anonymous" else request.getfixturevalue(name)


def retry_when_locked(fn: Callable[[], object]) -> object:
    """Run `fn`, retrying while SQLite says "database table is locked".

    The SQLite test database is in memory with a shared cache, where a second writer gets
    SQLITE_LOCKED at once instead of waiting out the busy timeout as it would on the file
    database; retrying stands in for that wait. PostgreSQL waits on the row lock itself."""
    for _ in range(500):
        try:
            return fn()
        except OperationalError as exc:
            if "locked" not in str(exc):
                raise
            time.sleep(0.005)
    raise AssertionError("still locked after 500 tries")
