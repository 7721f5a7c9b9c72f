"""Helpers shared by the tests that drive Debian chromium through Playwright."""

from __future__ import annotations


def watch(page, allowed: str) -> tuple[list[str], list[str]]:
    """Record console errors and page errors; abort (and record) every request not starting with ``allowed``."""
    errors: list[str] = []
    blocked: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    def route(route):
        if route.request.url.startswith(allowed):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    return errors, blocked
