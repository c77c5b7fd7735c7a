"""Moving the test database between migrations, for tests of migrations that move rows."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_to(targets=None):
    """To `targets`, or to the latest migrations (where every other test runs); returns the
    historical apps there, whose models are the tables as they were."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps
