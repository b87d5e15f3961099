"""The dashboard in a real browser: every page renders, a drill-down works by clicking, the
language switch works, and ten people opening the overview at once are served.

The pages are read from the sidebar navigation, so a page added to ``dashboard/app.py`` is
covered without touching this file. Screenshots go to a temporary folder, and to
``bench/results/screenshots/`` with ``SAVE_SCREENSHOTS=1``.
"""

from __future__ import annotations

import re
import threading
import time
from urllib.parse import parse_qs, urlparse

import pytest

from tests.e2e.conftest import RECORDED, Console

pytestmark = pytest.mark.e2e

APP = '[data-testid="stApp"]'
EXCEPTION = '[data-testid="stException"]'
LATE_LIST = "Hồ sơ trễ hạn và tồn quá hạn"
EN_TITLE = "Dossiers resolved on time"
RSS_BUDGET_MB = 1024


def settle(page, timeout: float = 60.0, quiet: float = 1.0) -> None:  # noqa: ANN001
    """Wait until the script has stopped running and stayed stopped for ``quiet`` seconds
    (a rerun that starts right after another shows up in that window), with no running
    indicator. Fails on a page that keeps rerunning."""
    page.wait_for_selector(APP, timeout=timeout * 1000)
    deadline = time.monotonic() + timeout
    idle_since = None
    while time.monotonic() < deadline:
        state = page.locator(APP).get_attribute("data-test-script-state")
        running = page.locator('[data-testid="stStatusWidgetRunningIcon"]').count()
        if state == "notRunning" and not running:
            idle_since = idle_since or time.monotonic()
            if time.monotonic() - idle_since >= quiet:
                return
        else:
            idle_since = None
        page.wait_for_timeout(100)
    raise AssertionError(
        f"{page.url}: the app was still running after {timeout:.0f} s (a rerun loop?)"
    )


def params(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}


def screenshot(page, path) -> None:  # noqa: ANN001
    """The whole page: Streamlit scrolls inside its own container, so grow the viewport to
    the content's height first."""
    height = page.evaluate(
        """() => Math.max(...[...document.querySelectorAll(
            '[data-testid="stMain"], [data-testid="stAppViewContainer"], [data-testid="stSidebar"]'
        )].map(e => e.scrollHeight), document.body.scrollHeight)"""
    )
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": min(int(height) + 40, 12000)})
    page.wait_for_timeout(600)  # let charts re-lay out
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)


def nav_links(page) -> list[tuple[str, str]]:  # noqa: ANN001
    """(label, href) of every page in the sidebar navigation."""
    more = page.locator('[data-testid="stSidebarNavViewButton"]')
    if more.count():
        more.first.click()
    links = page.locator('[data-testid="stSidebarNavLink"]')
    out = []
    for i in range(links.count()):
        link = links.nth(i)
        label = " ".join(link.inner_text().split())
        out.append((label, link.get_attribute("href")))
    return out


def slug(href: str) -> str:
    path = urlparse(href).path.strip("/")
    return path or "overview"


def test_every_page_renders_without_errors(server, context):
    """Each page of the navigation renders, with no exception box and no console error."""
    first = context.new_page()
    first.goto(server.base + "/")
    settle(first)
    pages = nav_links(first)
    first.close()
    assert len(pages) >= 2, f"navigation not found: {pages}"
    hrefs = [h for _, h in pages]
    assert len(set(hrefs)) == len(hrefs), f"two nav links to one page: {pages}"

    problems = []
    for label, href in pages:
        page = context.new_page()
        console = Console()
        console.attach(page)
        url = href if href.startswith("http") else server.base + href
        try:
            page.goto(url)
            settle(page)
            screenshot(page, server.shots / f"{slug(href)}.png")
            exc = page.locator(EXCEPTION)
            if exc.count():
                problems.append(f"{label} ({url}): exception: {exc.first.inner_text()[:800]}")
            if not page.locator("h1").count():
                problems.append(f"{label} ({url}): no page title")
            if console.errors:
                problems.append(f"{label} ({url}): console errors: {console.errors}")
        except AssertionError as e:
            problems.append(f"{label} ({url}): {e}")
        finally:
            page.close()
    assert not problems, "\n".join(problems)


