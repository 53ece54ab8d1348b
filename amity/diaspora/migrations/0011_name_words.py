"""The whole words of compatriots' folded names, indexed, and their vocabulary, on PostgreSQL only
(``core.matching``: a name search at a million persons looks up whole words, not trigrams).

- a GIN index on the names' words (``regexp_split_to_array(search_name, '[^a-z0-9]+')``): the rows
  holding a word, or one of several;
- ``diaspora_compatriot_word``: every word of the names, once, with a C-ordered key (the words a
  query word begins, those one letter away). Triggers
  keep it: the words of inserted and renamed rows are added (bulk loads too: one statement, one
  insert), and a word no row holds any longer after a rename, an erasure or a delete is removed,
  so that an erased person's name does not outlive them here.

SQLite has neither: the matching reads the vocabulary off the names there. Raw SQL, outside the
model state, so both databases share one model.
"""

from django.db import migrations

#: the words of a folded name as ``core.matching.words`` reads them (punctuation splits: "jean-pierre")
def words(column: str) -> str:
    return f"regexp_split_to_array({column}, '[^a-z0-9]+')"


WORDS = words("search_name")

CREATE = [
    f"CREATE INDEX IF NOT EXISTS diaspora_compatriot_name_words ON diaspora_compatriot USING gin (({WORDS}))",
    'CREATE TABLE IF NOT EXISTS diaspora_compatriot_word (word text COLLATE "C" PRIMARY KEY)',
    f"""INSERT INTO diaspora_compatriot_word (word)
        SELECT DISTINCT w FROM diaspora_compatriot, unnest({WORDS}) AS w WHERE w <> '' ON CONFLICT DO NOTHING""",
    f"""CREATE OR REPLACE FUNCTION diaspora_compatriot_words() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'DELETE' THEN
            INSERT INTO diaspora_compatriot_word (word)
            SELECT DISTINCT w FROM new_rows, unnest({words('new_rows.search_name')}) AS w
            WHERE w <> '' ORDER BY w ON CONFLICT DO NOTHING;
        END IF;
        IF TG_OP = 'UPDATE' THEN
            DELETE FROM diaspora_compatriot_word v WHERE v.word IN (
                SELECT w FROM old_rows, unnest({words('old_rows.search_name')}) AS w
                EXCEPT SELECT w FROM new_rows, unnest({words('new_rows.search_name')}) AS w
            ) AND NOT EXISTS (SELECT 1 FROM diaspora_compatriot c WHERE {words('c.search_name')} @> ARRAY[v.word]);
        ELSIF TG_OP = 'DELETE' THEN
            DELETE FROM diaspora_compatriot_word v WHERE v.word IN (
                SELECT w FROM old_rows, unnest({words('old_rows.search_name')}) AS w
            ) AND NOT EXISTS (SELECT 1 FROM diaspora_compatriot c WHERE {words('c.search_name')} @> ARRAY[v.word]);
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER diaspora_compatriot_words_added AFTER INSERT ON diaspora_compatriot
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION diaspora_compatriot_words()""",
    """CREATE TRIGGER diaspora_compatriot_words_changed AFTER UPDATE ON diaspora_compatriot
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
        EXECUTE FUNCTION diaspora_compatriot_words()""",
    """CREATE TRIGGER diaspora_compatriot_words_removed AFTER DELETE ON diaspora_compatriot
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION diaspora_compatriot_words()""",
]

DROP = [
    "DROP TRIGGER IF EXISTS diaspora_compatriot_words_added ON diaspora_compatriot",
    "DROP TRIGGER IF EXISTS diaspora_compatriot_words_changed ON diaspora_compatriot",
    "DROP TRIGGER IF EXISTS diaspora_compatriot_words_removed ON diaspora_compatriot",
    "DROP FUNCTION IF EXISTS diaspora_compatriot_words()",
    "DROP TABLE IF EXISTS diaspora_compatriot_word",
    "DROP INDEX IF EXISTS diaspora_compatriot_name_words",
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
    dependencies = [("diaspora", "0010_compatriot_order_of_addition")]

    operations = [migrations.RunPython(create, drop)]
