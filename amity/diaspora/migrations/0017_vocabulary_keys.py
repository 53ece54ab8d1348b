"""The words of the compatriots' vocabulary one keystroke from a word, found through a GIN index
of each word's keys, on PostgreSQL only (``core.matching``).

A word's keys are the word and the word with one letter left out ("hung": hung, ung, hng, hug,
hun). Two words a keystroke apart share a key: a letter left out or added (the shorter word is a
key of the longer), changed (both without it) or two neighbours swapped (both without either of
them). A name search looked up every string a keystroke away from each query word instead, some
800 probes of the vocabulary's key for a word of ten letters; the keys are as many as the word's
letters, and the few words found that are two keystrokes away are left out by the search.

SQLite has no vocabulary table: the matching reads the vocabulary off the names there.
"""

from django.db import migrations

CREATE = [
    """CREATE OR REPLACE FUNCTION search_word_keys(word text) RETURNS text[]
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS
        $$ SELECT array_prepend(word, ARRAY(SELECT left(word, i - 1) || substr(word, i + 1)
                                            FROM generate_series(1, length(word)) AS i)) $$""",
    """CREATE INDEX IF NOT EXISTS diaspora_compatriot_word_keys ON diaspora_compatriot_word
        USING gin ((search_word_keys(word)))""",
]

DROP = [
    "DROP INDEX IF EXISTS diaspora_compatriot_word_keys",
    "DROP FUNCTION IF EXISTS search_word_keys(text)",
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
    dependencies = [("diaspora", "0016_tally_removed_marks_known_units")]

    operations = [migrations.RunPython(create, drop)]
