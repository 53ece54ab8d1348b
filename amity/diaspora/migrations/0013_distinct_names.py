"""The compatriots' distinct folded names with how many persons bear each, on PostgreSQL only
(``core.matching``: a name search reads the names first, far fewer than the persons where names
repeat, and then the persons of the best names through the ``search_name`` index).

- ``diaspora_compatriot_name``: every ``search_name`` once, with its count of persons, and a GIN
  index on its words (as migration 0011 splits them). Statement triggers keep it: inserted and
  renamed rows add to their name's count, renamed, erased and deleted rows take from the old
  one, and a name nobody bears any longer is removed (an erased person's name does not outlive
  them here either).

SQLite has neither: the matching counts the names it reads. Raw SQL, outside the model state.
"""

from django.db import migrations

#: the words of a folded name as ``core.matching.words`` reads them (migration 0011)
WORDS = "regexp_split_to_array(name, '[^a-z0-9]+')"

#: the persons of ``{rows}`` (a query of ``search_name``) added to their names' counts
ADD = """INSERT INTO diaspora_compatriot_name (name, persons)
            SELECT search_name, count(*) FROM ({rows}) came GROUP BY search_name ORDER BY search_name
            ON CONFLICT (name) DO UPDATE SET persons = diaspora_compatriot_name.persons + EXCLUDED.persons"""
#: ... taken from them, a name left without persons removed
TAKE = """WITH gone AS (SELECT search_name, count(*) AS persons FROM ({rows}) r GROUP BY search_name),
            emptied AS (DELETE FROM diaspora_compatriot_name n USING gone
                        WHERE n.name = gone.search_name AND n.persons <= gone.persons RETURNING n.name)
            UPDATE diaspora_compatriot_name n SET persons = n.persons - gone.persons FROM gone
            WHERE n.name = gone.search_name AND n.persons > gone.persons"""
#: the old (``o``) or new (``n``) names of the rows an update renamed (other updates leave the counts)
RENAMED = """SELECT {side}.search_name FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE o.search_name <> n.search_name"""

CREATE = [
    """CREATE TABLE IF NOT EXISTS diaspora_compatriot_name (
        name text COLLATE "C" PRIMARY KEY, persons integer NOT NULL CHECK (persons > 0))""",
    """INSERT INTO diaspora_compatriot_name (name, persons)
        SELECT search_name, count(*) FROM diaspora_compatriot GROUP BY search_name ON CONFLICT DO NOTHING""",
    f"CREATE INDEX IF NOT EXISTS diaspora_compatriot_name_words_of ON diaspora_compatriot_name USING gin (({WORDS}))",
    f"""CREATE OR REPLACE FUNCTION diaspora_compatriot_names() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            {ADD.format(rows="SELECT search_name FROM new_rows")};
        ELSIF TG_OP = 'DELETE' THEN
            {TAKE.format(rows="SELECT search_name FROM old_rows")};
        ELSE
            {TAKE.format(rows=RENAMED.format(side="o"))};
            {ADD.format(rows=RENAMED.format(side="n"))};
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER diaspora_compatriot_names_added AFTER INSERT ON diaspora_compatriot
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION diaspora_compatriot_names()""",
    """CREATE TRIGGER diaspora_compatriot_names_changed AFTER UPDATE ON diaspora_compatriot
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
        EXECUTE FUNCTION diaspora_compatriot_names()""",
    """CREATE TRIGGER diaspora_compatriot_names_removed AFTER DELETE ON diaspora_compatriot
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION diaspora_compatriot_names()""",
]

DROP = [
    "DROP TRIGGER IF EXISTS diaspora_compatriot_names_added ON diaspora_compatriot",
    "DROP TRIGGER IF EXISTS diaspora_compatriot_names_changed ON diaspora_compatriot",
    "DROP TRIGGER IF EXISTS diaspora_compatriot_names_removed ON diaspora_compatriot",
    "DROP FUNCTION IF EXISTS diaspora_compatriot_names()",
    "DROP TABLE IF EXISTS diaspora_compatriot_name",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("diaspora", "0012_compatriot_counted")]

    operations = [migrations.RunPython(create, drop)]
