"""The database schema, in SQLAlchemy Core.

One table per entity of DOMAIN.md. Alembic migrations (dashboard/migrations) create it;
this module is the single description both the migrations and the queries import.

Conventions:
- Dates are ``Date`` (no time of day is needed for any metric).
- Codes of the national portal are kept as small integers (status 1..10, channel 1..3).
- No table has a column for a citizen's name, ID number, phone number or address.
- Values that need date arithmetic (effective deadline, processing days) are computed once at
  write time (``dashboard.dossiers.derive``) so every query stays portable across SQLite and
  PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# --- Administrative units and their lineage -------------------------------------------

admin_unit = Table(
    "admin_unit",
    metadata,
    Column("id", Integer, primary_key=True),
    # Unique over all time. Current units: the GSO code ("33", "11959"). Pre-July-2025 units:
    # "L" + GSO code, because the 2025 list reuses old codes for different units.
    Column("code", String(32), nullable=False, unique=True),
    Column("gso_code", String(16)),
    Column("name", String(200), nullable=False),
    Column("short_name", String(200), nullable=False),
    Column("level", String(16), nullable=False),  # province | district | commune
    Column("unit_type", String(32), nullable=False),  # Tỉnh, Huyện, Xã, Phường, Thị trấn, ...
    Column("parent_id", Integer, ForeignKey("admin_unit.id")),
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date),  # last day of validity; NULL while the unit exists
    Column("lat", Float),
    Column("lon", Float),
    Column("area_km2", Float),
    # Today's unit this one's records roll up to (itself for a current unit), derived from
    # unit_lineage by dashboard.units.refresh_current_units.
    Column("current_unit_id", Integer, ForeignKey("admin_unit.id")),
    CheckConstraint("level in ('province', 'district', 'commune')", name="level"),
)
Index("ix_admin_unit_parent", admin_unit.c.parent_id)
Index("ix_admin_unit_current", admin_unit.c.current_unit_id)

unit_lineage = Table(
    "unit_lineage",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("predecessor_id", Integer, ForeignKey("admin_unit.id"), nullable=False),
    Column("successor_id", Integer, ForeignKey("admin_unit.id"), nullable=False),
    Column("effective_date", Date, nullable=False),
    Column("legal_source", String(300), nullable=False),
    # Share of the predecessor that went to this successor (1.0 when it went whole).
    Column("weight", Float, nullable=False, default=1.0),
    # The successor a split predecessor's records are rolled up to, so counts stay whole.
    Column("is_primary", Boolean, nullable=False, default=True),
    UniqueConstraint("predecessor_id", "successor_id", name="uq_unit_lineage_pair"),
)
Index("ix_unit_lineage_successor", unit_lineage.c.successor_id)

# --- Fields, procedures, departments --------------------------------------------------

field = Table(
    "field",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(32), nullable=False, unique=True),
    Column("name_vi", String(200), nullable=False),
    Column("name_en", String(200), nullable=False),
)

procedure = Table(
    "procedure",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(64), nullable=False, unique=True),
    Column("name", String(400), nullable=False),
    Column("field_id", Integer, ForeignKey("field.id"), nullable=False),
    Column("processing_days", Integer, nullable=False),  # legal time limit, working days
    # The code in the national database of procedures (CSDLQG về TTHC), e.g. "1.001193" for
    # Đăng ký khai sinh, where known: exports name procedures by it ("Mã TTHC").
    Column("official_code", String(16)),
)
Index("ix_procedure_official_code", procedure.c.official_code)

department = Table(
    "department",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("unit_id", Integer, ForeignKey("admin_unit.id"), nullable=False),
    Column("name", String(200), nullable=False),
    UniqueConstraint("unit_id", "name", name="uq_department_unit_name"),
)

# --- Reference registers (loaded by `oversight init-db`, dashboard.storage.registers) ------

# What each register holds and where it came from: units, departments, catalogue, models, holidays.
register_version = Table(
    "register_version",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("source", String(300), nullable=False),
    Column("version", String(64), nullable=False),
    Column("loaded_at", DateTime, nullable=False),
    Column("rows", Integer, nullable=False),
)

# Days that are not ordinary: weekdays off (public holidays, swapped days off) and weekend
# days worked in exchange. Working days are Monday–Friday except the first kind, plus the
# second (dashboard.domain.workdays.WorkCalendar).
holiday = Table(
    "holiday",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("day", Date, nullable=False, unique=True),
    Column("kind", String(16), nullable=False),  # day_off | working_day
    Column("name", String(200), nullable=False),
    Column("source", String(200), nullable=False),
    CheckConstraint("kind in ('day_off', 'working_day')", name="kind"),
)

# --- Imports --------------------------------------------------------------------------

import_batch = Table(
    "import_batch",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(32), nullable=False),  # dossiers, report, satisfaction, ..., seed
    Column("file_name", String(400), nullable=False),
    Column("file_hash", String(64), nullable=False),
    Column("imported_by", String(120), nullable=False),
    Column("imported_at", DateTime, nullable=False),
    Column("rows_added", Integer, nullable=False, default=0),
    Column("rows_updated", Integer, nullable=False, default=0),
    Column("rows_rejected", Integer, nullable=False, default=0),
    # Latest date the batch's data covers, shown as "dữ liệu đến ngày …".
    Column("data_until", Date),
)

# Every sign-in, failure, lock, import, export, user change and refused scope attempt, with
# who and when. Append-only: triggers refuse UPDATE and DELETE on both databases; on PostgreSQL
# the application roles add rows only through the function audit_append (migration 0005).
audit_event = Table(
    "audit_event",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime, nullable=False),
    # The signed-in user, the ``--as`` user of the command line, or the operating-system user
    # of a command run without ``--as``; "?" when a sign-in names no known user.
    Column("actor", String(120), nullable=False),
    Column("action", String(32), nullable=False),  # login, login_failed, import, export, ...
    Column("detail", Text),
    Column("os_user", String(64)),  # command line: the operating-system user beside ``--as``
    Column("client", String(64)),  # web: the client address
)
Index("ix_audit_event_at", audit_event.c.at)

# --- Sign-in sessions and attempts (dashboard/access/sessions.py, attempts.py) ----------

# One row per signed-in browser. The cookie holds a random token; only its SHA-256 is kept,
# so a copy of the database signs nobody in. Every dashboard process reads the same rows.
user_session = Table(
    "user_session",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("username", String(120), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("last_seen_at", DateTime, nullable=False),
    Column("client", String(64)),
)
Index("ix_user_session_username", user_session.c.username)

# Failed sign-ins counted per known username (kind "user") and per client address (kind
# "client"); never the text typed for an unknown username.
login_throttle = Table(
    "login_throttle",
    metadata,
    Column("kind", String(8), primary_key=True),
    Column("key", String(120), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("first_failure_at", DateTime, nullable=False),
    Column("last_failure_at", DateTime, nullable=False),
    Column("locked_until", DateTime),
)

# --- The data version (issue 18) ---------------------------------------------------------

# One row: a counter every import, seed and register load bumps in its own transaction. Every
# dashboard process keys its query cache by it, so an import made through one process (or the
# command line) invalidates the cached figures of all of them. ``changed_at``: when it moved.
data_version = Table(
    "data_version",
    metadata,
    Column("id", SmallInteger, primary_key=True),
    Column("version", Integer, nullable=False),
    Column("changed_at", DateTime, nullable=False),
)

# --- Dossiers -------------------------------------------------------------------------

# National-portal status codes (DOMAIN.md).
STATUS_NEW, STATUS_RECEIVED, STATUS_NOT_ACCEPTED, STATUS_PROCESSING = 1, 2, 3, 4
STATUS_SUPPLEMENT, STATUS_FINANCIAL, STATUS_WITHDRAWN, STATUS_STOPPED = 5, 6, 7, 8
STATUS_RESOLVED, STATUS_RETURNED = 9, 10
CHANNEL_DIRECT, CHANNEL_ONLINE, CHANNEL_POSTAL = 1, 2, 3

# On PostgreSQL the table is partitioned by month of received_date (migration
# 18_dossier_partitions, dashboard/storage/partitions.py): there its primary key is
# (id, received_date), code has an ordinary index ix_dossier_code instead of the unique
# constraint (the importer keeps codes unique), and satisfaction_response.dossier_id has no
# foreign key. This description stays the SQLite one; tests/test_migrations.py names the
# differences.
dossier = Table(
    "dossier",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(64), nullable=False, unique=True),
    Column("procedure_id", Integer, ForeignKey("procedure.id"), nullable=False),
    Column("field_id", Integer, ForeignKey("field.id"), nullable=False),
    Column("receiving_unit_id", Integer, ForeignKey("admin_unit.id"), nullable=False),
    Column("resolving_unit_id", Integer, ForeignKey("admin_unit.id"), nullable=False),
    Column("department_id", Integer, ForeignKey("department.id")),
    Column("channel", SmallInteger, nullable=False),
    Column("status", SmallInteger, nullable=False),
    Column("received_date", Date, nullable=False),
    Column("appointment_date", Date, nullable=False),
    Column("resolved_date", Date),
    Column("returned_date", Date),
    # Date processing stopped without a result (rejected, withdrawn, stopped): leaves backlog.
    Column("closed_date", Date),
    Column("supplement_wait_days", Integer, nullable=False, default=0),
    # appointment_date + supplement_wait_days: the portal's deadline once waiting for the
    # citizen's supplement is deducted. Derived at write time.
    Column("effective_due_date", Date, nullable=False),
    Column("processing_days", Integer),  # resolved_date - received_date, derived
    Column("apology_letter", Boolean, nullable=False, default=False),
    Column("online_payment", Boolean, nullable=False, default=False),
    Column("digitised", Boolean, nullable=False, default=False),
    # What the national service index (QĐ 766, DOMAIN.md) reads, as portals export it. NULL:
    # the export did not say (an indicator counts only the dossiers whose value is known).
    # The procedure's service level for this dossier: True toàn trình, False một phần.
    Column("full_online_service", Boolean),
    Column("fee_required", Boolean),  # a fee, charge or financial obligation was due
    Column("result_electronic", Boolean),  # the result was issued electronically
    Column("data_reused", Boolean),  # data already held replaced a component
    Column("shared_reuse", Boolean),  # its digitised parts were reused (khai thác, sử dụng lại)
    Column("population_db", Boolean),  # the population database was used
    Column("synced_on_time", Boolean),  # its status reached the national portal on time
    # The citizen rated the handling unsatisfied or complained about it.
    Column("citizen_unsatisfied", Boolean),
    Column("import_batch_id", Integer, ForeignKey("import_batch.id")),
    CheckConstraint("channel between 1 and 3", name="channel"),
    CheckConstraint("status between 1 and 10", name="status"),
    CheckConstraint(
        "resolved_date is null or resolved_date >= received_date", name="resolved_after_received"
    ),
)
# Chosen with EXPLAIN for the drill-down list (unit + resolution period) and the backlog
# as of a date (received_date range, then resolution/closing after the date).
Index("ix_dossier_unit_resolved", dossier.c.resolving_unit_id, dossier.c.resolved_date)
Index("ix_dossier_unit_received", dossier.c.resolving_unit_id, dossier.c.received_date)
Index("ix_dossier_received", dossier.c.received_date)
# Dossiers about to be late (queries.due_soon): a few days of due dates out of millions,
# with what the counts read of each (pending, scope, department, field), so that they are
# answered from the index alone (migration 21_due_covering).
Index(
    "ix_dossier_due",
    dossier.c.effective_due_date,
    dossier.c.received_date,
    dossier.c.resolved_date,
    dossier.c.closed_date,
    dossier.c.resolving_unit_id,
    dossier.c.department_id,
    dossier.c.field_id,
)
# Who holds what is late (queries.bodies): the few late dossiers (resolved after their due
# date, ~4 %) and the unresolved ones (~2 %: open, or closed unresolved, by closing date), by
# date, without reading the rest. Led by the date, not the unit: one range read per monthly
# partition, the province's units joined after (migration 18_bodies_indexes_by_date).
LATE_WHERE = "resolved_date > effective_due_date"
OPEN_WHERE = "resolved_date IS NULL"
Index(
    "ix_dossier_late",
    dossier.c.resolved_date,
    sqlite_where=text(LATE_WHERE),
    postgresql_where=text(LATE_WHERE),
)
# The same late dossiers by unit: one scope's list of them (queries.index766.failing, the
# drill-down into on time and satisfaction) reads its units' ranges, neither every dossier
# the scope resolved nor the whole database's late ones (migration 33_dossier_unit_late).
Index(
    "ix_dossier_unit_late",
    dossier.c.resolving_unit_id,
    dossier.c.resolved_date,
    sqlite_where=text(LATE_WHERE),
    postgresql_where=text(LATE_WHERE),
)
# The dossiers rated unsatisfied (~2 %), by unit: the satisfaction drill-down's other part
# (migration 34_dossier_unit_unsatisfied). The condition as each database's statements write
# ``citizen_unsatisfied.is_(True)``: SQLite matches a partial index's condition as written.
Index(
    "ix_dossier_unit_unsatisfied",
    dossier.c.resolving_unit_id,
    dossier.c.resolved_date,
    sqlite_where=text("citizen_unsatisfied IS 1"),
    postgresql_where=text("citizen_unsatisfied IS true"),
)
Index(
    "ix_dossier_open",
    dossier.c.closed_date,
    dossier.c.effective_due_date,
    sqlite_where=text(OPEN_WHERE),
    postgresql_where=text(OPEN_WHERE),
)
# The same unresolved dossiers by unit, with what the backlog at a day reads of them
# (queries.on_time.backlog from the rows: a running period's, today's; the service index's
# pending by department and the count of what is at stake): answered from the index alone,
# not from ~180,000 rows spread over the table (a province at 10M dossiers: ~310 -> ~30 ms
# on SQLite; migration 29_dossier_unresolved). The due date follows the closing date, and the
# code and resolution date are carried, so that who holds what is overdue (queries.bodies)
# reads each unit's open dossiers past due as a range of it alone (migration
# 40_unresolved_by_due: by due date through ix_dossier_open it visited the table for each).
Index(
    "ix_dossier_unresolved",
    dossier.c.resolving_unit_id,
    dossier.c.closed_date,
    dossier.c.effective_due_date,
    dossier.c.received_date,
    dossier.c.field_id,
    dossier.c.apology_letter,
    dossier.c.department_id,
    dossier.c.code,
    dossier.c.resolved_date,
    sqlite_where=text(OPEN_WHERE),
    postgresql_where=text(OPEN_WHERE),
)

# PostgreSQL only (migration 31_dossier_unresolved_table, made and kept there, not by
# ``metadata``): the same unresolved dossiers in one table, kept by triggers under every
# write. On the partitioned ``dossier`` a read of them planned and probed each of ~72 monthly
# partitions, as they are received in every month (a province's backlog at today, 1M
# dossiers: ~85 -> ~8 ms). Read through ``queries.on_time.unresolved_parts``. Indexed by unit
# (ix_dossier_unresolved_unit) and by closing and due date (ix_dossier_unresolved_due,
# migration 38: the dossiers due soon, queries.due_soon).
pg_only = MetaData()
dossier_unresolved = Table(
    "dossier_unresolved",
    pg_only,
    Column("id", Integer, primary_key=True),
    Column("code", String(64), nullable=False),
    Column("procedure_id", Integer, nullable=False),
    Column("field_id", Integer, nullable=False),
    Column("resolving_unit_id", Integer, nullable=False),
    Column("department_id", Integer),
    Column("channel", SmallInteger, nullable=False),
    Column("status", SmallInteger, nullable=False),
    Column("received_date", Date, nullable=False),
    Column("closed_date", Date),
    Column("effective_due_date", Date, nullable=False),
    Column("apology_letter", Boolean, nullable=False),
    # The late list shows it (migration 32_unresolved_appointment).
    Column("appointment_date", Date, nullable=False),
)

# --- The national service index (Decision 766/QĐ-TTg), DOMAIN.md ------------------------

# A unit's published list of procedures, one row per procedure in it, with what the index
# asks of each: announced on time, updated and published on time in the national database,
# published with every required part, eligible for full-online service, fee-bearing,
# connected to the population database. NULL: not known.
unit_procedure = Table(
    "unit_procedure",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("unit_id", Integer, ForeignKey("admin_unit.id"), nullable=False),
    Column("procedure_id", Integer, ForeignKey("procedure.id"), nullable=False),
    Column("full_online_eligible", Boolean),
    Column("fee_bearing", Boolean),
    Column("announced_on_time", Boolean),
    Column("published_on_time", Boolean),
    Column("published_complete", Boolean),
    Column("population_db_connected", Boolean),
    Column("import_batch_id", Integer, ForeignKey("import_batch.id")),
    UniqueConstraint("unit_id", "procedure_id", name="uq_unit_procedure_key"),
)

# Per commune: electronic certified copies (chứng thực bản sao điện tử) offered, since when.
commune_service = Table(
    "commune_service",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("unit_id", Integer, ForeignKey("admin_unit.id"), nullable=False, unique=True),
    Column("e_certified_copy", Boolean, nullable=False),
    Column("e_certified_copy_since", Date),
    Column("import_batch_id", Integer, ForeignKey("import_batch.id")),
)

# Petitions and feedback received through the national portal (phản ánh, kiến nghị, PAKN):
# no content and no personal data, only the dates and the citizen's rating.
PAKN_RATINGS = {1: "unsatisfied", 2: "acceptable", 3: "satisfied"}
pakn = Table(
    "pakn",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(64), nullable=False, unique=True),
    Column("unit_id", Integer, ForeignKey("admin_unit.id"), nullable=False),
    Column("department_id", Integer, ForeignKey("department.id")),
    Column("received_date", Date, nullable=False),
    Column("deadline", Date, nullable=False),
    Column("handled_date", Date),
    # 3 hài lòng, 2 chấp nhận được, 1 không hài lòng; NULL not rated.
    Column("rating", SmallInteger),
    Column("complained_again", Boolean, nullable=False, default=False),
    Column("import_batch_id", Integer, ForeignKey("import_batch.id")),
    CheckConstraint("rating between 1 and 3", name="rating"),
    CheckConstraint("handled_date is null or handled_date >= received_date", name="handled"),
)
Index("ix_pakn_unit_received", pakn.c.unit_id, pakn.c.received_date)
Index("ix_pakn_unit_handled", pakn.c.unit_id, pakn.c.handled_date)  # the index's months

# The official score the portal published, as imported (its evaluation pages' JSON, or a
# template filled by hand): per unit or department, period and indicator. ``subject`` is
# "u<unit id>" or "d<department id>"; ``indicator`` an indicator code of queries.index766,
# "group:<group code>" or "total".
index766_official = Table(
    "index766_official",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("subject", String(24), nullable=False),
    Column("unit_id", Integer, ForeignKey("admin_unit.id")),
    Column("department_id", Integer, ForeignKey("department.id")),
    Column("portal_name", String(300), nullable=False),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("indicator", String(64), nullable=False),
    Column("numerator", Float),
    Column("denominator", Float),
    Column("ratio", Float),
    Column("score", Float, nullable=False),
    Column("max_score", Float),
    Column("import_batch_id", Integer, ForeignKey("import_batch.id")),
    UniqueConstraint(
        "subject", "period_start", "period_end", "indicator", name="uq_index766_official_key"
    ),
)

# --- Official periodic report (Biểu 06/VPCP/KSTT) --------------------------------------

report_row = Table(
    "report_row",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("unit_id", Integer, ForeignKey("admin_unit.id"), nullable=False),
    Column("field_id", Integer, ForeignKey("field.id"), nullable=False),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("received_total", Integer, nullable=False),
    Column("received_online", Integer, nullable=False),
    Column("received_direct_postal", Integer, nullable=False),
    Column("carried_over", Integer, nullable=False),
    Column("resolved_total", Integer, nullable=False),
    Column("resolved_early", Integer, nullable=False),
    Column("resolved_on_time", Integer, nullable=False),
    Column("resolved_late", Integer, nullable=False),
    Column("pending_total", Integer, nullable=False),
    Column("pending_within", Integer, nullable=False),
    Column("pending_overdue", Integer, nullable=False),
    Column("import_batch_id", Integer, ForeignKey("import_batch.id")),
    UniqueConstraint("unit_id", "field_id", "period_start", "period_end", name="uq_report_row_key"),
    CheckConstraint(
        "resolved_total = resolved_early + resolved_on_time + resolved_late", name="resolved_sum"
    ),
    CheckConstraint("pending_total = pending_within + pending_overdue", name="pending_sum"),
)

# --- Satisfaction ---------------------------------------------------------------------

satisfaction_response = Table(
    "satisfaction_response",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(64), nullable=False, unique=True),
    Column("unit_id", Integer, ForeignKey("admin_unit.id"), nullable=False),
    Column("responded_on", Date, nullable=False),
    Column("rating_channel", String(16), nullable=False),  # kiosk, tablet, qr, paper, survey
    Column("field_id", Integer, ForeignKey("field.id")),
    # No foreign key on PostgreSQL, where dossier is partitioned (see dossier above).
    Column("dossier_id", Integer, ForeignKey("dossier.id")),
    # 5 rất hài lòng, 4 hài lòng, 3 bình thường, 2 không hài lòng, 1 rất không hài lòng
    Column("overall", SmallInteger, nullable=False),
    Column("access", SmallInteger),  # SIPAS elements
    Column("procedure", SmallInteger),
    Column("civil_servant", SmallInteger),
    Column("result", SmallInteger),
    Column("feedback", SmallInteger),
    Column("comment", Text),  # free text; never personal data (imports strip it)
    Column("import_batch_id", Integer, ForeignKey("import_batch.id")),
    CheckConstraint("overall between 1 and 5", name="overall"),
)
Index(
    "ix_satisfaction_unit_date",
    satisfaction_response.c.unit_id,
    satisfaction_response.c.responded_on,
)
# The dissatisfied responses with a comment (~1 % of them): the latest comments of the
# satisfaction page read these alone, not every response of the quarter (migration
# 23_negative_comments).
NEGATIVE_WHERE = "overall <= 2 AND comment IS NOT NULL"
Index(
    "ix_satisfaction_negative",
    satisfaction_response.c.unit_id,
    satisfaction_response.c.responded_on,
    sqlite_where=text(NEGATIVE_WHERE),
    postgresql_where=text(NEGATIVE_WHERE),
)

# --- Reform models and rollouts ---------------------------------------------------------

reform_model = Table(
    "reform_model",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(64), nullable=False, unique=True),
    Column("name", String(300), nullable=False),
    Column("sponsor", String(300), nullable=False),
    Column("legal_basis", String(300), nullable=False),
    Column("decision_date", Date),
    Column("planned_start", Date),
    Column("planned_end", Date),
    Column("description", Text),
)

model_criterion = Table(
    "model_criterion",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("model_id", Integer, ForeignKey("reform_model.id"), nullable=False),
    Column("code", String(64), nullable=False),
    Column("name", String(400), nullable=False),
    UniqueConstraint("model_id", "code", name="uq_model_criterion_code"),
)

ROLLOUT_STAGES = (
    "registered",
    "launched",
    "piloting",
    "preliminary_review",
    "final_review",
    "replicated",
)

rollout = Table(
    "rollout",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("model_id", Integer, ForeignKey("reform_model.id"), nullable=False),
    Column("unit_id", Integer, ForeignKey("admin_unit.id"), nullable=False),
    Column("registered_on", Date),
    Column("launched_on", Date),
    Column("piloting_on", Date),
    Column("preliminary_review_on", Date),
    Column("final_review_on", Date),
    Column("replicated_on", Date),
    Column("stopped_on", Date),
    Column("planned_launch_on", Date),
    Column("planned_preliminary_review_on", Date),
    Column("planned_final_review_on", Date),
    Column("note", Text),
    UniqueConstraint("model_id", "unit_id", name="uq_rollout_model_unit"),
)

criterion_assessment = Table(
    "criterion_assessment",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("rollout_id", Integer, ForeignKey("rollout.id"), nullable=False),
    Column("criterion_id", Integer, ForeignKey("model_criterion.id"), nullable=False),
    Column("assessed_on", Date, nullable=False),
    Column("met", Boolean, nullable=False),
    Column("score", Float),  # 0..100 where the assessment scores
    Column("note", Text),
    UniqueConstraint("rollout_id", "criterion_id", "assessed_on", name="uq_assessment_key"),
)

# --- Dialogue with citizens -------------------------------------------------------------

dialogue_session = Table(
    "dialogue_session",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(64), nullable=False, unique=True),
    Column("unit_id", Integer, ForeignKey("admin_unit.id"), nullable=False),
    Column("held_on", Date, nullable=False),
    # conference (hội nghị đối thoại, Law 10/2022 Art. 32), periodic, on_demand,
    # tea (ly trà đối thoại), saturday (Ngày thứ Bảy vì dân)
    Column("format", String(32), nullable=False),
    Column("chaired_by", String(200), nullable=False),  # the office, e.g. "Chủ tịch UBND xã"
    Column("participants", Integer, nullable=False),
    Column("import_batch_id", Integer, ForeignKey("import_batch.id")),
)
Index("ix_dialogue_unit_date", dialogue_session.c.unit_id, dialogue_session.c.held_on)

petition = Table(
    "petition",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", Integer, ForeignKey("dialogue_session.id"), nullable=False),
    Column("seq", Integer, nullable=False),
    # land, environment, social_policy, infrastructure, procedures, security, other
    Column("topic", String(32), nullable=False),
    Column("summary", Text, nullable=False),
    Column("answered_on_spot", Boolean, nullable=False, default=False),
    Column("assigned_agency", String(200)),
    Column("deadline", Date),
    Column("resolved_on", Date),
    UniqueConstraint("session_id", "seq", name="uq_petition_session_seq"),
)
# The petitions an earlier session carries into a period: assigned (not answered on the
# spot), by the day they were resolved (NULL: still open). The dialogue figures read these
# instead of every session of the scope back to the first (migration 24_petition_carried).
Index(
    "ix_petition_carried",
    petition.c.resolved_on,
    sqlite_where=petition.c.answered_on_spot.is_(False),
    postgresql_where=petition.c.answered_on_spot.is_(False),
)

# --- Targets --------------------------------------------------------------------------

METRICS = (
    "on_time_rate",
    "online_share",
    "satisfaction_rate",
    "dialogue_sessions",
    "models_per_unit",
)

target = Table(
    "target",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("metric", String(32), nullable=False),
    # The unit the target was set for; a province's target applies to its communes unless a
    # commune has its own.
    Column("unit_id", Integer, ForeignKey("admin_unit.id"), nullable=False),
    Column("year", Integer, nullable=False),
    Column("value", Float, nullable=False),
    # Within this many points below the target the status is "watch", further is "bad".
    Column("watch_margin", Float, nullable=False, default=5.0),
    Column("legal_source", String(300)),
    UniqueConstraint("metric", "unit_id", "year", name="uq_target_key"),
)

# --- Directives (kết luận chỉ đạo; queries/directives.py, dashboard/storage/directives.py) --

DIRECTIVE_STATUSES = ("open", "done", "cancelled")  # "overdue": open and past its due date

# What a leader asked for at a meeting, followed to the next one. Never deleted (cancelled
# instead): a trigger refuses DELETE (migration 17_directives). ``baseline`` is the
# indicator's value over ``baseline_period`` as the dashboard showed it on the day the
# directive was given, kept as it was then.
directive = Table(
    "directive",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("unit_id", Integer, ForeignKey("admin_unit.id"), nullable=False),
    Column("department_id", Integer, ForeignKey("department.id")),
    # A key of queries.directives.INDICATORS (a headline figure of a subject), or none.
    Column("indicator", String(40)),
    Column("field_id", Integer, ForeignKey("field.id")),  # the indicator's field, if any
    Column("baseline_period", String(32)),  # a period label (queries accept it as --period)
    Column("baseline", Float),
    Column("target", Float),
    Column("due_date", Date, nullable=False),
    Column("meeting", String(200), nullable=False),
    Column("meeting_date", Date, nullable=False),  # the day it was given
    Column("status", String(16), nullable=False),
    Column("closed_on", Date),  # done or cancelled on
    Column("created_by", String(120), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_by", String(120)),
    Column("updated_at", DateTime),
    CheckConstraint("status in ('open', 'done', 'cancelled')", name="status"),
)
Index("ix_directive_unit_id", directive.c.unit_id)
Index("ix_directive_meeting_date", directive.c.meeting_date)

# Dated progress notes; each may set the directive's status. Never changed or deleted.
directive_note = Table(
    "directive_note",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("directive_id", Integer, ForeignKey("directive.id"), nullable=False),
    Column("noted_on", Date, nullable=False),
    Column("text", Text, nullable=False),
    Column("status", String(16)),
    Column("noted_by", String(120), nullable=False),
    Column("noted_at", DateTime, nullable=False),
)
Index("ix_directive_note_directive_id", directive_note.c.directive_id)

# --- Rollups (derived; rebuilt by dashboard.rollups) ----------------------------------

# Resolved and received dossiers per recorded unit, field, channel and month. Pages read
# this instead of the dossier rows; rows of the official periodic report join in with
# source = 'report' so units that only send the form count too.
rollup_month = Table(
    "rollup_month",
    metadata,
    Column("unit_id", Integer, ForeignKey("admin_unit.id"), nullable=False),
    Column("field_id", Integer, ForeignKey("field.id"), nullable=False),
    Column("channel", SmallInteger, nullable=False),  # 0 = not known (report rows)
    Column("month", Date, nullable=False),  # first day of the month
    Column("source", String(8), nullable=False),  # dossier | report
    Column("received", Integer, nullable=False),
    Column("received_online", Integer, nullable=False),
    Column("resolved", Integer, nullable=False),
    Column("early", Integer, nullable=False),
    Column("on_time", Integer, nullable=False),
    Column("late", Integer, nullable=False),
    Column("late_with_apology", Integer, nullable=False),
    Column("processing_days_sum", Integer, nullable=False),
    Column("online_payment", Integer, nullable=False),
    Column("digitised", Integer, nullable=False),
)
Index("ix_rollup_month_month", rollup_month.c.month, rollup_month.c.unit_id)

# The same counts summed over field and channel: a province's monthly trend reads ~50 times
# fewer rows. Pages use it when they neither filter nor group by field or channel.
rollup_unit_month = Table(
    "rollup_unit_month",
    metadata,
    Column("unit_id", Integer, ForeignKey("admin_unit.id"), nullable=False),
    Column("month", Date, nullable=False),
    Column("source", String(8), nullable=False),
    *[
        Column(c, Integer, nullable=False)
        for c in (
            "received",
            "received_online",
            "resolved",
            "early",
            "on_time",
            "late",
            "late_with_apology",
            "processing_days_sum",
            "online_payment",
            "digitised",
        )
    ],
)
Index("ix_rollup_unit_month_month", rollup_unit_month.c.month, rollup_unit_month.c.unit_id)

# Satisfaction responses per recorded unit, month, rating channel and field: the counts
# behind every satisfaction figure (overall ratings and the five SIPAS elements).
SIPAS_ELEMENTS = ("access", "procedure", "civil_servant", "result", "feedback")


def _satisfaction_counts() -> list[Column]:
    """The counts both satisfaction rollups keep: responses, satisfied (4-5), r1..r5, and
    per SIPAS element the answers and the 4-5 answers."""
    return [
        Column("responses", Integer, nullable=False),
        Column("satisfied", Integer, nullable=False),
        *[Column(f"r{k}", Integer, nullable=False) for k in range(1, 6)],
        *[Column(f"{e}_n", Integer, nullable=False) for e in SIPAS_ELEMENTS],
        *[Column(f"{e}_ok", Integer, nullable=False) for e in SIPAS_ELEMENTS],
    ]


rollup_satisfaction_month = Table(
    "rollup_satisfaction_month",
    metadata,
    Column("unit_id", Integer, ForeignKey("admin_unit.id"), nullable=False),
    Column("month", Date, nullable=False),
    Column("rating_channel", String(16), nullable=False),
    Column("field_id", Integer, ForeignKey("field.id")),
    *_satisfaction_counts(),
)
Index(
    "ix_rollup_satisfaction_month",
    rollup_satisfaction_month.c.month,
    rollup_satisfaction_month.c.unit_id,
)
# The same counts summed over rating channel and field: what the cards, the trend, the
# league and the map read when they neither filter nor group by either (a province's 24
# months at 10M dossiers: 5,376 rows here, 105,040 in the table above).
rollup_satisfaction_unit_month = Table(
    "rollup_satisfaction_unit_month",
    metadata,
    Column("unit_id", Integer, ForeignKey("admin_unit.id"), nullable=False),
    Column("month", Date, nullable=False),
    *_satisfaction_counts(),
)
Index(
    "ix_rollup_satisfaction_unit_month",
    rollup_satisfaction_unit_month.c.month,
    rollup_satisfaction_unit_month.c.unit_id,
)

# What the service index (QĐ 766, queries/index766.py) counts of the dossiers, per recorded
# unit, procedure, department and month: the received measures by receiving unit and received month, the
# resolved ones by resolving unit and resolution month (dossier rows only).
INDEX766_RECEIVED = (
    "received",
    "digitised",
    "synced_known",
    "synced",
    "reused_known",
    "reused",
    "shared_known",
    "shared",
    "popdb_known",
    "popdb",
    "eligible",
    "full_online",
    "fee",
    "fee_paid_online",
    "paid_online",
)
INDEX766_RESOLVED = (
    "resolved",
    "resolved_on_time",
    "result_known",
    "result_electronic",
    "resolved_bad",
)
rollup_index766_month = Table(
    "rollup_index766_month",
    metadata,
    Column("unit_id", Integer, ForeignKey("admin_unit.id"), nullable=False),
    Column("procedure_id", Integer, ForeignKey("procedure.id"), nullable=False),
    # The department holding the dossiers (None: not recorded): the department ranking and a
    # department's own scorecard read the rollup too.
    Column("department_id", Integer, ForeignKey("department.id")),
    Column("month", Date, nullable=False),
    *[Column(c, Integer, nullable=False) for c in INDEX766_RECEIVED + INDEX766_RESOLVED],
)
Index("ix_rollup_index766_month", rollup_index766_month.c.month, rollup_index766_month.c.unit_id)
# The same counts summed over procedure and department: what a scorecard, a ranking by unit
# and the trend read (a province's quarter: ~1,500 rows here, ~25,000 in the table above).
rollup_index766_unit_month = Table(
    "rollup_index766_unit_month",
    metadata,
    Column("unit_id", Integer, ForeignKey("admin_unit.id"), nullable=False),
    Column("month", Date, nullable=False),
    *[Column(c, Integer, nullable=False) for c in INDEX766_RECEIVED + INDEX766_RESOLVED],
    # The fee-bearing procedures of the unit's list with dossiers received in the month, and
    # those with one paid online: the payment indicator month by month (the trend), which
    # otherwise groups the table above by procedure for every month. They depend on the
    # lists too: an import of lists refreshes them (rollups.refresh_index766_units).
    Column("fee_procs_used", Integer, nullable=False, server_default="0"),
    Column("fee_procs_paid_online", Integer, nullable=False, server_default="0"),
)
Index(
    "ix_rollup_index766_unit_month",
    rollup_index766_unit_month.c.month,
    rollup_index766_unit_month.c.unit_id,
)

# The same counts summed over procedure, per unit, department and month: the department
# ranking and a department's scorecard (a province's quarter: ~9,400 rows here, ~27,700 in
# rollup_index766_month at 10M dossiers).
rollup_index766_department_month = Table(
    "rollup_index766_department_month",
    metadata,
    Column("unit_id", Integer, ForeignKey("admin_unit.id"), nullable=False),
    Column("department_id", Integer, ForeignKey("department.id")),
    Column("month", Date, nullable=False),
    *[Column(c, Integer, nullable=False) for c in INDEX766_RECEIVED + INDEX766_RESOLVED],
)
Index(
    "ix_rollup_index766_department_month",
    rollup_index766_department_month.c.month,
    rollup_index766_department_month.c.unit_id,
)

# Each (unit, procedure) with dossiers received in a calendar quarter or year (``span_start``
# .. ``span_end``), and whether one of them was paid online: the payment indicator's
# fee-bearing procedures used, for a quarter's or a year's scorecard and ranking, which
# otherwise group that span's rows of rollup_index766_month by procedure (a province's
# quarter: 27,666 rows into 4,640 pairs at 10M dossiers). Whether a procedure bears a fee
# stays in the lists (unit_procedure); rollup_index766_unit_span holds the match.
rollup_index766_pair = Table(
    "rollup_index766_pair",
    metadata,
    Column("span_start", Date, nullable=False),
    Column("span_end", Date, nullable=False),
    Column("unit_id", Integer, ForeignKey("admin_unit.id"), nullable=False),
    Column("procedure_id", Integer, ForeignKey("procedure.id"), nullable=False),
    Column("paid_online", Integer, nullable=False),  # 1: a dossier was paid online
)
Index(
    "ix_rollup_index766_pair",
    rollup_index766_pair.c.span_start,
    rollup_index766_pair.c.span_end,
    rollup_index766_pair.c.unit_id,
    rollup_index766_pair.c.procedure_id,
    rollup_index766_pair.c.paid_online,
)

# The pairs matched with the units' lists, counted per unit: for each calendar quarter and
# year, the fee-bearing procedures of the unit's list used in it (``fee_procs_used``) and
# those with a dossier paid online. A scorecard or a ranking of a province's quarter read
# them per unit (~100 rows) instead of matching ~4,600 pairs with ~11,000 list rows (8 ms of
# an 11 ms statement on PostgreSQL at 10M). Written with the pairs, and again by an import
# of lists (rollups.refresh_index766_unit_spans), as the months' fee counts of
# rollup_index766_unit_month are: a list changed otherwise shows after a refresh.
rollup_index766_unit_span = Table(
    "rollup_index766_unit_span",
    metadata,
    Column("span_start", Date, nullable=False),
    Column("span_end", Date, nullable=False),
    Column("unit_id", Integer, ForeignKey("admin_unit.id"), nullable=False),
    Column("fee_procs_used", Integer, nullable=False),
    Column("fee_procs_paid_online", Integer, nullable=False),
)
Index(
    "ix_rollup_index766_unit_span",
    rollup_index766_unit_span.c.span_start,
    rollup_index766_unit_span.c.span_end,
    rollup_index766_unit_span.c.unit_id,
)

# Who holds what is late (queries/bodies.py) per recorded resolving unit, department (None: not
# recorded) and month: dossiers resolved late in the month ("late" rows), and dossiers pending at
# the month's end, those past their due date and the one due longest ago ("pending" rows; the
# earliest due date, then the smallest code; the service index's pending by department reads
# them too). Dossier rows only; the two kinds are separate rows.
rollup_body_month = Table(
    "rollup_body_month",
    metadata,
    Column("unit_id", Integer, ForeignKey("admin_unit.id"), nullable=False),
    Column("department_id", Integer, ForeignKey("department.id")),
    Column("month", Date, nullable=False),  # first day of the month
    Column("late", Integer, nullable=False),
    Column("late_no_apology", Integer, nullable=False),
    Column("pending", Integer, nullable=False),
    Column("overdue", Integer, nullable=False),
    Column("overdue_no_apology", Integer, nullable=False),
    Column("oldest_code", String(64)),
    Column("oldest_due", Date),
)
Index("ix_rollup_body_month", rollup_body_month.c.month, rollup_body_month.c.unit_id)

# Pending dossiers at the end of each month (backlog snapshot), per recorded unit and field.
backlog_month_end = Table(
    "backlog_month_end",
    metadata,
    Column("unit_id", Integer, ForeignKey("admin_unit.id"), nullable=False),
    Column("field_id", Integer, ForeignKey("field.id"), nullable=False),
    Column("as_of", Date, nullable=False),  # last day of the month
    Column("source", String(8), nullable=False),
    Column("pending_within", Integer, nullable=False),
    Column("pending_overdue", Integer, nullable=False),
    # Of the overdue ones, those with an apology letter (dossier rows; 0 for report rows).
    Column("pending_overdue_apology", Integer, nullable=False, server_default="0"),
)
Index("ix_backlog_as_of", backlog_month_end.c.as_of, backlog_month_end.c.unit_id)

# The month-end backlog summed over fields, per unit: what the figures without a field read
# (the on-time trend's overdue at 25 month ends: a province's 61,000 rows at 10M dossiers
# against some 6,000 here). Written with backlog_month_end, from it.
backlog_unit_month_end = Table(
    "backlog_unit_month_end",
    metadata,
    Column("unit_id", Integer, ForeignKey("admin_unit.id"), nullable=False),
    Column("as_of", Date, nullable=False),
    Column("source", String(8), nullable=False),
    Column("pending_within", Integer, nullable=False),
    Column("pending_overdue", Integer, nullable=False),
    Column("pending_overdue_apology", Integer, nullable=False),
)
Index("ix_backlog_unit_as_of", backlog_unit_month_end.c.as_of, backlog_unit_month_end.c.unit_id)

# The backlog at the end of one day, the day of the latest refresh (every import's, and the
# nightly ``oversight refresh-day``), per recorded unit and department, from the dossier
# rows: what a running period's pages read on that day instead of the pending dossiers
# themselves (a province's ~27,000 at 10M, ~31 ms on SQLite; ``queries.on_time.backlog``,
# and the overdue part of ``queries.bodies``).
# Holds that one day only; rewritten whole by ``dashboard.storage.rollups.refresh_backlog``.
backlog_day = Table(
    "backlog_day",
    metadata,
    Column("as_of", Date, nullable=False),
    Column("unit_id", Integer, ForeignKey("admin_unit.id"), nullable=False),
    Column("department_id", Integer, ForeignKey("department.id")),
    Column("pending_within", Integer, nullable=False),
    Column("pending_overdue", Integer, nullable=False),
    Column("pending_overdue_apology", Integer, nullable=False),
    # The overdue dossier due longest ago (then the smallest code): who holds what is overdue
    # (``queries.bodies``) names it, as rollup_body_month's oldest at a month end.
    Column("oldest_code", String(64)),
    Column("oldest_due", Date),
)
Index("ix_backlog_day", backlog_day.c.as_of, backlog_day.c.unit_id)
