"""Schema versions this homelog knows, without importing Alembic.

Opening an up-to-date journal compares the stored Alembic revision with
``HEAD`` using plain SQL; Alembic is imported only when a migration must run.
A test checks that this list matches the revision files.
"""

REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005")
HEAD = REVISIONS[-1]

# PRAGMA application_id: marks the file as a homelog journal ("hlog").
APPLICATION_ID = 0x686C6F67
