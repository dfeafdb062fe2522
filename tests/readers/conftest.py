import pytest

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _mail_tasks_run_at_once(settings):
    """Verification mails are tasks; here they run as soon as the transaction commits."""
    settings.TASKS = IMMEDIATE_TASKS
    settings.SITE_URL = "https://news.example"


def link_in(message) -> str:
    """The path of the verification link in an e-mail."""
    url = next(word for word in message.body.split() if "/verify/" in word)
    return "/" + url.split("://", 1)[1].split("/", 1)[1]
