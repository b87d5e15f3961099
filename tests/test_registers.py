"""A real province from an empty database: `oversight init-db` loads the registers, and the
files offices send give the hand-worked figures in `oversight metrics`, with no seed.

Runs on SQLite and PostgreSQL (``backend``): each test makes its own empty database.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from sqlalchemy import func, select

from dashboard.cli import main
from dashboard.storage.db import make_engine
from dashboard.storage.schema import admin_unit, holiday, procedure, unit_lineage
from tests.conftest import new_database
from tests.test_import_exports import export_xlsx, filled_form


@pytest.fixture
def empty_url(backend, tmp_path_factory, monkeypatch):
    """An empty database (not even a schema), as DATABASE_URL."""
    url, drop = new_database(backend, tmp_path_factory)
    if backend == "postgresql":
        url = url.replace("postgresql://", "postgresql+psycopg://")
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("OVERSIGHT_TODAY", "2026-11-26")
    yield url
    drop()


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_every_command_on_a_database_that_is_not_set_up_says_what_to_run(
    empty_url, capsys, tmp_path
):
    for argv in (
        ["units"],
        ["registers"],
        ["metrics", "on-time", "--period", "2025-Q4"],
    ):
        code, out, err = run(capsys, *argv)
        assert code == 2 and out == "", argv
        assert err.count("\n") == 1 and "oversight init-db" in err, (argv, err)
    f = tmp_path / "x.csv"
    f.write_text("Mã hồ sơ\nX\n")
    code, _out, err = run(capsys, "import", "dossiers", str(f))
    assert code == 2 and err.count("\n") == 1 and "oversight init-db" in err


def test_init_db_loads_the_whole_country_and_is_idempotent(empty_url, capsys):
    code, out, _err = run(capsys, "init-db")
    assert code == 0 and "database ready" in out
    eng = make_engine(empty_url)
    with eng.connect() as conn:

        def n(*where) -> int:  # noqa: ANN002
            return conn.execute(select(func.count()).select_from(admin_unit).where(*where)).scalar()

        cur, old = admin_unit.c.valid_to.is_(None), admin_unit.c.valid_to.is_not(None)
        province, commune = admin_unit.c.level == "province", admin_unit.c.level == "commune"
        # 34 provinces and 3,321 communes today; 63 provinces, their districts and about
        # 10,040 communes before 1 July 2025 (DOMAIN.md), codes as the package gives them.
        assert n(province, cur) == 34 and n(commune, cur) == 3321
        assert n(province, old) == 63 and n(commune, old) >= 10_000
        assert n(admin_unit.c.level == "district") > 600
        hy = conn.execute(select(admin_unit.c.name).where(admin_unit.c.code == "33")).scalar()
        assert hy == "Tỉnh Hưng Yên"
        # Every pre-2025 commune rolls up to a commune of today (the pilots through 2024).
        orphans = n(commune, old, admin_unit.c.current_unit_id.is_(None))
        assert orphans == 0
        edges = conn.execute(select(func.count()).select_from(unit_lineage)).scalar()
        khai_sinh = conn.execute(
            select(procedure.c.official_code).where(procedure.c.name == "Đăng ký khai sinh")
        ).scalar()
        tet = conn.execute(
            select(holiday.c.kind).where(holiday.c.day == date(2026, 2, 17))
        ).scalar()
    eng.dispose()
    assert edges > 10_000 and khai_sinh == "1.001193" and tet == "day_off"
    code, out, _err = run(capsys, "registers", "refresh")
    assert code == 0
    # Loaded again: nothing added, nothing updated; each register says its source.
    assert "(+0 added, 0 updated)" in out and "(+14,146" not in out
    for name in ("units", "departments", "catalogue", "holidays"):
        assert name in out
    assert "vietnamadminunits" in out and "holidays 0." in out
    code, out, _err = run(capsys, "units")
    assert code == 0 and "Phường Phố Hiến" in out


def test_seed_adds_sample_data_on_top_for_its_provinces_only(empty_url, capsys):
    assert run(capsys, "init-db")[0] == 0
    code, out, err = run(capsys, "seed", "--scale", "1500")
    assert code == 0, err
    eng = make_engine(empty_url)
    with eng.connect() as conn:
        units = admin_unit.alias("u")
        cur = admin_unit.alias("cur")
        prov = admin_unit.alias("prov")
        from dashboard.storage.schema import dossier

        # Today's province of every dossier's unit: only the three sample provinces.
        provinces = set(
            conn.execute(
                select(prov.c.code)
                .select_from(
                    dossier.join(units, units.c.id == dossier.c.receiving_unit_id)
                    .join(cur, cur.c.id == units.c.current_unit_id)
                    .join(prov, prov.c.id == cur.c.parent_id)
                )
                .distinct()
            ).scalars()
        )
        total = conn.execute(select(func.count()).select_from(admin_unit)).scalar()
    eng.dispose()
    assert provinces and provinces <= {"33", "82", "37"}  # Hưng Yên, Đồng Tháp, Ninh Bình
    assert total == 14_146  # nothing added: the sample's units were all there
    # Seeding twice is refused: the database holds data.
    code, _out, err = run(capsys, "seed", "--scale", "1500")
    assert code == 2 and "already holds data" in err


def _csv(header: list[str], rows: list[list]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8-sig")


def test_a_real_province_from_an_empty_database(empty_url, capsys, tmp_path):
    """init-db, then a dossier export, a Biểu 06 form, a satisfaction file and a dialogue
    file of Hưng Yên communes (today's codes), and the figures in `oversight metrics`."""
    assert run(capsys, "init-db")[0] == 0
    D = date
    # Phường Phố Hiến (11953), October 2025 (the export's layout: tests/test_import_exports).
    rows = [
        # early: resolved 03/10, due 06/10; online
        ["PH-1", "Đăng ký khai sinh", "Hộ tịch", None, "11953", "Trực tuyến toàn trình"]
        + ["Đã trả kết quả (trước hạn)", D(2025, 10, 1), D(2025, 10, 6), D(2025, 10, 3), ""],
        # on the day: resolved 07/10 = due 07/10; direct
        ["PH-2", "Đăng ký khai sinh", "Hộ tịch", None, "Phường Phố Hiến", "Trực tiếp"]
        + ["Đã giải quyết", D(2025, 10, 2), D(2025, 10, 7), D(2025, 10, 7), ""],
        # late: resolved 14/10, due 10/10; postal
        ["PH-3", "Đăng ký kết hôn", "Hộ tịch", None, "11953", "BCCI"]
        + ["Hoàn thành", D(2025, 10, 6), D(2025, 10, 10), D(2025, 10, 14), ""],
        # pending
        ["PH-4", "Đăng ký khai tử", "Hộ tịch", None, "11953", "Trực tiếp"]
        + ["Đang xử lý", D(2025, 10, 20), D(2025, 10, 30), None, ""],
    ]
    files = {
        "dossiers": ("ds.xlsx", export_xlsx(rows, serial_dates=True)),
        # Xã Tân Hưng (11977), official 2025-Q4; received totals include carried over.
        "report": (
            "bieu06.xlsx",
            filled_form(
                [
                    ("Hộ tịch", (12, 4, 6, 2, 9, 5, 3, 1, 3, 2, 1)),
                    ("Đất đai", (5, 0, 4, 1, 3, 1, 1, 1, 2, 2, 0)),
                ],
                unit_line="UBND XÃ TÂN HƯNG",
                upper_line="UBND TỈNH HƯNG YÊN",  # the name alone repeats in the country
                period_line="Kỳ báo cáo: Quý IV năm 2025 (Từ ngày 15/09/2025 đến ngày 14/12/2025)",
            ),
        ),
        "satisfaction": (
            "hl.csv",
            _csv(
                ["Mã phiếu", "Đơn vị", "Ngày đánh giá", "Hình thức đánh giá"]
                + ["Mức độ hài lòng chung"],
                [
                    ["K1", "11953", "03/10/2025", "Kiosk", "Rất hài lòng"],
                    ["K2", "11953", "07/10/2025", "Kiosk", "Hài lòng"],
                    ["K3", "11953", "14/10/2025", "Mã QR", "Bình thường"],
                    ["K4", "11953", "15/10/2025", "Phiếu giấy", "Không hài lòng"],
                ],
            ),
        ),
        "dialogue": (
            "dt.csv",
            _csv(
                ["Mã buổi đối thoại", "Đơn vị", "Ngày đối thoại", "Hình thức", "Chủ trì"]
                + ["Số người tham dự", "Chủ đề kiến nghị", "Nội dung kiến nghị"]
                + ["Trả lời tại chỗ", "Cơ quan được giao", "Hạn giải quyết"],
                [
                    ["DT-1", "11953", "15/10/2025", "Hội nghị đối thoại", "Chủ tịch UBND"]
                    + ["120", "Đất đai", "Cấp giấy chứng nhận chậm", "Có", "", ""],
                    ["DT-1", "11953", "15/10/2025", "Hội nghị đối thoại", "Chủ tịch UBND"]
                    + ["120", "Hạ tầng", "Đường ngập", "Không", "Phòng Kinh tế", "30/11/2025"],
                ],
            ),
        ),
    }
    for kind, (name, data) in files.items():
        f = tmp_path / name
        f.write_bytes(data)
        code, out, err = run(capsys, "import", kind, str(f), "--format", "json")
        report = json.loads(out)
        assert code == 0 and report["written"] and report["errors"] == 0, (
            kind,
            [(p["row"], p["code"], p["reason_en"]) for p in report["problems"]],
        )
    # Dossiers, October 2025 at 11953: received 4 (online 1); resolved 3: early 1, on the
    # day 1, late 1 -> on time 2 of 3 = 66.67 %.
    code, out, _ = run(
        capsys, "metrics", "on-time", "--period", "2025-10", "--unit", "11953", "--format", "json"
    )
    (m,) = json.loads(out)
    assert (m["received"], m["resolved"], m["early"], m["on_time"], m["late"]) == (4, 3, 1, 1, 1)
    assert m["on_time_rate"] == pytest.approx(66.67, abs=0.01)
    # Biểu 06, official 2025-Q4 at 11977: received in the period 10 + 4 = 14 (not 17: the
    # carried-over 3 are not received again); resolved 9 + 3 = 12, early 6, on time 4, late 2.
    code, out, _ = run(
        capsys,
        "metrics", "on-time", "--period", "2025-Q4", "--official", "--unit", "11977",
        "--format", "json",
    )  # fmt: skip
    (m,) = json.loads(out)
    assert (m["received"], m["resolved"], m["early"], m["on_time"], m["late"]) == (14, 12, 6, 4, 2)
    # Satisfaction, October 2025 at 11953: 5 and 4 satisfied of 4 responses -> 50 %.
    code, out, _ = run(
        capsys,
        "metrics", "satisfaction", "--period", "2025-10", "--unit", "11953", "--format", "json",
    )  # fmt: skip
    (s,) = json.loads(out)
    assert s["responses"] == 4 and s["satisfaction_rate"] == pytest.approx(50.0)
    # Dialogue, October 2025 at 11953: one session, two petitions, one answered on the spot.
    code, out, _ = run(
        capsys,
        "metrics", "dialogue", "--period", "2025-10", "--unit", "11953", "--format", "json",
    )  # fmt: skip
    (d,) = json.loads(out)
    assert (d["sessions"], d["petitions"]) == (1, 2)
    assert d["on_spot"] == 1 and d["assigned"] == 1
    # An export that names the procedure only by its national code (Mã TTHC) finds it.
    f = tmp_path / "ma_tthc.csv"
    f.write_bytes(
        _csv(
            ["Mã hồ sơ", "Mã TTHC", "Đơn vị tiếp nhận", "Kênh nộp", "Trạng thái"]
            + ["Ngày tiếp nhận", "Ngày hẹn trả"],
            [["PH-5", "1.000656", "11953", "1", "4", "20/10/2025", "30/10/2025"]],
        )
    )
    code, out, _ = run(capsys, "import", "dossiers", str(f), "--dry-run", "--format", "json")
    report = json.loads(out)
    assert code == 0 and report["added"] == 1 and report["errors"] == 0
    assert not [p for p in report["problems"] if p["code"] == "procedure_created"]
    # A package update renames a unit: refresh brings the name back, the data stay as they are.
    from sqlalchemy import update

    eng = make_engine(empty_url)
    with eng.begin() as conn:
        conn.execute(update(admin_unit).where(admin_unit.c.code == "11953").values(name="Cũ"))
    code, out, _ = run(capsys, "registers", "refresh")
    assert code == 0 and "(+0 added, 1 updated)" in out.splitlines()[0]
    with eng.connect() as conn:
        name = conn.execute(select(admin_unit.c.name).where(admin_unit.c.code == "11953")).scalar()
    eng.dispose()
    assert name == "Phường Phố Hiến"
    code, out, _ = run(
        capsys, "metrics", "on-time", "--period", "2025-10", "--unit", "11953", "--format", "json"
    )
    (m,) = json.loads(out)
    assert (m["received"], m["resolved"], m["early"], m["on_time"], m["late"]) == (4, 3, 1, 1, 1)


def test_reform_models_are_a_register_and_rollouts_import_into_an_empty_database(
    empty_url, capsys, tmp_path
):
    """The models the source documents name come with init-db (16, Hưng Yên's Dân vận khéo with
    its four criteria), so a province's rollout file imports with nothing seeded; refreshing
    adds nothing twice."""
    from dashboard.storage.schema import model_criterion, reform_model

    assert run(capsys, "init-db")[0] == 0
    eng = make_engine(empty_url)
    with eng.connect() as conn:
        n_models = conn.execute(select(func.count()).select_from(reform_model)).scalar()
        hy = conn.execute(
            select(model_criterion.c.code)
            .join(reform_model)
            .where(reform_model.c.code == "HY-DVK-CQPV")
            .order_by(model_criterion.c.code)
        ).scalars()
        hy = list(hy)
    eng.dispose()
    assert n_models == 16 and len(hy) == 4
    code, out, _ = run(capsys, "registers", "refresh")
    assert code == 0 and "models" in out and "(+0 added, 0 updated)" in out
    f = tmp_path / "ro.csv"
    f.write_bytes(
        _csv(
            ["Mô hình", "Đơn vị", "Ngày đăng ký", "Ngày ra mắt"],
            [
                ["HY-DVK-CQPV", "11953", "01/09/2026", "20/10/2026"],
                # the model by its name; a commune's name with its province (it repeats)
                ["Ngày thứ Bảy vì dân", "Xã Tân Hưng, Tỉnh Hưng Yên", "15/08/2026", ""],
            ],
        )
    )
    code, out, _ = run(capsys, "import", "rollout", str(f), "--format", "json")
    report = json.loads(out)
    assert code == 0 and report["added"] == 2, report["problems"]
    code, out, _ = run(
        capsys, "metrics", "rollout", "--as-of", "2026-11-26", "--unit", "33", "--format", "json"
    )
    got = sorted((r["unit_code"], r["model_code"], r["stage"]) for r in json.loads(out))
    assert got == [("11953", "HY-DVK-CQPV", "launched"), ("11977", "HND-T7", "registered")]


def test_the_shipped_templates_import_into_an_empty_database(empty_url, capsys):
    """Every example file in sample_data/templates checks clean against the whole country's
    register (the Biểu 06 form's "Đơn vị báo cáo: UBND tỉnh Hưng Yên" tells which "Xã Tân Hưng"
    its rows mean); assessments need their rollouts first, so they come after them."""
    from pathlib import Path

    assert run(capsys, "init-db")[0] == 0
    root = Path(__file__).resolve().parent.parent / "sample_data" / "templates"
    order = ["procedures", "communes", "dossiers", "report", "satisfaction", "dialogue"]
    order += ["rollout", "assessments", "targets", "pakn", "index766"]
    for kind in order:
        name = "bieu_06_VPCP_KSTT.xlsx" if kind == "report" else f"{kind}.csv"
        code, out, _ = run(capsys, "import", kind, str(root / name), "--format", "json")
        report = json.loads(out)
        assert code == 0 and report["errors"] == 0 and report["written"], (
            kind,
            [
                (p["row"], p["column"], p["code"])
                for p in report["problems"]
                if p["level"] == "error"
            ],
        )


def test_a_data_officers_province_settles_a_name_that_repeats(
    empty_url, capsys, tmp_path, monkeypatch
):
    """ "Xã Tân Hưng" names four communes of today; imported by a data officer of Hưng Yên (33)
    it is theirs (11977), imported without a user it is refused as ambiguous."""
    from dashboard.access import users as auth

    assert run(capsys, "init-db")[0] == 0
    users = tmp_path / "users.json"
    auth.add_user("canbo", "data_officer", "33", "mat-khau-thu-nghiem", path=users)
    monkeypatch.setenv("OVERSIGHT_USERS_FILE", str(users))
    f = tmp_path / "hl.csv"
    f.write_bytes(
        _csv(
            ["Mã phiếu", "Đơn vị", "Ngày đánh giá", "Hình thức đánh giá", "Mức độ hài lòng chung"],
            [["TH-1", "Xã Tân Hưng", "03/10/2025", "Kiosk", "Hài lòng"]],
        )
    )
    code, out, _ = run(capsys, "import", "satisfaction", str(f), "--format", "json")
    report = json.loads(out)
    assert code == 1 and [p["code"] for p in report["problems"] if p["level"] == "error"] == [
        "ambiguous_unit"
    ]
    code, out, _ = run(
        capsys, "--as", "canbo", "import", "satisfaction", str(f), "--format", "json"
    )
    assert code == 0 and json.loads(out)["added"] == 1
    code, out, _ = run(
        capsys,
        "metrics",
        "satisfaction",
        "--period",
        "2025-10",
        "--unit",
        "11977",
        "--format",
        "json",
    )
    assert json.loads(out)[0]["responses"] == 1
