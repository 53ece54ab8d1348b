"""The vocabulary (migrations 0011, 0017) kept for less work on each insert, on PostgreSQL only:
an import of 100,000 persons whose names bring 100,000 new words spent a third of the server's
time on them.

- ``search_word_keys`` in PL/pgSQL: the same keys (the word and the word with each letter left
  out) computed in half the time of the SQL function, whose subquery is run through the SQL
  function executor for every word (the keys index calls it for each word inserted);
- a word no name holds any longer after a rename, an erasure or a delete is found through the
  table of distinct names (migration 0013, its GIN index of the names' words) instead of a GIN
  index of every compatriot's words, which nothing else read: that index is dropped, and with it
  a regular expression and four index entries for each person inserted. The names' triggers run
  before the words' (PostgreSQL fires a table's triggers of one event in the order of their
  names: ``..._names_...`` before ``..._words_...``), so the names a statement renamed or removed
  are already counted when the vocabulary is checked.

SQLite has neither table: nothing changes there.
"""

from django.db import migrations

#: the words of a folded name as ``core.matching.words`` reads them (migration 0011)
def words(column: str) -> str:
    return f"regexp_split_to_array({column}, '[^a-z0-9]+')"


def keep_words(held_by: str) -> str:
    """The vocabulary's trigger function, a word left without names checked against ``held_by``
    (``name``: the table of distinct names; ``compatriot``: every compatriot, as migration 0011)."""
    if held_by == "name":
        held = f"SELECT 1 FROM diaspora_compatriot_name n WHERE {words('n.name')} @> ARRAY[v.word]"
    else:
        held = f"SELECT 1 FROM diaspora_compatriot c WHERE {words('c.search_name')} @> ARRAY[v.word]"
    return f"""CREATE OR REPLACE FUNCTION diaspora_compatriot_words() RETURNS trigger LANGUAGE plpgsql AS $$
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
            ) AND NOT EXISTS ({held});
        ELSIF TG_OP = 'DELETE' THEN
            DELETE FROM diaspora_compatriot_word v WHERE v.word IN (
                SELECT w FROM old_rows, unnest({words('old_rows.search_name')}) AS w
            ) AND NOT EXISTS ({held});
        END IF;
        RETURN NULL;
    END $$"""


KEYS_PLPGSQL = """CREATE OR REPLACE FUNCTION search_word_keys(word text) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
    DECLARE
        keys text[] := ARRAY[word];
    BEGIN
        FOR i IN 1..length(word) LOOP
            keys := keys || (left(word, i - 1) || substr(word, i + 1));
        END LOOP;
        RETURN keys;
    END $$"""
KEYS_SQL = """CREATE OR REPLACE FUNCTION search_word_keys(word text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS
    $$ SELECT array_prepend(word, ARRAY(SELECT left(word, i - 1) || substr(word, i + 1)
                                        FROM generate_series(1, length(word)) AS i)) $$"""

CREATE = [
    # the same keys for every word, so the index built with the SQL function stays as it is
    KEYS_PLPGSQL,
    keep_words("name"),
    "DROP INDEX IF EXISTS diaspora_compatriot_name_words",
]
DROP = [
    KEYS_SQL,
    f"CREATE INDEX IF NOT EXISTS diaspora_compatriot_name_words ON diaspora_compatriot USING gin (({words('search_name')}))",
    keep_words("compatriot"),
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
    dependencies = [("diaspora", "0017_vocabulary_keys")]

    operations = [migrations.RunPython(create, drop)]
