"""Signing in, in a real browser (Debian's Chromium) against the real server with local users:
a shared link survives signing in, reloads and other tabs stay signed in, signing out or
``oversight user disable`` ends the session in every tab, the lock engages after the set
number of failures, every page answers at the path the navigation gives it, text imported with
a link in it shows as text, and every page reads on a phone (390 px; screenshots kept).

Before issue 13 a chairman opening ``/dung-han?period=2024-Q1&unit=33`` was asked to sign in
and then landed on the overview; every reload and new tab asked again; ``/tong-quan`` answered
"Page not found"; 40 wrong passwords in 7 s were followed by a successful sign-in.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

from tests.e2e.conftest import LOCK_AFTER, PASSWORD, RECORDED
from tests.e2e.test_browser import EXCEPTION, screenshot, settle

pytestmark = pytest.mark.e2e

ON_TIME = "Giải quyết hồ sơ đúng hạn"
SATISFACTION = "Mức độ hài lòng của người dân"
LINK = "/dung-han?period=2026-Q2&unit=33"


def params(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}


def sign_in(page, name: str, password: str = PASSWORD) -> None:  # noqa: ANN001
    """Fill the sign-in page the browser is on and wait to leave it."""
    page.wait_for_selector("#u")
    page.fill("#u", name)
    page.fill("#p", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda u: "/dang-nhap" not in u, timeout=30_000)
    settle(page)


def on_sign_in_page(page, timeout: float = 30_000) -> None:  # noqa: ANN001
    page.wait_for_url(lambda u: "/dang-nhap" in u, timeout=timeout)
    page.wait_for_selector("#u")


def h1(page) -> str:  # noqa: ANN001
    return page.locator("h1").first.inner_text()


def sidebar_click(page, text: str) -> None:  # noqa: ANN001
    page.locator('[data-testid="stSidebar"]').get_by_text(text, exact=True).click()


@pytest.fixture
def ctx(browser):
    c = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    yield c
    c.close()


def test_a_shared_link_survives_signing_in_and_the_session_lasts(auth_server, ctx):
    page = ctx.new_page()
    page.goto(auth_server.base + LINK)
    on_sign_in_page(page)
    assert parse_qs(urlparse(page.url).query)["next"] == [LINK]
    screenshot(page, auth_server.shots / "dang-nhap.png")
    sign_in(page, "chutich")
    # Exactly the page and view that was shared.
    assert urlparse(page.url).path == "/dung-han"
    assert params(page.url) == {"period": "2026-Q2", "unit": "33"}
    assert h1(page) == ON_TIME and not page.locator(EXCEPTION).count()
    cookie = next(c for c in ctx.cookies() if c["name"] == "oversight_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    assert page.evaluate("document.cookie").find("oversight_session") < 0  # not for scripts

    page.reload()
    settle(page)
    assert "/dang-nhap" not in page.url and h1(page) == ON_TIME

    second = ctx.new_page()  # another tab, another page
    second.goto(auth_server.base + "/hai-long?period=2026-Q2&unit=33")
    settle(second)
    assert "/dang-nhap" not in second.url and h1(second) == SATISFACTION


def test_signing_out_ends_the_session_in_every_tab(auth_server, ctx):
    a = ctx.new_page()
    a.goto(auth_server.base + "/tong-quan")
    on_sign_in_page(a)
    sign_in(a, "phochutich")
    b = ctx.new_page()
    b.goto(auth_server.base + "/hai-long?unit=33&period=2026-Q2")
    settle(b)
    assert h1(b) == SATISFACTION

    a.locator('[data-testid="stSidebar"]').get_by_role("button", name="Đăng xuất").click()
    on_sign_in_page(a)
    assert "Bạn đã đăng xuất" in a.locator(".msg").inner_text()
    # The other tab: its next click finds no session and goes to sign in, keeping its view.
    sidebar_click(b, "English")
    on_sign_in_page(b)
    assert parse_qs(urlparse(b.url).query)["next"][0].startswith("/hai-long?")
    b.goto(auth_server.base + "/hai-long")  # and a fresh load too
    on_sign_in_page(b)


def test_user_disable_ends_the_session_in_another_tab(auth_server, ctx, monkeypatch, capsys):
    from dashboard import cli

    page = ctx.new_page()
    page.goto(auth_server.base + "/ban-do?unit=33")
    on_sign_in_page(page)
    sign_in(page, "chutich")
    assert "/ban-do" in page.url

    for k, v in auth_server.env.items():
        monkeypatch.setenv(k, v)
    try:
        assert cli.main(["user", "disable", "chutich"]) == 0
        assert "session(s) ended" in capsys.readouterr().out
        sidebar_click(page, "English")
        on_sign_in_page(page)
        page.fill("#u", "chutich")
        page.fill("#p", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector(".msg.err")
        assert "/dang-nhap" in page.url  # a disabled user cannot sign in again
    finally:
        assert cli.main(["user", "enable", "chutich"]) == 0


def test_the_lock_engages_after_the_set_number_of_failures(auth_server, browser):
    c = browser.new_context()
    page = c.new_page()
    try:
        page.goto(auth_server.base + "/dang-nhap")
        messages = []
        for i in range(LOCK_AFTER):
            page.fill("#u", "thukhoa")
            page.fill("#p", f"sai-mat-khau-{i}")
            page.click("button[type=submit]")
            page.wait_for_selector(".msg.err")
            messages.append(page.locator(".msg.err").inner_text())
        assert messages[:-1] == ["Tên đăng nhập hoặc mật khẩu không đúng."] * (LOCK_AFTER - 1)
        assert "tạm khóa" in messages[-1]
        # Now even the right password is refused, with the same plain message.
        page.fill("#u", "thukhoa")
        page.fill("#p", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector(".msg.err")
        assert "tạm khóa" in page.locator(".msg.err").inner_text()
        assert "/dang-nhap" in page.url
        screenshot(page, auth_server.shots / "dang-nhap-khoa.png")
    finally:
        c.close()


def test_every_page_answers_at_its_own_path(auth_server, ctx):
    """The overview at /tong-quan (it answered "Page not found" before); "/" opens the user's
    first page at its own path, keeping the view."""
    page = ctx.new_page()
    page.goto(auth_server.base + "/?unit=33&period=2026-Q2")
    on_sign_in_page(page)
    sign_in(page, "chutich")
    page.wait_for_url(lambda u: urlparse(u).path == "/tong-quan", timeout=30_000)
    assert params(page.url)["unit"] == "33" and params(page.url)["period"] == "2026-Q2"
    links = page.locator('[data-testid="stSidebarNavLink"]')
    hrefs = [urlparse(links.nth(i).get_attribute("href")).path for i in range(links.count())]
    assert "/tong-quan" in hrefs and "/" not in hrefs
    for path in hrefs:
        page.goto(auth_server.base + path + "?unit=33&period=2026-Q2")
        settle(page)
        assert urlparse(page.url).path == path, f"{path} went to {page.url}"
        assert not page.get_by_text("Page not found").count(), path
        assert not page.locator(EXCEPTION).count(), path


def test_imported_links_show_as_text(auth_server, ctx):
    """A dialogue session whose chair was imported as Markdown with a link and an image: the
    page shows the text, no link to the other site and no image from it."""
    from sqlalchemy import select, update

    from dashboard.storage.db import make_engine
    from dashboard.storage.schema import admin_unit, dialogue_session

    evil = (
        "[Bấm vào đây](https://evil.example/phish) ![x](https://evil.example/p.png) "
        "<img src=https://evil.example/i.png>"
    )
    eng = make_engine(auth_server.env["DATABASE_URL"])
    with eng.begin() as conn:
        code, unit = conn.execute(
            select(dialogue_session.c.code, admin_unit.c.code)
            .join(admin_unit, admin_unit.c.id == dialogue_session.c.unit_id)
            .where(
                admin_unit.c.valid_to.is_(None),
                dialogue_session.c.held_on >= "2026-07-01",
                dialogue_session.c.held_on <= "2026-09-30",
            )
            .limit(1)
        ).one()
        conn.execute(
            update(dialogue_session).where(dialogue_session.c.code == code).values(chaired_by=evil)
        )
    eng.dispose()
    page = ctx.new_page()
    page.goto(f"{auth_server.base}/doi-thoai?unit={unit}&period=2026-Q3&session={code}")
    on_sign_in_page(page)
    sign_in(page, "quantri")
    assert page.get_by_text("Bấm vào đây", exact=False).count(), "the chair is not shown"
    links = page.locator('a[href*="evil.example"]')
    where = [
        links.nth(i).evaluate(
            "e => { let p = e; const path = []; while (p && path.length < 8) { path.push("
            "p.getAttribute('data-testid') || p.tagName); p = p.parentElement; } "
            "return path.join(' < ') + ' :: ' + e.outerHTML.slice(0, 200); }"
        )
        for i in range(links.count())
    ]
    assert not where, where
    assert not page.locator('img[src*="evil.example"]').count()


def test_tables_offer_no_unrecorded_spreadsheet_download(auth_server, ctx):
    """A table's own "Download as CSV" (Streamlit's toolbar) writes imported text such as
    ``=HYPERLINK(...)`` as a live formula and leaves nothing in the audit record, so the server
    turns it off (``client.disableDataExport``); exports go through the recorded, formula-safe
    briefing pack and ``oversight metrics --format csv``. The table's search stays."""
    page = ctx.new_page()
    page.goto(auth_server.base + "/dung-han?unit=33&period=2026-Q3")
    on_sign_in_page(page)
    sign_in(page, "quantri")
    table = page.locator('[data-testid="stDataFrame"]').first
    table.scroll_into_view_if_needed()
    table.hover()
    toolbar = page.locator('[data-testid="stElementToolbar"]').first
    toolbar.wait_for(state="visible", timeout=10_000)
    names = [
        b.get_attribute("aria-label") or b.inner_text() for b in toolbar.locator("button").all()
    ]
    assert "Search" in names, names  # the toolbar is there
    assert "Download as CSV" not in names, names


