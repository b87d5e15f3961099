"""The pack as a handout (issue 16): a footer with the issuing body, unit, period and date and
the slide's number on every slide; one stated criterion for praise and correction, praise
without overdue dossiers; the commune's pack is its report card; the petitions' table fits.
On the fixture's 2024-Q1 (tests/fixtures.py)."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
import pytest
from pptx import Presentation

from dashboard.domain.periods import parse
from dashboard.i18n import t
from dashboard.pack import build_deck, collect
from dashboard.pack.data import issuer
from queries.units import Scope

MADE = date(2024, 4, 2)
SLIDE_H = 6858000


def texts(slide) -> str:
    return " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def titled(slides, title):
    return next(s for s in slides if s.shapes.title is not None and s.shapes.title.text == title)


@pytest.fixture
def province(fixture_engine):
    with fixture_engine.connect() as conn:
        return collect(conn, parse("2024-Q1"), Scope("99"), today=MADE)


@pytest.fixture
def commune(fixture_engine):
    with fixture_engine.connect() as conn:
        return collect(conn, parse("2024-Q1"), Scope("001"), today=MADE)


def test_every_slide_has_the_footer_and_its_number(province):
    slides = list(Presentation(io.BytesIO(build_deck(province))).slides)
    n = len(slides)
    assert province.footer == (
        "UBND tỉnh Thử Nghiệm · Tỉnh Thử Nghiệm · Quý I/2024 · "
        + t("pack_made_on", date="02/04/2024")
    )
    for i, slide in enumerate(slides[1:], start=2):
        text = texts(slide)
        assert province.footer in text and f"{i}/{n}" in text


def test_no_shape_runs_off_the_slide(province, commune):
    for data in (province, commune):
        for slide in Presentation(io.BytesIO(build_deck(data))).slides:
            for shape in slide.shapes:
                assert shape.top + shape.height <= SLIDE_H, (shape.name, texts(slide)[:80])


def test_praise_and_correction_on_one_stated_criterion(province):
    slide = titled(Presentation(io.BytesIO(build_deck(province))).slides, t("pack_units"))
    assert "Tiêu chí: theo thứ hạng tỷ lệ đúng hạn" in texts(slide)
    # The fixture's two communes rest on 6 and 10 dossiers: not ranked, so neither praised
    # nor pressed (before issue 16 the most overdue were pressed on a second criterion).
    assert province.praise.empty and province.press.empty


def test_praise_leaves_out_units_with_overdue_dossiers():
    from dashboard.pack.data import praise_and_press

    league = pd.DataFrame(
        {
            "code": ["A", "B", "C", "D", "E"],
            "rank": [1, 2, 3, 4, None],
            "band": ["top", "top", "middle", "bottom", None],
            "on_time_rate": [99.0, 98.0, 90.0, 60.0, 10.0],
            "pending_overdue": [3, 0, 0, 40, 99],
        }
    )
    praise, press = praise_and_press(league)
    assert list(praise["code"]) == ["B"]  # A is top but holds 3 overdue dossiers
    assert list(press["code"]) == ["D"]  # E (not ranked) is not pressed on its overdue count


def test_the_commune_pack_is_its_report_card(commune):
    """Xã An Hòa: not ranked (6 resolved), 1 overdue dossier at 31/03 (D06); late without an
    apology letter: D04 only (D03 and D06 have one); dialogue 2024 up to 31/03: DS1 (15/02,
    at L001) is one session; no conference is recorded in the fixture's formats unless it is
    one; models: R3 (stopped 2024) and R1 at Xã Bình (L002) are the commune's rollouts."""
    c = commune.card
    assert c is not None and (c["rank"] is None or c["rank"] != c["rank"])
    assert c["resolved"] == 6 and c["pending_overdue"] == 1
    assert list(c["no_letter"]["code"]) == ["D04"]
    assert c["sessions"] == 1 and c["year"] == 2024
    slides = list(Presentation(io.BytesIO(build_deck(commune))).slides)
    card = titled(slides, t("card_title"))
    text = texts(card)
    assert "Chưa xếp hạng: ít hồ sơ (6)" in text
    assert "Hồ sơ trễ hạn chưa có phiếu xin lỗi: 1" in text
    table = next(s for s in card.shapes if s.has_table).table
    assert table.cell(1, 0).text == "D04" and table.cell(1, 3).text == "8"
    # The province's praise and correction tables are not repeated in a commune's pack.
    assert not [
        s for s in slides if s.shapes.title is not None and s.shapes.title.text == t("pack_units")
    ]
    assert commune.footer.startswith("UBND xã An Hòa · Xã An Hòa · Quý I/2024")


def test_issuer():
    assert issuer("Tỉnh Hưng Yên") == "UBND tỉnh Hưng Yên"
    assert issuer("Phường Sơn Nam") == "UBND phường Sơn Nam"
    assert issuer("Tỉnh Hưng Yên", "en") == "People's Committee of Tỉnh Hưng Yên"


def test_petitions_slide_names_successors_of_abolished_bodies(province):
    slide = titled(Presentation(io.BytesIO(build_deck(province))).slides, t("pack_petitions"))
    table = next(s for s in slide.shapes if s.has_table).table
    # "Công chức Địa chính – Xây dựng" (a commune post until 30/06/2025) -> Phòng Kinh tế.
    assert table.cell(1, 2).text == "Phòng Kinh tế *"
    assert "01/7/2025" in texts(slide)
