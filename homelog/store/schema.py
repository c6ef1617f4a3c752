"""Schema versions this homelog knows, without importing Alembic.

Opening an up-to-date journal compares the stored Alembic revision with
``HEAD`` using plain SQL; Alembic is imported only when a migration must run.
A test checks that this list matches the revision files.
"""

REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004")
HEAD = REVISIONS[-1]

# PRAGMA application_id: marks the file as a homelog journal ("hlog").
APPLICATION_ID = 0x686C6F67


def _columns(text: str) -> frozenset[str]:
    return frozenset(text.split())


_CHANGES = _columns("id at entity entity_id action before undone")
_DEVICES_1 = _columns("id uid name kind needle_um created_at retired_at")
_SESSIONS_1 = _columns("id uid date area needle_um device_id disinfected notes override_reason created_at updated_at deleted_at")
_SESSIONS_2 = _SESSIONS_1 | {"overridden_rules"}
_REACTIONS_3 = _columns("id uid session_id date redness swelling bleeding infection notes created_at deleted_at")
_CONDITIONS_3 = _columns("id uid kind area start end notes created_at deleted_at")
_VERSION = frozenset({"updated_at", "origin"})

#: revision -> table -> its columns: what a journal of that revision holds (the
#: opening check compares ``sqlite_schema`` with it; a test compares it with the
#: fixtures of each revision and with ``models``). A new revision adds its entry.
TABLES: dict[str, dict[str, frozenset[str]]] = {
    "0001": {"alembic_version": frozenset({"version_num"}), "changes": _CHANGES, "devices": _DEVICES_1, "sessions": _SESSIONS_1},
    "0002": {"alembic_version": frozenset({"version_num"}), "changes": _CHANGES, "devices": _DEVICES_1, "sessions": _SESSIONS_2},
    "0003": {
        "alembic_version": frozenset({"version_num"}),
        "changes": _CHANGES,
        "devices": _DEVICES_1,
        "sessions": _SESSIONS_2,
        "reactions": _REACTIONS_3,
        "conditions": _CONDITIONS_3,
    },
    "0004": {
        "alembic_version": frozenset({"version_num"}),
        "changes": _CHANGES,
        "devices": _DEVICES_1 | _VERSION,
        "sessions": _SESSIONS_2 | _VERSION,
        "reactions": _REACTIONS_3 | _VERSION,
        "conditions": _CONDITIONS_3 | _VERSION,
        "device_tombstones": _columns("uid updated_at origin"),
        "meta": _columns("key value"),
    },
}
