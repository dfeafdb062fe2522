"""Settings the tests of the web interface share with the tests of the apps below it.

The same settings as the apps' own folders set for every test there (tests/accounts/conftest.py,
tests/readers/conftest.py), asked for here by the modules that need them
(``pytestmark = pytest.mark.usefixtures(...)``), since a folder's autouse fixture reaches only
that folder.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.coral.conftest import coral_site  # noqa: F401  (Coral's tests' site, for its admin)
from tests.readers.conftest import IMMEDIATE_TASKS


@pytest.fixture
def fast_sign_in(settings):
    """A fast password hasher (these tests sign in many times) and no lock-outs left over."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LOGIN_MAX_ATTEMPTS = 5
    settings.LOGIN_LOCKOUT_SECONDS = 900
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def mail_tasks_at_once(settings):
    """Verification and notification mails are tasks; here they run as soon as the transaction
    commits."""
    settings.TASKS = IMMEDIATE_TASKS
    settings.SITE_URL = "https://news.example"
