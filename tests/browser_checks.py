"""Checks run inside a real page: axe-core's accessibility rules, and where the page's requests go.

axe-core comes from npm (tests/axe/package.json, installed by run-tests.sh); it is read from
disk and injected into the page, so the check needs no network.
"""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest

AXE = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
# The impacts that block a student: axe-core's own two highest levels.
BLOCKING = ("critical", "serious")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
LOCAL_SCHEMES = {"data", "blob", "about", "file", "chrome-extension", "devtools"}


def require_axe() -> Path:
    """axe-core's script, or a skip saying how to get it (a failure under CI)."""
    if AXE.exists():
        return AXE
    message = f"axe-core is not installed at {AXE}: run `npm ci --prefix tests/axe`"
    if os.environ.get("CI") == "true":
        pytest.fail("CI=true but " + message)
    pytest.skip(message)


def axe_violations(page, context: str | None = None) -> list[dict]:
    """Run axe-core on the page as it is now; return its violations (rule, impact, nodes)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=require_axe().read_text(encoding="utf-8"))
    script = """async (context) => {
        const result = await window.axe.run(context || document,
            {resultTypes: ['violations'], runOnly: {type: 'tag',
             values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.html.slice(0, 160))}));
    }"""
    return page.evaluate(script, context)


def blocking(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in BLOCKING]


def describe(violations: list[dict]) -> str:
    """One readable paragraph per violation, for a failing test's message."""
    lines = []
    for v in violations:
        lines.append(f"{v['impact']}: {v['id']} ({v['help']}), {len(v['nodes'])} element(s):")
        lines.extend(f"    {node}" for node in v["nodes"][:5])
    return "\n".join(lines)


def is_local(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme in LOCAL_SCHEMES:
        return True
    return (parsed.hostname or "") in LOCAL_HOSTS


class RequestLog:
    """Every request a page makes, so a test can fail on any that leaves this machine."""

    def __init__(self, page):
        self.urls: list[str] = []
        page.on("request", lambda request: self.urls.append(request.url))

    def off_machine(self) -> list[str]:
        return sorted({url for url in self.urls if not is_local(url)})

    def hosts(self) -> list[str]:
        return sorted({urlparse(url).netloc or urlparse(url).scheme for url in self.urls})
