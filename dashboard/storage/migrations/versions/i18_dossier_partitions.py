"""PostgreSQL: the dossier table partitioned by month of received_date (issue 18)

Revision ID: 18_dossier_partitions
Revises: 14_index766_dept

On PostgreSQL the existing table (empty or filled) becomes a RANGE-partitioned one:

- the primary key becomes ``(id, received_date)`` (PostgreSQL wants the partition key in every
  unique constraint) and the unique ``code`` an ordinary index, ``ix_dossier_code``: the
  importer (``dashboard.importers.core.upsert``) looks dossiers up by code before writing and
  is what keeps codes unique;
- ``satisfaction_response.dossier_id`` loses its foreign key (one cannot reference a
  partitioned table's ``id`` alone);
- one partition per month present in the data, ``dossier_pYYYY_MM``, and ``dossier_default``
  for any other month; the rows are copied, the id sequence is kept (ids continue after the
  largest), every index of the table is made again on the parent;
- ``dossier_add_partition(date)``, a SECURITY DEFINER function, adds a month's partition
  (moving that month's rows out of the default partition), so the import role that does not
  own the table can add the months it writes (``dashboard/storage/partitions.py``).

SQLite: nothing changes. Downgrade on PostgreSQL is refused with an error (the conversion back
may meet duplicate codes the unique constraint would refuse): restore a backup instead.
"""

import sqlalchemy as sa
from alembic import op

revision = "18_dossier_partitions"
down_revision = "14_index766_dept"
branch_labels = None
depends_on = None

ADD_PARTITION = """
create or replace function dossier_add_partition(p_month date) returns boolean
language plpgsql security definer
set search_path = pg_catalog, public
as $$
declare
    first_day date := date_trunc('month', p_month)::date;
    next_day date := (date_trunc('month', p_month) + interval '1 month')::date;
    part text := 'dossier_p' || to_char(first_day, 'YYYY_MM');
    waiting boolean;
begin
    if to_regclass('public.' || part) is not null then
        return false;
    end if;
    -- One session at a time adds partitions (a second one then finds it made).
    lock table public.dossier in share row exclusive mode;
    if to_regclass('public.' || part) is not null then
        return false;
    end if;
    select exists (
        select 1 from public.dossier_default
        where received_date >= first_day and received_date < next_day
    ) into waiting;
    if not waiting then
        execute format(
            'create table public.%I partition of public.dossier for values from (%L) to (%L)',
            part, first_day, next_day);
        return true;
    end if;
    -- The month's rows wait in the default partition: move them into a table of their own,
    -- then attach it (the check constraint spares ATTACH a scan of the new table).
    execute format(
        'create table public.%I (like public.dossier including defaults including constraints,'
        ' constraint %I check (received_date >= %L and received_date < %L))',
        part, part || '_range', first_day, next_day);
    execute format(
        'insert into public.%I select * from public.dossier_default'
        ' where received_date >= %L and received_date < %L',
        part, first_day, next_day);
    delete from public.dossier_default
        where received_date >= first_day and received_date < next_day;
    execute format(
        'alter table public.dossier attach partition public.%I for values from (%L) to (%L)',
        part, first_day, next_day);
    execute format('alter table public.%I drop constraint %I', part, part || '_range');
    return true;
end
$$;
revoke all on function dossier_add_partition(date) from public;
"""


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return

    def rows(sql: str) -> list:
        return bind.execute(sa.text(sql)).all()

    seq = bind.execute(sa.text("select pg_get_serial_sequence('dossier', 'id')")).scalar()
    # What the table has today, made again on the partitioned one.
    indexes = rows(
        "select i.relname, pg_get_indexdef(i.oid) from pg_index x"
        " join pg_class i on i.oid = x.indexrelid"
        " where x.indrelid = 'dossier'::regclass"
        " and not exists (select 1 from pg_constraint c where c.conindid = i.oid"
        " and c.conrelid = x.indrelid)"
        " order by i.relname"
    )
    foreign_keys = rows(
        "select conname, pg_get_constraintdef(oid) from pg_constraint"
        " where conrelid = 'dossier'::regclass and contype = 'f' order by conname"
    )
    # Foreign keys that point at dossier (satisfaction_response.dossier_id) cannot stay.
    for table, name in rows(
        "select conrelid::regclass::text, conname from pg_constraint"
        " where confrelid = 'dossier'::regclass and contype = 'f'"
    ):
        op.execute(f'alter table {table} drop constraint "{name}"')
    if seq:  # the sequence must outlive the old table
        op.execute(f"alter sequence {seq} owned by none")
    op.execute("alter table dossier rename to dossier_unpartitioned")
    op.execute(
        "create table dossier (like dossier_unpartitioned including defaults including"
        " constraints) partition by range (received_date)"
    )
    op.execute("create table dossier_default partition of dossier default")
    op.execute(ADD_PARTITION)
    op.execute(
        "select dossier_add_partition(m) from (select distinct"
        " date_trunc('month', received_date)::date as m from dossier_unpartitioned) months"
        " order by m"
    )
    op.execute("insert into dossier select * from dossier_unpartitioned")
    op.execute("drop table dossier_unpartitioned")
    op.execute("alter table dossier add constraint pk_dossier primary key (id, received_date)")
    for name, definition in foreign_keys:
        op.execute(f'alter table dossier add constraint "{name}" {definition}')
    for _name, definition in indexes:
        op.execute(definition)
    op.execute("create index ix_dossier_code on dossier (code)")
    if seq:
        op.execute(f"alter sequence {seq} owned by dossier.id")
        # Ids continue after the largest (the sequence is already past it unless rows were
        # written with explicit ids).
        op.execute(
            f"select setval('{seq}', greatest(m, coalesce(pg_sequence_last_value('{seq}'), 0)))"
            " from (select max(id) as m from dossier) top where m is not null"
        )
    op.execute("analyze dossier")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    raise RuntimeError(
        "18_dossier_partitions cannot be undone on PostgreSQL: the dossier table stays "
        "partitioned (turning it back would need codes to be unique again and the foreign key "
        "of satisfaction_response.dossier_id restored); restore a backup taken before instead"
    )