def test_drill_down_by_clicking_then_back_and_english(server, context):
    """On-time page: click a commune's row in the league table → the URL names the commune and
    its late-dossier list shows; the breadcrumb goes back to the province; the sidebar radio
    switches to English."""
    page = context.new_page()
    console = Console()
    console.attach(page)
    page.goto(f"{server.base}/dung-han?unit=33&period=2026-Q3")
    settle(page)
    assert not page.locator(EXCEPTION).count()
    assert params(page.url)["unit"] == "33"
    assert not page.get_by_text(LATE_LIST, exact=True).count()  # only at commune level

    # The league table (st.dataframe with row selection) draws on a canvas: the selection
    # checkbox of the first data row sits in the row-marker column, under a 35 px header.
    table = page.locator('[data-testid="stDataFrame"]').first
    table.scroll_into_view_if_needed()
    table.click(position={"x": 18, "y": 35 + 17})
    page.wait_for_url(lambda u: params(u).get("unit") not in (None, "33"), timeout=30_000)
    commune = params(page.url)["unit"]
    assert re.fullmatch(r"\d{5}", commune), f"not a commune code: {commune}"
    settle(page)
    assert params(page.url)["unit"] == commune, "the drill-down did not stay on the commune"
    assert page.get_by_text(LATE_LIST, exact=True).count(), "no late-dossier list"
    assert not page.locator(EXCEPTION).count()
    screenshot(page, server.shots / "dung-han-commune.png")

    # Breadcrumb: "‹ Tỉnh …" back to the province.
    crumb = page.get_by_role("button", name=re.compile(r"^‹ "))
    crumb.first.click()
    page.wait_for_url(lambda u: params(u).get("unit") == "33", timeout=30_000)
    settle(page)
    assert params(page.url)["unit"] == "33", "the breadcrumb did not stay on the province"
    assert not page.get_by_text(LATE_LIST, exact=True).count()

    # Language: the sidebar radio.
    page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
    page.get_by_role("heading", name=EN_TITLE).wait_for(timeout=30_000)
    settle(page)
    assert params(page.url).get("lang") == "en"
    assert not page.locator(EXCEPTION).count()
    screenshot(page, server.shots / "dung-han-en.png")
    assert not console.errors, console.errors


def test_ten_people_open_the_overview_at_once(server, browser):
    """10 browser contexts (10 sessions) load the overview together; all render, and the
    server stays under 1 GB resident."""
    peak = {"rss": 0.0}
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak["rss"] = max(peak["rss"], server.rss_mb()[0])
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    contexts = [browser.new_context(viewport={"width": 1440, "height": 1000}) for _ in range(10)]
    try:
        pages = [ctx.new_page() for ctx in contexts]
        consoles = [Console() for _ in pages]
        for p, c in zip(pages, consoles, strict=True):
            c.attach(p)
        t0 = time.monotonic()
        for p in pages:  # all ten requests go out before any is awaited
            p.goto(server.base + "/", wait_until="commit")
        for p in pages:
            settle(p, timeout=120)
        elapsed = time.monotonic() - t0
        for i, (p, c) in enumerate(zip(pages, consoles, strict=True)):
            assert not p.locator(EXCEPTION).count(), f"session {i}: exception"
            assert p.locator("h1").count(), f"session {i}: no title"
            assert not c.errors, f"session {i}: {c.errors}"
    finally:
        stop.set()
        sampler.join()
        for ctx in contexts:
            ctx.close()
    rss, hwm = server.rss_mb()
    RECORDED["server RSS with 10 sessions (MB)"] = (
        f"now {rss:.0f}, peak sampled {peak['rss']:.0f}, VmHWM {hwm:.0f}; "
        f"10 overviews rendered in {elapsed:.1f} s"
    )
    assert hwm < RSS_BUDGET_MB, f"server peak RSS {hwm:.0f} MB ≥ {RSS_BUDGET_MB} MB"
