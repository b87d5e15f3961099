"""the national service index (QĐ 766): dossier attributes, units' procedure lists, communes'
electronic certified copies, petitions via the portal (issue 14)

Revision ID: 14_index766
Revises: 17_due_soon
"""

import sqlalchemy as sa
from alembic import op

revision = "14_index766"
down_revision = "17_due_soon"
branch_labels = None
depends_on = None

DOSSIER_FLAGS = (
    "full_online_service",
    "fee_required",
    "result_electronic",
    "data_reused",
    "shared_reuse",
    "population_db",
    "synced_on_time",
    "citizen_unsatisfied",
)


def upgrade() -> None:
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        for c in DOSSIER_FLAGS:
            batch_op.add_column(sa.Column(c, sa.Boolean(), nullable=True))
    op.create_table(
        "unit_procedure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("procedure_id", sa.Integer(), nullable=False),
        sa.Column("full_online_eligible", sa.Boolean(), nullable=True),
        sa.Column("fee_bearing", sa.Boolean(), nullable=True),
        sa.Column("announced_on_time", sa.Boolean(), nullable=True),
        sa.Column("published_on_time", sa.Boolean(), nullable=True),
        sa.Column("published_complete", sa.Boolean(), nullable=True),
        sa.Column("population_db_connected", sa.Boolean(), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_unit_procedure_import_batch_id_import_batch"),
        ),
        sa.ForeignKeyConstraint(
            ["procedure_id"],
            ["procedure.id"],
            name=op.f("fk_unit_procedure_procedure_id_procedure"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["admin_unit.id"], name=op.f("fk_unit_procedure_unit_id_admin_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_procedure")),
        sa.UniqueConstraint("unit_id", "procedure_id", name="uq_unit_procedure_key"),
    )
    op.create_table(
        "commune_service",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("e_certified_copy", sa.Boolean(), nullable=False),
        sa.Column("e_certified_copy_since", sa.Date(), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_commune_service_import_batch_id_import_batch"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["admin_unit.id"], name=op.f("fk_commune_service_unit_id_admin_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commune_service")),
        sa.UniqueConstraint("unit_id", name=op.f("uq_commune_service_unit_id")),
    )
    op.create_table(
        "pakn",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("received_date", sa.Date(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("handled_date", sa.Date(), nullable=True),
        sa.Column("rating", sa.SmallInteger(), nullable=True),
        sa.Column("complained_again", sa.Boolean(), nullable=False),
        sa.Column("import_batch_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("rating between 1 and 3", name=op.f("ck_pakn_rating")),
        sa.CheckConstraint(
            "handled_date is null or handled_date >= received_date", name=op.f("ck_pakn_handled")
        ),
        sa.ForeignKeyConstraint(
            ["department_id"], ["department.id"], name=op.f("fk_pakn_department_id_department")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_pakn_import_batch_id_import_batch"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["admin_unit.id"], name=op.f("fk_pakn_unit_id_admin_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pakn")),
        sa.UniqueConstraint("code", name=op.f("uq_pakn_code")),
    )
    op.create_index("ix_pakn_unit_received", "pakn", ["unit_id", "received_date"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_pakn_unit_received", table_name="pakn")
    op.drop_table("pakn")
    op.drop_table("commune_service")
    op.drop_table("unit_procedure")
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        for c in reversed(DOSSIER_FLAGS):
            batch_op.drop_column(c)
