"""reference registers: their versions, the holiday register, official procedure codes

Revision ID: 12_registers
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "12_registers"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "register_version",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("loaded_at", sa.DateTime(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_register_version")),
    )
    op.create_table(
        "holiday",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.CheckConstraint("kind in ('day_off', 'working_day')", name=op.f("ck_holiday_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_holiday")),
        sa.UniqueConstraint("day", name=op.f("uq_holiday_day")),
    )
    with op.batch_alter_table("procedure", schema=None) as batch_op:
        batch_op.add_column(sa.Column("official_code", sa.String(length=16), nullable=True))
        batch_op.create_index("ix_procedure_official_code", ["official_code"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("procedure", schema=None) as batch_op:
        batch_op.drop_index("ix_procedure_official_code")
        batch_op.drop_column("official_code")
    op.drop_table("holiday")
    op.drop_table("register_version")
