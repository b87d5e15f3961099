"""PostgreSQL: the unresolved dossiers in a table of their own, kept by triggers (issue 18)

Revision ID: 31_dossier_unresolved_table
Revises: 30_dossier_resolve_span

The backlog at a day that is not a month end (a running period's figures, today's), the
service index's pending and the late-dossier holders read the dossiers not resolved: ~2 % of
the rows, received in every month back to the first (a few stay open for years). On the
partitioned table PostgreSQL planned and probed every monthly partition for them (~72 at 10M
dossiers; a province's backlog at today: ~60 ms planning and ~25 ms execution at 1M
dossiers). ``dossier_unresolved`` holds the same rows in one table, with the columns those
reads use and one index by unit: the same count is ~1 ms planning and ~7 ms execution.

Triggers keep it exact under every write, whoever makes it (an import, the seed, a plain SQL
edit): a row enters when a dossier is written unresolved, leaves when it is resolved or
deleted, and is written again when an unresolved dossier changes. They fire only for
unresolved rows (their WHEN clause), so a bulk load of resolved dossiers pays nothing.
``dossier_add_partition`` moves a month's rows out of the default partition by deleting them
there (which the triggers see), so it now puts that month's unresolved rows back.

SQLite: nothing changes (no partitions; the partial index ix_dossier_unresolved serves).
"""

from alembic import op

revision = "31_dossier_unresolved_table"
down_revision = "30_dossier_resolve_span"
branch_labels = None
depends_on = None

COLUMNS = (
    "id, code, procedure_id, field_id, resolving_unit_id, department_id, channel, status,"
    " received_date, closed_date, effective_due_date, apology_letter"
)

TABLE = """
create table dossier_unresolved (
    id integer primary key,
    code varchar(64) not null,
    procedure_id integer not null,
    field_id integer not null,
    resolving_unit_id integer not null,
    department_id integer,
    channel smallint not null,
    status smallint not null,
    received_date date not null,
    closed_date date,
    effective_due_date date not null,
    apology_letter boolean not null
);
create index ix_dossier_unresolved_unit on dossier_unresolved (resolving_unit_id,
    closed_date, received_date, effective_due_date, field_id, apology_letter, department_id);
"""

TRIGGERS = f"""
create or replace function dossier_unresolved_keep() returns trigger
language plpgsql security definer
set search_path = pg_catalog, public
as $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        delete from public.dossier_unresolved where id = old.id;
    end if;
    if tg_op in ('INSERT', 'UPDATE') and new.resolved_date is null then
        insert into public.dossier_unresolved ({COLUMNS})
        values (new.id, new.code, new.procedure_id, new.field_id, new.resolving_unit_id,
                new.department_id, new.channel, new.status, new.received_date,
                new.closed_date, new.effective_due_date, new.apology_letter);
    end if;
    return null;
end
$$;
create or replace function dossier_unresolved_clear() returns trigger
language plpgsql security definer
set search_path = pg_catalog, public
as $$
begin
    truncate public.dossier_unresolved;
    return null;
end
$$;
create trigger dossier_unresolved_insert after insert on dossier
    for each row when (new.resolved_date is null) execute function dossier_unresolved_keep();
create trigger dossier_unresolved_update after update on dossier
    for each row when (old.resolved_date is null or new.resolved_date is null)
    execute function dossier_unresolved_keep();
create trigger dossier_unresolved_delete after delete on dossier
    for each row when (old.resolved_date is null) execute function dossier_unresolved_keep();
create trigger dossier_unresolved_truncate after truncate on dossier
    for each statement execute function dossier_unresolved_clear();
revoke all on function dossier_unresolved_keep() from public;
revoke all on function dossier_unresolved_clear() from public;
"""

FILL = f"""
insert into dossier_unresolved ({COLUMNS})
select {COLUMNS} from dossier where resolved_date is null;
analyze dossier_unresolved;
"""

# dossier_add_partition as 18_dossier_partitions made it (a migration's text stays as it was
# released; restored on downgrade), and as it is from here: the same, with the month's
# unresolved rows put back into dossier_unresolved after the move.
ADD_PARTITION_BEFORE = """
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
"""

# The function's last step, after the month's table is attached.
_ATTACHED = """    execute format('alter table public.%I drop constraint %I', part, part || '_range');
"""
ADD_PARTITION = ADD_PARTITION_BEFORE.replace(
    _ATTACHED,
    _ATTACHED
    + f"""    -- The delete above took the month's unresolved rows out of dossier_unresolved.
    execute format(
        'insert into public.dossier_unresolved ({COLUMNS})'
        ' select {COLUMNS} from public.%I where resolved_date is null',
        part);
""",
)
assert ADD_PARTITION != ADD_PARTITION_BEFORE


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(TABLE)
    op.execute(FILL)
    op.execute(TRIGGERS)
    op.execute(ADD_PARTITION)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for what in ("insert", "update", "delete", "truncate"):
        op.execute(f"drop trigger if exists dossier_unresolved_{what} on dossier")
    op.execute("drop function if exists dossier_unresolved_keep()")
    op.execute("drop function if exists dossier_unresolved_clear()")
    op.execute("drop table if exists dossier_unresolved")
    op.execute(ADD_PARTITION_BEFORE)
