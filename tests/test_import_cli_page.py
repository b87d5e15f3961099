"""``oversight import`` / ``oversight template`` and the import page (AppTest, with uploads)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from dashboard import cli, importers
from dashboard.importers.report import form_xlsx
from dashboard.storage.db import make_engine, migrate
from dashboard.storage.schema import dossier, import_batch, report_row
from tests.conftest import new_database
from tests.test_imports import (
    DH,
    FORM_GROUPS,
    GOOD_HEADER,
    GOOD_ROWS,
    TODAY,
    csv_bytes,
    drow,
    load_tiny,
)

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard" / "app.py")
PAGE = str(ROOT / "pages" / "imports.py")
BAD = drow(code="BAD", received="31/02/2024") + [""]


@pytest.fixture
def db(engine, monkeypatch):
    load_tiny(engine)
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("OVERSIGHT_TODAY", TODAY.isoformat())
    monkeypatch.delenv("OVERSIGHT_IMPORT_DATABASE_URL", raising=False)
    for var in ("LOGNAME", "USER"):  # getpass.getuser() reads these first
        monkeypatch.setenv(var, "officer")
    return engine


def run(capsys, *args):
    code = cli.main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def n_rows(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_cli_import_writes_and_reports(db, tmp_path, capsys):
    f = tmp_path / "hs.csv"
    f.write_bytes(csv_bytes(GOOD_HEADER, GOOD_ROWS))
    code, out, _ = run(capsys, "import", "dossiers", f)
    assert code == 0, out
    assert "ĐÃ GHI/WRITTEN" in out and "6 thêm/added" in out
    with db.connect() as conn:
        b = conn.execute(select(import_batch)).mappings().one()
    assert (b["imported_by"], b["file_name"], b["rows_added"]) == ("officer", "hs.csv", 6)
    code, out, _ = run(capsys, "import", "dossiers", f, "--format", "json")
    rep = json.loads(out)
    assert code == 0 and (rep["added"], rep["unchanged"], rep["written"]) == (0, 6, False)
    assert rep["problems"][0]["code"] == "already_imported"


def test_cli_bad_file_exit_1_nothing_written(db, tmp_path, capsys):
    f = tmp_path / "hs.csv"
    f.write_bytes(csv_bytes(GOOD_HEADER, GOOD_ROWS + [BAD]))
    code, out, _ = run(capsys, "import", "dossiers", f)
    assert code == 1
    assert "KHÔNG GHI/NOTHING WRITTEN" in out
    assert 'dòng/row 8 | Ngày tiếp nhận | "31/02/2024" | lỗi/error' in out
    assert "vi: Ngày không hợp lệ" in out and "en: Not a valid date" in out
    assert n_rows(db, dossier) == 0 and n_rows(db, import_batch) == 0
    code, out, _ = run(capsys, "import", "dossiers", f, "--dry-run")
    assert code == 1 and n_rows(db, dossier) == 0
    code, out, _ = run(capsys, "import", "dossiers", f, "--valid-only", "--format", "json")
    rep = json.loads(out)
    assert code == 0 and rep["added"] == 6 and rep["rejected"] == 1
    assert rep["problems"][0]["reason_en"].startswith("Not a valid date")
    assert n_rows(db, dossier) == 6


def test_cli_dry_run(db, tmp_path, capsys):
    f = tmp_path / "hs.csv"
    f.write_bytes(csv_bytes(GOOD_HEADER, GOOD_ROWS))
    code, out, _ = run(capsys, "import", "dossiers", f, "--dry-run")
    assert code == 0 and "CHẠY THỬ/DRY RUN" in out and "6 thêm/added" in out
    assert n_rows(db, dossier) == 0 and n_rows(db, import_batch) == 0


def test_cli_report_form_with_period(db, tmp_path, capsys):
    f = tmp_path / "bieu06.xlsx"
    f.write_bytes(form_xlsx(FORM_GROUPS, "", "", "UBND huyện Mẫu", ""))
    code, out, _ = run(capsys, "import", "report", f)
    assert code == 1 and "period" in out
    code, out, _ = run(capsys, "import", "report", f, "--period", "2024-Q1")
    assert code == 0, out
    with db.connect() as conn:
        periods = set(conn.execute(select(report_row.c.period_start, report_row.c.period_end)))
    assert periods == {(TODAY.replace(2023, 12, 15), TODAY.replace(2024, 3, 14))}


def test_cli_wrong_encoding(db, tmp_path, capsys):
    f = tmp_path / "hs.csv"
    f.write_bytes(",".join(DH).encode("cp1258", errors="replace") + b"\r\n")
    code, out, _ = run(capsys, "import", "dossiers", f)
    assert code == 1 and "not UTF-8" in out and "Traceback" not in out


@pytest.mark.parametrize(
    "args, message",
    [
        (["import", "dossiers", "/no/such/file.csv"], "no such file"),
        (["import", "dossiers", "{f}", "--mapping", "/no/such/map.csv"], "no such mapping file"),
        (["import", "dossiers", "{f}", "--mapping", "{m}"], "not a column"),
        (["import", "dossiers", "{f}", "--period", "2024-Q1"], "report and index766 kinds only"),
        (["import", "report", "{f}", "--period", "2024-Q9"], "2024-Q9"),
        (["template", "dossiers", "--out", "{d}/x.pdf"], ".csv or .xlsx"),
    ],
)
def test_cli_usage_errors_exit_2(db, tmp_path, capsys, args, message):
    f = tmp_path / "hs.csv"
    f.write_bytes(csv_bytes(GOOD_HEADER, GOOD_ROWS))
    m = tmp_path / "map.csv"
    m.write_text("Mã hồ sơ,không có cột này\n", encoding="utf-8")
    args = [a.format(f=f, m=m, d=tmp_path) for a in args]
    code, _out, err = run(capsys, *args)
    assert code == 2 and message in err


def test_cli_unknown_kind_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["import", "everything", "x.csv"])
    assert exc.value.code == 2


def test_cli_template(tmp_path, capsys):
    for kind in importers.KINDS:
        out = tmp_path / f"{kind}.csv"
        code, text, _ = run(capsys, "template", kind, "--out", out)
        assert code == 0 and out.read_bytes() == importers.template(kind)
    out = tmp_path / "bieu06.xlsx"
    assert run(capsys, "template", "report", "--out", out)[0] == 0
    assert out.read_bytes()[:2] == b"PK"


# --- the page -------------------------------------------------------------------------------


@pytest.fixture
def page(tmp_path_factory, monkeypatch):
    url, drop = new_database("sqlite", tmp_path_factory)
    eng = make_engine(url)
    migrate(eng)
    load_tiny(eng)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("OVERSIGHT_TODAY", TODAY.isoformat())
    monkeypatch.delenv("OVERSIGHT_IMPORT_DATABASE_URL", raising=False)

    def make(**params) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        for k, v in params.items():
            at.query_params[k] = v
        at.run()
        at.switch_page(PAGE).run()
        assert not at.exception, at.exception
        return at

    yield make, eng
    eng.dispose()
    drop()


def test_page_renders_with_templates_and_empty_log(page):
    make, _eng = page
    at = make()
    assert at.title[0].value == "Nhập dữ liệu"
    assert len(at.download_button) == len(importers.KINDS) + 1
    assert "Chưa có lần nhập nào." in [i.value for i in at.info]
    assert not [b for b in at.button if b.key == "imp_go"]


def test_page_upload_check_and_import(page):
    make, eng = page
    at = make()
    at.file_uploader[0].set_value(("hs.csv", csv_bytes(GOOD_HEADER, GOOD_ROWS), "text/csv"))
    at.run()
    assert not at.exception, at.exception
    figures = {m.label: m.value for m in at.metric}
    assert figures["Số dòng"] == "6" and figures["Sẽ thêm mới"] == "6"
    assert "Tệp hợp lệ, có thể nhập." in [s.value for s in at.success]
    assert n_rows(eng, dossier) == 0  # the check wrote nothing
    assert not at.text_input  # no "Người nhập" box: the importer is the signed-in user
    at.button(key="imp_go").click().run()
    assert not at.exception, at.exception
    assert any(r"Đã nhập hs\.csv: thêm 6" in s.value for s in at.success)  # name escaped
    assert n_rows(eng, dossier) == 6
    log = at.dataframe[-1].value
    assert list(log["Người nhập"]) == ["demo"] and list(log["Thêm"]) == [6]
    # Afterwards the same file has nothing new.
    assert "Không có gì thay đổi: dữ liệu trong tệp đã có sẵn." in [i.value for i in at.info]


def test_page_bad_file_and_valid_rows_only(page):
    make, eng = page
    at = make()
    at.file_uploader[0].set_value(("hs.csv", csv_bytes(GOOD_HEADER, GOOD_ROWS + [BAD]), "text/csv"))
    at.run()
    assert not at.exception, at.exception
    assert any("1 lỗi ở 1 dòng" in w.value for w in at.warning)
    problems = at.table[0].value
    assert list(problems.columns) == ["Dòng", "Cột", "Giá trị", "Mức", "Lý do"]
    # st.table renders Markdown: what came from the file is escaped (shown as typed).
    assert problems.iloc[0].tolist()[:4] == ["8", "Ngày tiếp nhận", r"31\/02\/2024", "Lỗi"]
    assert at.button(key="imp_go").disabled
    at.checkbox(key="imp_valid_only").check().run()
    assert not at.button(key="imp_go").disabled
    at.button(key="imp_go").click().run()
    assert any("bỏ qua 1 dòng lỗi" in s.value for s in at.success)
    assert n_rows(eng, dossier) == 6


def test_page_in_english_and_unreadable_file(page):
    make, _eng = page
    at = make(lang="en")
    assert at.title[0].value == "Import data"
    at.file_uploader[0].set_value(("x.xlsx", b"PK\x03\x04broken", "application/octet-stream"))
    at.run()
    assert not at.exception, at.exception
    assert "The file cannot be read." in [e.value for e in at.error]
    assert "Excel file is damaged" in at.table[0].value.iloc[0]["Reason"]


def test_cli_progress_bar_on_a_terminal(db, tmp_path, capsys):
    f = tmp_path / "hs.csv"
    f.write_bytes(csv_bytes(GOOD_HEADER, GOOD_ROWS))
    code, out, err = run(capsys, "import", "dossiers", f, "--progress", "on")
    # Redrawn in place (\r) with rows read, checked and written; ends on a new line.
    assert code == 0 and "ĐÃ GHI/WRITTEN" in out
    last = err.rstrip("\n").split("\r")[-1]
    assert "100%" in last and "6 đọc/read" in last and "6 ghi/written" in last
    code, _out, err = run(capsys, "import", "dossiers", f, "--progress", "off")
    assert err == ""


def test_page_states_the_size_limit_before_upload(page):
    make, _eng = page
    at = make()
    assert not at.exception
    limit = [c.value for c in at.caption if "MB" in c.value]
    assert limit and "200 MB" in limit[0] and "oversight import" in limit[0]
