"""Text we did not write is data: from imports and from the URL it reaches Markdown, HTML and
spreadsheets escaped, never as links, images or formulas; unknown URL values fall back with a
notice instead of crashing.

Before issue 13: an imported procedure name ``=HYPERLINK(...)`` became a live formula in the
pack workbook and ``--format csv`` wrote formula cells raw; a session's chair, a rollout note
and the URL keys unit, period, session and element were rendered as Markdown (a phishing link
and a remote image appeared in the app and in its error boxes); ``lang=fr`` crashed the page.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import update
from streamlit.testing.v1 import AppTest

from dashboard import cli
from dashboard.domain import escape
from dashboard.storage.db import make_engine, migrate
from dashboard.storage.schema import dialogue_session, field, procedure, rollout

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard" / "app.py")
LINK = "[Bấm vào đây](https://evil.example/phish)"
IMAGE = "![x](https://evil.example/pixel.png)"
EVIL = f"{LINK} {IMAGE} <img src=https://evil.example/i.png> :red[đỏ] $x^2$ www.evil.example"
FORMULA = '=HYPERLINK("https://evil.example","Bấm")'


def live_markup(text: str) -> list[str]:
    """What would still act as Markdown or HTML in ``text`` once its backslash escapes and
    character references are taken out: links, images, tags, bare URLs, colour directives,
    maths."""
    plain = re.sub(r"\\.|&#\d+;", "", text)
    return re.findall(r"\]\(|!\[|<\w|https?://|www\.|:red\[|\$x", plain)


def shown_as_markdown(at: AppTest) -> list[str]:
    """Every text the page hands Streamlit's Markdown renderer."""
    out = [e.value for e in at.markdown if not e.proto.allow_html]  # our CSS and legends
    for kind in ("caption", "title", "header", "subheader"):
        out += [e.value for e in getattr(at, kind)]
    for kind in ("error", "warning", "info", "success"):
        out += [e.value for e in getattr(at, kind)]
    out += [b.label for b in at.button] + [m.label for m in at.metric]
    out += [e.label for e in at.expander]
    for tbl in at.table:
        df = tbl.value
        out += [str(c) for c in df.columns] + [str(v) for v in df.to_numpy().ravel()]
    return out


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory):
    """The hand-worked fixture with hostile text where imports put text: the chair of session
    DS1, the note of rollout 1, a procedure's name, a field's name."""
    from tests.fixtures import build_fixture

    path = tmp_path_factory.mktemp("hostile") / "db.sqlite"
    eng = make_engine(f"sqlite:///{path}")
    migrate(eng)
    build_fixture(eng)
    with eng.begin() as c:
        c.execute(
            update(dialogue_session).where(dialogue_session.c.code == "DS1").values(chaired_by=EVIL)
        )
        c.execute(update(rollout).where(rollout.c.id == 1).values(note=EVIL))
        c.execute(update(procedure).where(procedure.c.id == 2).values(name=FORMULA))
        c.execute(
            update(field).where(field.c.code == "DD").values(name_vi="=1+2", name_en="@SUM(A1)")
        )
    eng.dispose()
    return f"sqlite:///{path}"


