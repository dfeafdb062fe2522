"""Browser tests wait on functions, never on bare expressions.

Playwright's ``wait_for_function`` compiles a function once, but evaluates a bare expression
again on every poll with ``eval`` — which the pages' Content Security Policy (``script-src
'self'``, no ``unsafe-eval``) refuses, so such a wait passes only when its first try does, and
fails at random on a slower machine.
"""

from __future__ import annotations

import ast
from pathlib import Path

BROWSER_TESTS = Path(__file__).resolve().parent / "browser"


def waits_on_expressions(source: str) -> list[int]:
    lines = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "wait_for_function"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and not node.args[0].value.lstrip().startswith(("() =>", "(", "function"))
        ):
            lines.append(node.lineno)
    return lines


def test_the_check_finds_a_wait_on_a_bare_expression():
    assert waits_on_expressions('page.wait_for_function("window.ready")') == [1]
    assert waits_on_expressions('page.wait_for_function("() => window.ready")') == []


def test_no_browser_test_waits_on_a_bare_expression():
    found = {
        path.name: lines
        for path in sorted(BROWSER_TESTS.glob("*.py"))
        if (lines := waits_on_expressions(path.read_text()))
    }
    assert found == {}