PAGES = [
    "tong-quan",
    "dung-han",
    "hai-long",
    "mo-hinh",
    "doi-thoai",
    "ban-do",
    "chi-dao",
    "nhap-du-lieu",
]


def test_every_page_reads_on_a_phone(auth_server, browser):
    """390 px wide, as a link opened from a chat group: nothing wider than the screen (wide
    tables scroll inside their own frame), no exception. Screenshots are kept (SAVE_SCREENSHOTS=1
    copies them to bench/results/screenshots/) and were looked at."""
    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="vi-VN"
    )
    page = phone.new_page()
    try:
        page.goto(auth_server.base + "/dang-nhap")
        screenshot(page, auth_server.shots / "phone-dang-nhap.png")
        sign_in(page, "quantri")
        wide = {}
        for slug in PAGES:
            page.goto(f"{auth_server.base}/{slug}?unit=33&period=2026-Q3")
            settle(page)
            assert not page.locator(EXCEPTION).count(), slug
            # Anything sticking out past the screen's right edge that is not inside a frame
            # that scrolls or clips (a data table, the map canvas).
            out = page.evaluate(
                """() => { const W = document.documentElement.clientWidth; const bad = [];
                  const clipped = e => { for (let p = e.parentElement; p; p = p.parentElement) {
                      const o = getComputedStyle(p).overflowX;
                      if (o === 'auto' || o === 'scroll' || o === 'hidden') {
                        if (p.getBoundingClientRect().right <= W + 1) return true; } }
                      return false; };
                  for (const e of document.querySelectorAll('[data-testid="stMain"] *')) {
                    const r = e.getBoundingClientRect();
                    if (r.width > 0 && r.right > W + 1 && !clipped(e))
                      bad.push((e.getAttribute('data-testid') || e.tagName) + ' ' +
                               (e.innerText || '').slice(0, 40)); }
                  return bad.slice(0, 10); }"""
            )
            if out:
                wide[slug] = out
            screenshot(page, auth_server.shots / f"phone-{slug}.png")
        RECORDED["phone pages (390 px) with something wider than the screen"] = str(wide or 0)
        assert not wide, wide
    finally:
        phone.close()


def test_sign_in_page_in_english(auth_server, ctx):
    page = ctx.new_page()
    page.goto(auth_server.base + "/dung-han?lang=en&unit=33")
    on_sign_in_page(page)
    assert page.locator("h2").inner_text() == "Sign in"
    assert re.search(r"Username", page.content())
