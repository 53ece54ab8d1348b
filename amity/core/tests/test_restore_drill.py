"""The restore drill of the README: back the database up the way the README says, restore it into
a fresh database, and find every table identical (row count and a checksum of its rows in key
order). SQLite: the online backup (what ``sqlite3 amity.sqlite3 ".backup backup.sqlite3"`` does);
PostgreSQL: ``pg_dump --format=custom`` then ``pg_restore`` into a new database."""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.db import connection
from django.test import TestCase

#: Where Debian keeps the client programs when they are not on the PATH.
PG_BIN = Path("/usr/lib/postgresql")


def pg_program(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(PG_BIN.glob(f"*/bin/{name}"), reverse=True)
    if not versions:
        raise AssertionError(f"{name} is missing: install Debian's postgresql-client")
    return str(versions[0])


def checksums(cursor, tables: list[str], quote) -> dict[str, tuple[int, str]]:
    """Table -> (rows, sha256 of the rows in key order)."""
    out = {}
    for table in tables:
        cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY 1")  # noqa: S608 (names from the schema)
        digest, rows = hashlib.sha256(), 0
        for row in cursor.fetchall():
            digest.update(repr(tuple(row)).encode())
            rows += 1
        out[table] = (rows, digest.hexdigest())
    return out


class RestoreDrillTests(TestCase):
    """The drill runs on the committed test database (migrations and reference geography) before
    the class's transaction opens, and changes nothing of it."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = Path(tempfile.mkdtemp(prefix="amity-restore-"))
        cls.addClassCleanup(shutil.rmtree, cls.tmp, ignore_errors=True)
        cls.table_list = cls.tables()
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cls.source = checksums(cursor, cls.table_list, connection.ops.quote_name)
            cls.restored = cls.restore_sqlite()
        else:
            with cls.pg_connect(connection.settings_dict["NAME"]) as db, db.cursor() as cursor:
                cls.source = checksums(cursor, cls.table_list, connection.ops.quote_name)
            cls.restored = cls.restore_postgresql()
        super().setUpClass()

    @classmethod
    def tables(cls) -> list[str]:
        with connection.cursor() as cursor:
            return sorted(connection.introspection.table_names(cursor))

    def test_backup_restore_gives_identical_tables(self):
        self.assertIn("geo_country", self.table_list)
        self.assertGreater(self.source["geo_country"][0], 200)  # the drill compares real rows
        self.assertEqual(self.restored, self.source)

    @classmethod
    def restore_sqlite(cls) -> dict:
        backup, fresh = cls.tmp / "backup.sqlite3", cls.tmp / "restored.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(backup) as target:
            connection.connection.backup(target)
        target.close()
        with sqlite3.connect(backup) as source, sqlite3.connect(fresh) as target:
            source.backup(target)  # "restore": the backup file copied into a new database
        source.close()
        target.close()
        # read with the column types Django's own connection converts (registered for the process)
        with sqlite3.connect(fresh, detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES) as restored:
            sums = checksums(restored.cursor(), cls.table_list, connection.ops.quote_name)
        restored.close()
        return sums

    @classmethod
    def restore_postgresql(cls) -> dict:
        settings = connection.settings_dict
        env = {**os.environ, "PGPASSWORD": settings["PASSWORD"] or ""}
        common = ["-U", settings["USER"] or "postgres"]
        if settings["HOST"]:
            common += ["-h", settings["HOST"]]
        if settings["PORT"]:
            common += ["-p", str(settings["PORT"])]
        dump = cls.tmp / "amity.dump"
        run = {"env": env, "check": True, "capture_output": True, "timeout": 120}
        subprocess.run([pg_program("pg_dump"), *common, "--format=custom", "-f", str(dump), settings["NAME"]], **run)
        fresh = f"{settings['NAME']}_restored"[:63]
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
            cursor.execute(f'CREATE DATABASE "{fresh}"')

        def drop():
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')

        cls.addClassCleanup(drop)
        subprocess.run([pg_program("pg_restore"), *common, "--no-owner", "-d", fresh, str(dump)], **run)
        with cls.pg_connect(fresh) as restored, restored.cursor() as cursor:
            return checksums(cursor, cls.table_list, connection.ops.quote_name)

    @staticmethod
    def pg_connect(name: str):
        """A plain psycopg connection (both sides read alike, without Django's type loaders)."""
        import psycopg

        settings = connection.settings_dict
        params = {"dbname": name, "user": settings["USER"] or "postgres", "password": settings["PASSWORD"] or None}
        if settings["HOST"]:
            params["host"] = settings["HOST"]
        if settings["PORT"]:
            params["port"] = settings["PORT"]
        return psycopg.connect(**params)