@pytest.fixture
def app(hostile_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", hostile_url)
    from dashboard import web

    web.clear()

    def make(page: str | None = None, **params) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        for k, v in params.items():
            at.query_params[k] = v
        at.run()
        if page:
            at.switch_page(str(ROOT / "pages" / f"{page}.py")).run()
        assert not at.exception, at.exception
        return at

    return make


# --- Markdown --------------------------------------------------------------------------------


def test_the_escape_helper():
    assert live_markup(EVIL) and not live_markup(escape.md(EVIL))
    assert escape.md("Xã An Hòa") == "Xã An Hòa"  # Vietnamese text untouched
    assert escape.md("a\n\n# b") == r"a \# b"
    # Bare addresses get an invisible word joiner: Streamlit links them after parsing.
    assert escape.md("https://x.vn a@b.vn www.c.vn") == (
        "https\\:\u2060\\/\\/x\\.vn a\\@\u2060b\\.vn www\u2060\\.c\\.vn"
    )
    assert escape.html('<a href="x">') == "&lt;a href=&quot;x&quot;&gt;"


def test_imported_chair_is_shown_as_text(app):
    at = app("dialogue", period="2024-Q1", unit="001", session="DS1")
    texts = shown_as_markdown(at)
    assert any("Bấm vào đây" in s for s in texts), "the chair is not shown at all"
    assert not [s for s in texts if live_markup(s)]


def test_imported_rollout_note_is_shown_as_text(app):
    at = app("rollout", period="2024-Q1", rollout="1")
    texts = shown_as_markdown(at)
    assert any("Bấm vào đây" in s for s in texts), "the note is not shown at all"
    assert not [s for s in texts if live_markup(s)]


@pytest.mark.parametrize(
    "page, key",
    [
        ("overview", "unit"),
        ("overview", "period"),
        ("on_time", "field"),
        ("on_time", "lang"),
        ("on_time", "regime"),
        ("on_time", "hist"),
        ("satisfaction", "element"),
        ("dialogue", "session"),
        ("rollout", "model"),
        ("rollout", "rollout"),
        ("maps", "indicator"),
        ("maps", "model"),
        ("maps", "compare"),
    ],
)
def test_every_url_key_is_escaped_and_falls_back(app, page, key):
    """A link with Markdown in any key: the page renders (no crash), says what it did with an
    unknown value where it matters, and no link, image or tag comes out of it."""
    at = app(None if page == "overview" else page, period="2024-Q1", unit="001")
    at.query_params[key] = EVIL  # the link as shared, opened on this page
    at.run()
    assert not at.exception, at.exception
    assert at.title, at.main
    bad = [s for s in shown_as_markdown(at) if live_markup(s)]
    assert not bad, bad
    if key in ("unit", "period", "field", "lang", "element", "session"):
        assert at.warning, f"no notice for an unknown {key}"


@pytest.mark.parametrize(
    "page, key",
    [
        ("on_time", "hist"),
        ("on_time", "regime"),
        ("on_time", "within"),
        ("rollout", "model"),
        ("rollout", "rollout"),
        ("maps", "indicator"),
        ("maps", "model"),
        ("maps", "compare"),
    ],
)
def test_every_other_unknown_url_value_falls_back_with_a_notice(app, page, key):
    """The keys the test above renders safely but that fell back in silence before: the
    page now says which value of the link it did not know, and the URL drops it."""
    at = app(page, period="2024-Q1", unit="99")
    at.query_params[key] = "NOPE"
    at.run()
    assert not at.exception, at.exception
    notices = [w.value for w in at.warning if "NOPE" in w.value]
    assert notices and key in notices[0], [w.value for w in at.warning]
    assert at.query_params.get(key) != "NOPE"
    at.run()  # said once, not at every click
    assert not [w.value for w in at.warning if "NOPE" in w.value]


def test_lang_fr_falls_back_to_vietnamese_with_a_notice(app):
    at = app("on_time", period="2024-Q1", unit="99")
    at.query_params["lang"] = "fr"
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Giải quyết hồ sơ đúng hạn"
    assert any("fr" in w.value and "tiếng Việt" in w.value for w in at.warning)
    assert "lang" not in at.query_params  # the URL now says what is shown


# --- spreadsheets ----------------------------------------------------------------------------


def test_pack_workbook_has_no_formula_cells(hostile_url):
    from dashboard.domain.periods import parse
    from dashboard.pack import build_workbook, collect
    from queries.units import Scope

    eng = make_engine(hostile_url)
    with eng.connect() as conn:
        data = collect(conn, parse("2024-Q1"), Scope("99"), "vi")
    book = load_workbook(io.BytesIO(build_workbook(data, "vi")))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    hits = [c for c in cells if c.value == FORMULA]
    assert hits, "the imported procedure name is missing from the workbook"
    assert all(c.data_type == "s" and c.quotePrefix for c in hits)
    eng.dispose()


def test_cli_csv_writes_formula_looking_cells_as_text(hostile_url, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", hostile_url)
    code = cli.main(
        [
            "metrics",
            "on-time",
            "--period",
            "2024-Q1",
            "--unit",
            "99",
            "--by",
            "field",
            "--format",
            "csv",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "'=1+2" in out and "\n=1+2" not in out and ",=1+2" not in out


def test_templates_and_the_helper_keep_formulas_out():
    from openpyxl import Workbook

    from dashboard import importers

    assert escape.cell("=1+2") == "'=1+2" and escape.cell("-5") == "'-5"
    assert escape.cell(-5) == -5 and escape.cell("Xã An") == "Xã An"
    for lead in ("=", "+", "-", "@", "\t", "\r"):
        assert escape.cell(lead + "x").startswith("'")
    wb = Workbook()
    wb.active.append(["=HYPERLINK(1)", "+1", "ok", 3])
    escape.xlsx_text(wb)
    buf = io.BytesIO()
    wb.save(buf)
    row = next(load_workbook(io.BytesIO(buf.getvalue())).active.iter_rows())
    assert [c.data_type for c in row] == ["s", "s", "s", "n"]
    for kind in importers.KINDS:
        for fmt in ("csv", "xlsx"):
            data = importers.template(kind, fmt)
            if fmt == "xlsx":
                book = load_workbook(io.BytesIO(data))
                assert not [
                    c
                    for ws in book.worksheets
                    for r in ws.iter_rows()
                    for c in r
                    if c.data_type == "f"
                ]
            else:
                lines = data.decode("utf-8-sig").splitlines()
                assert not [ln for ln in lines if re.match(r"^[=+@\t\r]|,[=+@]", ln)]
