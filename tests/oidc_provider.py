"""A real OpenID provider for the OpenID Connect tests: panva's ``oidc-provider`` (Node), run by
tests/oidc/provider.mjs on loopback, never a mock of the protocol.

``provider_running()`` installs it when it is missing (``npm ci`` from tests/oidc/'s
package-lock.json: exact versions, about 3 MB, a few seconds once), starts it on a free port and
stops it after. Without Node and npm the tests are skipped with the reason — except in CI, where
scripts/test-services.sh installs them and their absence fails the tests.

``OpenIDProvider.sign_in`` is a reader at the provider's own sign-in page, driven over HTTP (the
browser test uses a real browser instead); ``register`` registers a client by the provider's
dynamic client registration; ``next_token`` tells the provider to spoil its next ID token the
way a forger or a misconfigured provider would (provider.mjs says how).
"""

from __future__ import annotations

import contextlib
import fcntl
import html
import json
import os
import re
import select
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

OIDC_DIR = Path(__file__).resolve().parent / "oidc"
START_SECONDS = 20
INSTALL_SECONDS = 300


def _tools() -> tuple[str, str]:
    node, npm = shutil.which("node"), shutil.which("npm")
    if node and npm:
        return node, npm
    reason = (
        "Node.js and npm are not installed, so the OpenID provider of the OIDC tests cannot run "
        "(scripts/test-services.sh installs them: apt-get install nodejs npm)"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def provider_install() -> str:
    """Install the provider's packages when missing (once, whatever the number of xdist
    workers asking); the path of ``node``."""
    node, npm = _tools()
    installed = OIDC_DIR / "node_modules" / "oidc-provider" / "package.json"
    if installed.exists():
        return node
    lock_path = Path(tempfile.gettempdir()) / "townsquare-oidc-provider-install.lock"
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not installed.exists():
            done = subprocess.run(
                [npm, "ci", "--no-audit", "--no-fund", "--prefix", str(OIDC_DIR)],
                capture_output=True,
                text=True,
                timeout=INSTALL_SECONDS,
            )
            if done.returncode != 0:
                raise RuntimeError(f"npm ci in {OIDC_DIR} failed:\n{done.stderr[-3000:]}")
    return node


@dataclass
class OpenIDProvider:
    issuer: str

    def register(self, *redirect_uris: str, public: bool = False) -> tuple[str, str]:
        """A new client of the provider for ``redirect_uris``: its id and secret ("" when
        ``public``: PKCE only)."""
        answer = requests.post(
            f"{self.issuer}/reg",
            json={
                "redirect_uris": list(redirect_uris),
                "grant_types": ["authorization_code"],
                "response_types": ["code"],
                "token_endpoint_auth_method": "none" if public else "client_secret_basic",
            },
            timeout=10,
        )
        answer.raise_for_status()
        client = answer.json()
        return client["client_id"], client.get("client_secret", "")

    def next_token(self, change: dict) -> None:
        """Spoil the next ID token: ``{"tamper": "email"}`` or ``{"claims": {...}}``."""
        requests.post(f"{self.issuer}/__test__/next-token", json=change, timeout=10)

    def sign_in(self, authorization_url: str, *, login: str) -> str:
        """Sign in as ``login`` at the provider, from the authorization request to the answer
        it sends back: the address the provider redirects to (our callback, with its query)."""
        browser = requests.Session()
        answer = browser.get(authorization_url, allow_redirects=False, timeout=10)
        for _ in range(10):
            if answer.is_redirect:
                target = urljoin(answer.url, answer.headers["Location"])
                if not target.startswith(self.issuer + "/"):
                    return target
                answer = browser.get(target, allow_redirects=False, timeout=10)
                continue
            form = re.search(r'<form[^>]*action="([^"]+)"', answer.text)
            assert answer.status_code == 200 and form, answer.text[:2000]
            answer = browser.post(
                urljoin(answer.url, html.unescape(form.group(1))),
                data={"prompt": "login", "login": login, "password": "any password"},
                allow_redirects=False,
                timeout=10,
            )
        raise AssertionError("the provider never sent the browser back")


@contextlib.contextmanager
def provider_running() -> Iterator[OpenIDProvider]:
    """The provider on 127.0.0.1 and a free port, for the time of the block."""
    node = provider_install()
    with tempfile.TemporaryFile("w+") as errors:
        process = subprocess.Popen(
            [node, str(OIDC_DIR / "provider.mjs")],
            cwd=OIDC_DIR,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        )
        try:
            ready, _, _ = select.select([process.stdout], [], [], START_SECONDS)
            line = process.stdout.readline() if ready else ""
            if not line:
                errors.seek(0)
                raise RuntimeError(f"the OpenID provider did not start:\n{errors.read()[-3000:]}")
            yield OpenIDProvider(issuer=json.loads(line)["issuer"])
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            process.stdout.close()
