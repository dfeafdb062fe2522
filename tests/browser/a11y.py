"""Accessibility helpers for the browser tests: axe-core injected into a page, and pages to check.

axe-core comes from npm at the exact version pinned in tests/browser/axe/package.json
(`npm ci --prefix tests/browser/axe`, which scripts/test-services.sh runs when it is missing).
It walks open shadow roots, so the embed's thread on a newsroom's page is checked too.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

AXE_JS = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = ("serious", "critical")


def axe_run(page) -> list[dict]:
    """Every axe violation on the page now (WCAG 2.0–2.2 A/AA rules and best practices)."""
    assert AXE_JS.exists(), (
        f"{AXE_JS} is missing: run `npm ci --prefix tests/browser/axe` "
        "(scripts/test-services.sh does it)"
    )
    if not page.evaluate("() => !!window.axe"):
        # Evaluated through the DevTools protocol, which the pages' own CSP (script-src 'self')
        # does not govern, where a <script> tag would be refused.
        page.evaluate(AXE_JS.read_text() + "\n;true")
    return page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary})),
            }));
        }"""
    )


def axe_counts(violations: list[dict]) -> dict[str, int]:
    """Violating nodes per impact, as the report prints them."""
    counts: dict[str, int] = {}
    for v in violations:
        counts[v["impact"]] = counts.get(v["impact"], 0) + len(v["nodes"])
    return counts


def assert_no_serious_violations(page, what: str) -> list[dict]:
    """Fail on any serious or critical violation, naming each; print the milder ones."""
    violations = axe_run(page)
    print(f"\naxe on {what}: {axe_counts(violations) or 'no violations'}")
    for v in violations:
        print(f"  {v['impact']}: {v['id']} ({v['help']}) {[n['target'] for n in v['nodes']][:5]}")
    failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
    assert not failing, f"axe on {what}: " + "; ".join(
        f"{v['impact']} {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
        f" — {v['nodes'][0]['summary']}"
        for v in failing
    )
    return violations


HOST_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ferry timetable changes — The Gazette</title>
<link rel="canonical" href="{page}">
<style>body {{ margin: 0; font-family: Georgia, serif; {body_style} }}
main {{ max-width: 46rem; margin: 0 auto; padding: 1rem; }}</style></head>
<body><main><h1>Winter ferry timetable cut to two crossings</h1>
<p>The island's council agreed the winter timetable on Tuesday.</p>
<div id="townsquare-thread" data-url="{page}" {attributes}></div></main>
<script src="{base}/embed.js" async></script>
</body></html>"""


def host_page_serve(*, base: str, pages: dict[str, dict]) -> ThreadingHTTPServer:
    """A newsroom's pages on an origin of their own: ``pages`` maps a path to the embed
    element's ``attributes`` (``data-theme``, a ``style`` with custom properties) and the
    body's ``body_style``."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 -- the http.server API
            options = pages.get(self.path.split("?")[0])
            if options is None:
                self.send_error(404)
                return
            origin = f"http://127.0.0.1:{self.server.server_port}"
            body = HOST_PAGE.format(
                page=f"{origin}/news/ferry",
                base=base,
                attributes=options.get("attributes", ""),
                body_style=options.get("body_style", ""),
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


DARK_BODY = "background: #17191c; color: #ece9e4"  # a dark newsroom page, for the dark themes


@contextmanager
def newsroom_pages(*, base: str, pages: dict[str, dict]) -> Iterator[str]:
    """A site whose allowed origin serves ``pages`` (see host_page_serve); yields the origin."""
    from townsquare.sites.models import Site

    server = host_page_serve(base=base, pages=pages)
    origin = f"http://127.0.0.1:{server.server_port}"
    Site.objects.create(name="The Gazette", slug="gazette", allowed_origins=[origin])
    try:
        yield origin
    finally:
        server.shutdown()
        server.server_close()
