"""Every sentence homelog says to a person, in one place (the rules' finding
texts live in ``homelog.rules.wording``). Keeping them here keeps the wording
consistent between the CLI and the TUI, and testable.
"""

DISCLAIMER = (
    "homelog is a journal with software safeguards. It controls no device and it is "
    "not medical advice: if your skin reacts badly, stop and see a professional."
)

# -- storage -------------------------------------------------------------------
RESTORE_HINT = "Restore a backup with 'homelog restore FILE' (see 'homelog where' for the backups folder)."
NOT_A_FILE = "{path} is a folder, not a journal file. Choose a file with --db PATH."
NOT_A_JOURNAL = (
    "{path} is not a homelog journal (it belongs to another program or is damaged); "
    "it was left untouched. Choose another file with --db PATH, or " + RESTORE_HINT[0].lower() + RESTORE_HINT[1:]
)
DAMAGED = "The journal {path} is damaged; it was left untouched. " + RESTORE_HINT
TOO_NEW = (
    "The journal {path} was written by a newer homelog (schema {revision}); it was left "
    "untouched. Upgrade homelog to open it."
)
LOCKED = (
    "The journal {path} is busy: another program has held it for too long. "
    "Close other homelog windows and try again."
)
CANNOT_WRITE = (
    "Cannot write to the journal {path} (read-only file or folder, or no permission). "
    "Nothing was changed."
)
DISK_PROBLEM = (
    "Could not write to the journal {path}: the disk is full or failing. Nothing from this "
    "action was saved; what was saved before is intact. Free some space and try again."
)
CANNOT_CREATE = "Cannot create the journal {path}: {detail}."
STORAGE_OTHER = "The journal {path} could not be used ({detail}). It was left as it was."
READ_ONLY_MODE = "The journal {path} is open read-only: nothing can be changed."
READ_ONLY_MISSING = "There is no journal at {path} to open read-only."
READ_ONLY_OLD = "The journal {path} needs an upgrade, which cannot happen read-only. Open it once without --read-only."
MIGRATION_FAILED = (
    "Upgrading the journal {path} failed; it was left as it was (a backup is at {backup}). "
    "Please report this."
)
MIGRATED = "Upgraded the journal {path} (backup first: {backup})."

# -- input ---------------------------------------------------------------------
BAD_AREA = "Unknown area '{value}'. Valid areas: {valid}."
BAD_NEEDLE = "Needle length '{value}' is not valid: give millimetres from 0.1 to 3.0 with at most two decimals, e.g. 0.5."
BAD_DATE = "Date '{value}' is not valid: use YYYY-MM-DD, e.g. 2025-01-31."
FUTURE_DATE = "Date {value} is in the future: log sessions that happened (use 'homelog check' to plan)."
BAD_KIND = "Device kind '{value}' is not valid: use roller, stamp or pen."
NEEDLE_REQUIRED = "A {kind} has fixed needles: give its length with --needle MM."
NEEDLE_MISMATCH = "Device {device} is a {length} mm {kind}: this session's needle must be {length} mm (or leave it out)."
NEEDLE_NEEDED = "Give the needle length in mm (--needle MM, e.g. 0.5), or a roller or stamp with --device: its length is used."
NEEDLE_MISSING = "Give the needle length with --needle MM (the device {device} is a pen, whose depth is set per session)."
BAD_NAME = "A device needs a name (at most 80 characters)."
TOO_LONG = "{field} is too long: at most {limit} characters."
BAD_TEXT = "{field} contains characters that cannot be stored (control characters other than tab and newline)."
EMPTY_REASON = "An override needs a reason (a few words on why you go ahead)."
NO_SESSION = "There is no session {id}. 'homelog list' shows the ids."
NO_DEVICE = "There is no device {id}. 'homelog device list' shows the ids."
RETIRED_DEVICE = "Device {id} ({name}) is retired: choose another device."
ALREADY_RETIRED = "Device {id} ({name}) is already retired."
BAD_RANGE = "--from {date_from} is after --to {date_to}."
NOTHING_TO_EDIT = "Nothing to change: give at least one of --area, --needle, --date, --device, --notes, --disinfected/--not-disinfected."

# -- outcomes ------------------------------------------------------------------
SAVED = "Saved session {id}: {area}, {needle} mm on {date}."
SAVED_OVERRIDE = "Saved session {id} with your override ({rules}): {area}, {needle} mm on {date}."
REFUSED = "Not saved: a safety rule says stop. Fix it, or save anyway with --override REASON."
EDITED = "Updated session {id}."
DELETED = "Deleted session {id} ({area}, {date}). 'homelog undo' brings it back."
UNDONE_ADD = "Undid adding session {id} ({area}, {date}): it is removed."
UNDONE_EDIT = "Undid the edit of session {id}: it is back to {area}, {needle} mm on {date}."
UNDONE_DELETE = "Undid deleting session {id} ({area}, {date}): it is back."
UNDONE_DEVICE_ADD = "Undid adding device {id} ({name}): it is removed."
UNDONE_DEVICE_RETIRE = "Undid retiring device {id} ({name}): it is in use again."
UNDONE_IMPORT = "Undid the import of {count} sessions: they are removed."
NOTHING_TO_UNDO = "Nothing to undo."
DEVICE_ADDED = "Added device {id}: {name} ({kind}{needle})."
DEVICE_RETIRED = "Retired device {id} ({name})."
CHECK_OK = "OK: nothing stops a session on {area} on {date}."
CHECK_STOP = "Stop: a session on {area} on {date} is not advised."
NEXT_SAFE = "Next session on {area} from {date}."
