"""PostgreSQL for the test suite: the flush after a transactional test empties only the
tables that hold rows.

pytest-django flushes every table after each `transactional_db` or live-server test.
Django's flush is one `TRUNCATE` of all ~330 tables, and PostgreSQL makes new files for each
table, index and TOAST table it truncates, empty or not: 10 s a test on this 2-core machine,
about a third of the PostgreSQL suite. A test writes to a few dozen tables; one query finds which
hold rows, and those are emptied with DELETE (TRUNCATE would need every table that refers
to them, empty or not). Django's foreign keys are deferrable, so the order does not matter
inside the flush's transaction. Only `sql_flush` differs from Django's backend, and only the
test settings use this engine.
"""

from django.db.backends.postgresql import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if not tables or reset_sequences:  # a sequence reset: Django's TRUNCATE … RESTART
            return super().sql_flush(
                style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        full = self._holding_rows(tables)
        if not full:
            return []
        return ["SET CONSTRAINTS ALL DEFERRED;"] + [
            f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(t))};"
            for t in full
        ]

    def _holding_rows(self, tables) -> list[str]:
        probes = " UNION ALL ".join(
            f"SELECT %s::text WHERE EXISTS (SELECT 1 FROM {self.quote_name(t)})" for t in tables
        )
        with self.connection.cursor() as cursor:
            cursor.execute(probes, list(tables))
            return [row[0] for row in cursor.fetchall()]


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
