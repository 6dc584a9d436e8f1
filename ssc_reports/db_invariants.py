"""Invariants that span tables, enforced by the database itself with triggers.

An activity's target and a target status's target must belong to the report's group. A CHECK
constraint cannot look at another table, so a trigger does; `full_clean()` checks the same in
`Activity.clean()` and `TargetStatus.clean()`. The triggers are (re)installed after every
`migrate` because SQLite drops them whenever Django rebuilds a table.
"""

from django.db import connections

GUARDED_TABLES = ("activities_activity", "targets_targetstatus")
MESSAGE = "the target belongs to another group than the report"

_POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION ssc_check_target_same_group() RETURNS trigger AS $$
BEGIN
  IF (SELECT group_id FROM targets_target WHERE id = NEW.target_id)
     IS DISTINCT FROM (SELECT group_id FROM ssc_reports_report WHERE id = NEW.report_id) THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation',
      MESSAGE = TG_TABLE_NAME || ': {MESSAGE}';
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
"""


def _statements(vendor: str) -> list[str]:
    statements = []
    if vendor == "postgresql":
        statements.append(_POSTGRES_FUNCTION)
        for table in GUARDED_TABLES:
            statements.append(f"DROP TRIGGER IF EXISTS {table}_same_group ON {table}")
            statements.append(
                f"CREATE TRIGGER {table}_same_group BEFORE INSERT OR UPDATE OF report_id, "
                f"target_id ON {table} FOR EACH ROW EXECUTE FUNCTION ssc_check_target_same_group()"
            )
    elif vendor == "sqlite":
        condition = (
            "(SELECT group_id FROM targets_target WHERE id = NEW.target_id) IS NOT "
            "(SELECT group_id FROM ssc_reports_report WHERE id = NEW.report_id)"
        )
        for table in GUARDED_TABLES:
            for event, name in (("INSERT", "insert"), ("UPDATE OF report_id, target_id", "update")):
                statements.append(
                    f"CREATE TRIGGER IF NOT EXISTS {table}_same_group_{name} BEFORE {event} "
                    f"ON {table} FOR EACH ROW WHEN {condition} BEGIN "
                    f"SELECT RAISE(ABORT, '{table}: {MESSAGE}'); END"
                )
    return statements


def install_triggers(using: str = "default") -> None:
    connection = connections[using]
    tables = set(connection.introspection.table_names())
    if not set(GUARDED_TABLES) <= tables:
        return
    with connection.cursor() as cursor:
        for statement in _statements(connection.vendor):
            cursor.execute(statement)


def on_post_migrate(sender, using="default", **kwargs) -> None:
    install_triggers(using)
