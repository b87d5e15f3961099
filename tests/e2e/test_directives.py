"""A directive in a real browser: a province leader signed in records it from the on-time page,
it is on the Chỉ đạo page (with its figure when given) and it opens the next briefing pack.

The sample database (tests/e2e/conftest.py) runs to 26/11/2026; the leader looks at 2026-Q3, so
the baseline is Hưng Yên's 2026-Q3 on-time rate, the same figure the on-time page shows.
"""

from __future__ import annotations

import io
import re

import pytest

from tests.e2e.test_browser import EXCEPTION, screenshot, settle
from tests.e2e.test_sign_in import on_sign_in_page, sign_in

pytestmark = pytest.mark.e2e

TEXT = "Sở Tài nguyên và Môi trường giải quyết dứt điểm hồ sơ đất đai trễ hạn trước 31/12"
MEETING = "Giao ban quý 3/2026 (kiểm thử trình duyệt)"


def test_a_leader_records_a_directive_and_it_reaches_the_page_and_the_pack(auth_server, browser):
    from pptx import Presentation

    ctx = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="vi-VN")
    try:
        page = ctx.new_page()
        page.goto(auth_server.base + "/dung-han?period=2026-Q3&unit=33")
        on_sign_in_page(page)
        sign_in(page, "chutich")
        assert not page.locator(EXCEPTION).count()
        # The on-time page's headline figure: the baseline the directive will keep.
        rate = page.locator('[data-testid="stMetric"]').first.locator(
            '[data-testid="stMetricValue"]'
        )
        baseline = rate.inner_text().strip()
        assert re.fullmatch(r"\d{1,3},\d%", baseline), baseline

        page.get_by_text("Ghi kết luận chỉ đạo", exact=True).click()
        page.get_by_label("Nội dung chỉ đạo").fill(TEXT)
        page.get_by_label("Mục tiêu").fill("99")
        page.get_by_label("Cuộc họp").fill(MEETING)
        page.get_by_role("button", name="Ghi chỉ đạo", exact=True).click()
        saved = page.get_by_text(re.compile(r"Đã ghi chỉ đạo số \d+\."))
        saved.wait_for(timeout=30_000)
        number = re.search(r"số (\d+)", saved.inner_text()).group(1)
        settle(page)
        screenshot(page, auth_server.shots / "dung-han-ghi-chi-dao.png")

        # The Chỉ đạo page: counted, and its detail (the link a table row opens) shows the
        # text and the figure when given.
        page.goto(auth_server.base + f"/chi-dao?period=2026-Q3&unit=33&directive={number}")
        settle(page)
        assert not page.locator(EXCEPTION).count()
        assert page.get_by_text(TEXT, exact=True).count()
        figure = page.get_by_text(re.compile(r"^Tỷ lệ hồ sơ đúng hạn: khi giao"))
        assert f"khi giao {baseline} (Quý III/2026)" in figure.inner_text()
        assert "mục tiêu 99,0%" in figure.inner_text()
        assert int(page.locator('[data-testid="stMetricValue"]').nth(1).inner_text()) >= 1
        screenshot(page, auth_server.shots / "chi-dao.png")

        # The next pack opens with it.
        page.goto(auth_server.base + "/tong-quan?period=2026-Q3&unit=33")
        settle(page)
        page.get_by_text("Tài liệu giao ban và bản in", exact=True).click()
        page.get_by_role("button", name="Lập bộ tài liệu (PowerPoint và Excel)").click()
        deck_button = page.get_by_role("button", name="Bài trình chiếu (.pptx)")
        deck_button.wait_for(timeout=120_000)
        with page.expect_download(timeout=60_000) as dl:
            deck_button.click()
        slides = list(Presentation(io.BytesIO(open(dl.value.path(), "rb").read())).slides)
        follow_up = slides[1]
        assert follow_up.shapes.title.text == "Kết quả thực hiện kết luận kỳ trước"
        texts = [s.text_frame.text for s in follow_up.shapes if s.has_text_frame]
        assert any(MEETING in x for x in texts), texts
        table = next(s for s in follow_up.shapes if s.has_table).table
        rows = [[c.text for c in r.cells] for r in table.rows]
        mine = [r for r in rows if r[0] == TEXT]
        assert mine and mine[0][2] == "Đang thực hiện" and mine[0][4] == baseline, rows
        assert mine[0][6] == "99,0%"
    finally:
        ctx.close()
