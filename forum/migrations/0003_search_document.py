from django.db import migrations, models

# SQLite: an FTS5 table over Post.search_document, kept in step by triggers. The default
# unicode61 tokenizer splits on spaces, which the search document already has between tokens.
SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE forum_post_fts USING fts5("
    "search_document, content='forum_post', content_rowid='id')",
    "CREATE TRIGGER forum_post_fts_insert AFTER INSERT ON forum_post BEGIN "
    "INSERT INTO forum_post_fts(rowid, search_document) VALUES (new.id, new.search_document); END",
    "CREATE TRIGGER forum_post_fts_delete AFTER DELETE ON forum_post BEGIN "
    "INSERT INTO forum_post_fts(forum_post_fts, rowid, search_document) "
    "VALUES ('delete', old.id, old.search_document); END",
    "CREATE TRIGGER forum_post_fts_update AFTER UPDATE OF search_document ON forum_post BEGIN "
    "INSERT INTO forum_post_fts(forum_post_fts, rowid, search_document) "
    "VALUES ('delete', old.id, old.search_document); "
    "INSERT INTO forum_post_fts(rowid, search_document) VALUES (new.id, new.search_document); END",
    "INSERT INTO forum_post_fts(forum_post_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS forum_post_fts_insert",
    "DROP TRIGGER IF EXISTS forum_post_fts_delete",
    "DROP TRIGGER IF EXISTS forum_post_fts_update",
    "DROP TABLE IF EXISTS forum_post_fts",
]
# PostgreSQL: a GIN index on the expression forum/search.py queries.
POSTGRESQL_FORWARD = [
    "CREATE INDEX forum_post_search ON forum_post "
    "USING gin (to_tsvector('simple', search_document))",
]
POSTGRESQL_BACKWARD = ["DROP INDEX IF EXISTS forum_post_search"]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("forum", "0002_categories")]

    operations = [
        migrations.AddField(
            model_name="post",
            name="search_document",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(
            run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}),
            run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}),
        ),
    ]
