"""Every sentence homelog says to a person, in one place (the rules' finding
texts live in their rule modules, ``homelog.rules.checks``). Keeping them here keeps the wording
consistent between the CLI and the TUI, and testable.

``safe`` is the one way text reaches a terminal: whatever a note, a name, a file
name or a file's content holds, no control character gets through.
"""

import re

#: What a terminal could act on rather than show: C0 controls but the line feed,
#: DEL, C1 controls (U+0080-U+009F: 0x9B is CSI to some terminals), the bidirectional
#: overrides and isolates (they reorder what follows), line and paragraph separators,
#: and lone surrogates (a file name's undecodable bytes). A pattern ``re`` compiles on
#: first need (0.6 ms: its wide ranges; ``safe`` rarely needs it).
_UNSAFE = "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]"
_NAMED = {"\t": "\\t", "\r": "\\r"}


def _escape(found: "re.Match[str]") -> str:
    char = found.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def safe(text: str) -> str:
    """``text`` as a terminal may be given it: every character in ``_UNSAFE`` written
    as a visible escape (ESC as ``\\x1b``, a tab as ``\\t``); line feeds and all else kept.
    For display only: storage and JSON keep the exact text."""
    if text.isprintable():  # every character of _UNSAFE is unprintable (tests/test_messages.py)
        return text
    return re.sub(_UNSAFE, _escape, text)


def noun(n: int, word: str, many: str | None = None) -> str:
    """``word`` as counted ``n`` times: "session" for 1, "sessions" otherwise
    (``many`` for a plural that is not ``word`` + "s")."""
    if n == 1:
        return word
    return many if many is not None else word + "s"


def plural(n: int, word: str, many: str | None = None) -> str:
    """A count and its noun: "1 session", "2 sessions", "0 sessions", "1,200 sessions"."""
    return f"{n:,} {noun(n, word, many)}"


def shown(name: str) -> str:
    """A file name (or path) for a message: as ``safe``, its line feeds escaped too
    (``\\n``), so a name is always one line of the message."""
    return safe(name).replace("\n", "\\n")


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
DAMAGED_BECAUSE = "The journal {path} is damaged ({problem}); it was left untouched. " + RESTORE_HINT
SCHEMA_NO_REVISION = "it records no schema revision"
SCHEMA_BAD_REVISION = "its schema revision {revision} is not one homelog writes"
SCHEMA_NO_TABLE = "the table {table} is missing"
SCHEMA_NO_COLUMNS = "the table {table} lacks the columns {columns}"
SCHEMA_EXTRA_COLUMNS = "the table {table} has columns homelog does not make: {columns}"
NO_JOURNAL = (
    "There is no journal at {path}: nothing was created. Check the path (--db or HOMELOG_DB); "
    "'homelog add', 'homelog import' or 'homelog restore' make a new journal there."
)
DANGLING_LINK = "{path} is a symbolic link to {target}, which does not exist; nothing was created. Fix the link or choose another file with --db PATH."
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
READ_ONLY_OLD = "The journal {path} needs an upgrade, which cannot happen read-only. Open it once without --read-only."
MIGRATION_FAILED = (
    "Upgrading the journal {path} failed; it was left as it was (a backup is at {backup}). "
    "Please report this."
)

HEALTH_INTEGRITY = "SQLite's integrity check: {detail}"
HEALTH_REFERENCE = "row {rowid} of {table} refers to a missing row of {parent}"
HEALTH_NO_DEVICE = "it refers to device {id}, which is not in the journal"
HEALTH_NO_SESSION = "it refers to a session that is not in the journal"
HEALTH_NO_PRODUCT = "it refers to a product that is not in the journal"
HEALTH_VALUE = "{what} {id}: {problem}"
HEALTH_MORE = "... and {count} more records with bad values"
HEALTH_UNREADABLE = "could not be read to the end ({detail})"
HEALTH_DAMAGED = "the journal is damaged: restore a backup with 'homelog restore FILE'"

EMPTY_OPTION = "{option} was given an empty value: give one, or leave the option out. Nothing was done."
EMPTY_ARGUMENT = "An argument is empty (''): give a value. Nothing was done."

# -- input ---------------------------------------------------------------------
BAD_AREA = "Unknown area '{value}'. Valid areas: {valid}."
BAD_NEEDLE = "Needle length '{value}' is not valid: give millimetres from 0.1 to 3.0 with at most two decimals, e.g. 0.5."
BAD_DATE = "Date '{value}' is not valid: use YYYY-MM-DD, e.g. 2025-01-31."
FUTURE_DATE = "Date {value} is in the future: only a session that happened can be logged."
BAD_KIND = "Device kind '{value}' is not valid: use roller, stamp or pen."
NEEDLE_REQUIRED = "A {kind} has fixed needles: give their length in mm."
NEEDLE_MISMATCH = "Device {device} is a {length} mm {kind}: this session's needle must be {length} mm (or leave it out)."
NEEDLE_NEEDED = "Give the needle length in mm (e.g. 0.5), or choose a roller or stamp: its length is used."
NEEDLE_MISSING = "Give the needle length in mm: device {device} is a pen, whose depth is set per session."
BAD_NAME = "A device needs a name (at most 80 characters)."
TOO_LONG = "{field} is too long: at most {limit} characters."
BAD_TEXT = "{field} contains characters that cannot be stored (control characters other than tab and newline)."
EMPTY_REASON = "An override needs a reason (a few words on why you go ahead)."
BAD_UID = "{field} '{value}' is not valid: at most 36 characters, no spaces and no control characters."
BAD_NEEDLE_UM = "{field} '{value}' is not a valid needle length: whole micrometres from 100 to 3000 in steps of 10."
BAD_MOMENT = "{field} '{value}' is not a valid moment: YYYY-MM-DD HH:MM:SS.ffffff (UTC)."
BAD_JOURNAL_ID = "{field} '{value}' is not a journal id: 32 hexadecimal digits."
NOT_AS_STORED = "{field} '{value}' is not as homelog stores it (expected '{expected}')."
NO_SESSION = "There is no session {id}."
NO_DEVICE = "There is no device {id}."
RETIRED_DEVICE = "Device {id} ({name}) is retired: choose another device."
ALREADY_RETIRED = "Device {id} ({name}) is already retired."
BAD_RANGE = "--from {date_from} is after --to {date_to}."
NOTHING_TO_EDIT = "Nothing to change: give at least one of --area, --needle, --date, --device, --notes, --disinfected/--not-disinfected."

#: The command line's words for an error's ``hint`` (``InputError.hint``): the
#: service's messages name no option or command, the CLI adds them.
CLI_HINTS = {
    "check": "'homelog check' shows what the rules would say of a planned session.",
    "needle": "Use --needle MM.",
    "needle-or-device": "Use --needle MM, or --device ID for a roller or stamp.",
    "session-ids": "'homelog list' shows the ids.",
    "device-ids": "'homelog device list' shows the ids.",
    "condition-ids": "'homelog condition list' shows the ids.",
    "product-ids": "'homelog product list' shows the ids.",
    "react": "Use --redness 0|1|2|3 [--swelling] [--bleeding] [--infection], or --healed.",
}

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
UNDONE_DEVICE_ADD_RETIRED = "Undid adding device {id} ({name}): it is retired, as sessions refer to it."
UNDONE_DEVICE_RETIRE = "Undid retiring device {id} ({name}): it is in use again."
UNDONE_DEVICE_SHARED = "Undid marking device {id} ({name}) shared."
UNDONE_PRODUCT_ADD = "Undid adding product {id} ({name}): it is deleted."
UNDONE_PRODUCT_EDIT = "Undid editing product {id}: it is {name} again, as it was."
UNDONE_PRODUCT_DELETE = "Undid deleting product {id} ({name}): it is back."
UNDONE_APPLICATION = "Undid logging application {id} ({product} on the {area} on {date})."
UNDONE_IMPORT = "Undid the import of {sessions}: they are removed."
UNDONE_IMPORT_DEVICES = "Removed with it: {devices} it had added."
UNDONE_IMPORT_DEVICES_KEPT = "Retired instead of removed: {devices} it had added, which other sessions refer to."
NOTHING_TO_UNDO = "Nothing to undo."


def span(start, end) -> str:
    """A condition's span: 'from 2025-02-01, ongoing' / 'from 2025-02-01 to 2025-02-10'."""
    if end is None:
        return CONDITION_SPAN_OPEN.format(start=start.isoformat())
    return CONDITION_SPAN.format(start=start.isoformat(), end=end.isoformat())


def undone(result) -> str:
    """What ``Journal.undo`` reverted (an ``UndoResult``), in words."""
    if not result.undone:
        return NOTHING_TO_UNDO
    if result.action == "sync":
        return UNDONE_SYNC.format(records=plural(result.records_reverted, "record"))
    if result.action == "import":
        count = len(result.ids)
        text = UNDONE_IMPORT.format(sessions=plural(count, "session"))
        if result.devices_removed:
            text += " " + UNDONE_IMPORT_DEVICES.format(devices=plural(result.devices_removed, "device"))
        if result.devices_retired:
            text += " " + UNDONE_IMPORT_DEVICES_KEPT.format(devices=plural(result.devices_retired, "device"))
        r, c = result.reactions_removed, result.conditions_removed
        if r or c:
            text += " " + UNDONE_IMPORT_SKIN.format(reactions=plural(r, "observation"), conditions=plural(c, "condition"))
        return text
    if result.entity == "session":
        done = result.session
        text = {"add": UNDONE_ADD, "edit": UNDONE_EDIT, "delete": UNDONE_DELETE}[result.action]
        return text.format(id=done.id, area=done.area, date=done.date.isoformat(), needle=done.needle_mm_text)
    if result.entity == "reaction":
        return UNDONE_REACTION.format(id=result.reaction.session_id, date=result.reaction.date.isoformat())
    if result.entity == "condition":
        c = result.condition
        text = {
            "add": UNDONE_CONDITION_ADD,
            "end": UNDONE_CONDITION_END,
            "delete": UNDONE_CONDITION_DELETE,
            "restore": UNDONE_CONDITION_RESTORE,
        }[result.action]
        return text.format(id=c.id, kind=c.kind, span=span(c.start, c.end))
    if result.entity == "product":
        p = result.product
        text = {"add": UNDONE_PRODUCT_ADD, "edit": UNDONE_PRODUCT_EDIT, "delete": UNDONE_PRODUCT_DELETE}[result.action]
        return text.format(id=p.id, name=p.name)
    if result.entity == "application":
        a = result.application
        return UNDONE_APPLICATION.format(id=a.id, product=a.product.name, area=a.area, date=a.date.isoformat())
    if result.action == "shared":
        return UNDONE_DEVICE_SHARED.format(id=result.ids[0], name=result.device_name)
    if result.action == "add":
        text = UNDONE_DEVICE_ADD if result.devices_removed else UNDONE_DEVICE_ADD_RETIRED
    else:
        text = UNDONE_DEVICE_RETIRE
    return text.format(id=result.ids[0], name=result.device_name)


DEVICE_ADDED = "Added device {id}: {name} ({kind}{needle})."
DEVICE_RETIRED = "Retired device {id} ({name})."
DEVICE_SHARED = "Device {id} ({name}) was used on someone else from {date}: every session with it from that day on is stopped. Replace it."
ALREADY_SHARED = "Device {id} ({name}) is already marked shared from {date}."
SHARED_STATE = "shared from {date}: never use"
PEN_OUTLOOK = "new cartridge each session"
APPLICATIONS_HEADING = "Products applied after sessions ('homelog apply'):"
SHARED_DEVICES_HEADING = "Devices used on someone else (never use them again):"
SHARED_DEVICE_LINE = "  ✗ device {id} {name}: shared from {date}"

# -- products and applications ---------------------------------------------------
NO_PRODUCT = "There is no product {id}."
BAD_PRODUCT_NAME = "A product needs a name (at most 80 characters)."
BAD_CARTRIDGE = "Cartridge '{value}' is not known: use one of {valid}."
CARTRIDGE_NOT_PEN = "--cartridge is for a pen session; device {id} ({name}) is a {kind}, which has no cartridge."
CARTRIDGE_NO_DEVICE = "--cartridge is for a pen session: give the pen with --device ID."
APPLY_FUTURE = "Date {value} is more than one day ahead: log an application once it happened."
SHARED_FUTURE = "Date {value} is more than one day ahead: mark a device shared once it happened."
PRODUCT_ADDED = "Added product {id}: {name} ({sterile})."
PRODUCT_EDITED = "Changed product {id}: {name} ({sterile})."
PRODUCT_DELETED = "Deleted product {id} ({name}); 'homelog undo' brings it back."
PRODUCT_STERILE = "marked sterile"
PRODUCT_NOT_STERILE = "not marked sterile"
PRODUCT_UNKNOWN = "  Ingredients: none given — unknown, which is not safe: homelog cannot tell what is in it."
PRODUCT_NOTHING_FLAGGED = "  Ingredients: none of the classes homelog knows (vitamin C, retinoids, exfoliating acids, benzoyl peroxide, fragrance)."
PRODUCT_CLASS = "  {flag} {cls}: {names}"
PRODUCT_CAVEAT = "      note: {text}"
NO_PRODUCTS = "No products yet. Add one with: homelog product add NAME --ingredients \"Aqua, Sodium Hyaluronate\" --sterile"
NOTHING_TO_CHANGE_PRODUCT = "Nothing to change: give at least one of --name, --ingredients, --sterile/--not-sterile, --notes."
APPLIED = "Logged {product} on the {area} on {date} (application {id})."
APPLIED_OK = "Nothing flagged: no session's aftercare on the {area} holds {date} for what it contains."
CHECK_OK = "OK: nothing stops a session on {area} on {date}."
CHECK_STOP = "Stop: a session on {area} on {date} is not advised."
NEXT_SAFE = "Next session on {area} from {date}."
NO_NEXT_SAFE = "No date for the next session on {area}: waiting alone does not clear {rules}."

# -- status: the three states of an area (``AreaStatus.state``) ----------------------
STATE_READY = "✓ ready"
STATE_CAUTION = "! ready, take care: {why}"
STATE_RESTING = "✗ resting until {date} ({days} left)"
STATE_HELD_UNTIL = "✗ held by {rules} until {date} ({days} left)"
STATE_HELD_NO_DATE = "✗ held by {rules}: no date (waiting alone does not clear it)"


def days_left(n: int) -> str:
    return plural(n, "day")


# -- export / import / backup ----------------------------------------------------
EXPORTED = "Exported {sessions} to {target} ({fmt})."
EXPORTED_ICS = "Exported {events} to {target} (ICS)."
EXPORT_ICS_NO_RANGE = "--from and --to choose sessions; a calendar export shows the days to come (--area may choose one area)."
ICS_CALENDAR_NAME = "homelog: next ready days"
ICS_READY = "{Area}: ready for a session"
ICS_AFTERCARE_ENDS = "{Area}: aftercare ends"
ICS_AFTERCARE_WHY = "The aftercare window of the last session ends: back to your usual skin care."
ICS_HOLD_ENDS = "{Area}: {rule} hold ends"
BAD_FORMAT = "Format '{value}' is not known: use csv or json."
BAD_FILE_NAME = "'{value}' is not a valid file name (it contains a NUL character)."
EXPORT_ONTO_JOURNAL = "The export cannot replace the journal itself ({path}): choose another file."
OUTPUT_FAILED = "Cannot write the output ({reason}): it is incomplete. Nothing in the journal was changed by writing it."
EXPORT_CANNOT_WRITE = "Cannot write {path}: {reason}. Nothing was written; a file already there is unchanged."
IMPORT_NO_FILE = "There is no file {path} to import."
IMPORT_TARGET_APPEARED = (
    "A journal appeared at {path} during the import (another homelog?); it was left as it is and nothing was "
    "imported. Import again to add to it."
)
IMPORT_NOT_SETTLED = "The new journal for {path} could not be completed ({detail}); nothing was imported."
IMPORT_CANNOT_READ = "Cannot read {path}: {reason}."
IMPORT_AT = "{where}: {problem}"
IMPORT_TOO_BIG = "{name} goes on past {limit}, more than homelog imports: nothing was imported. Split the file."
IMPORT_TOO_BIG_REASON = "it is larger than {limit}, more than homelog imports (split the file)"
IMPORT_TOO_DEEP = "{name} is nested too deeply to be a homelog export (JSON inside JSON, hundreds of levels): nothing was imported."
IMPORT_FAILED = "Nothing was imported from {name}. Fix {what} and import again:"
IMPORT_MORE_ERRORS = "(stopped after {count} problems)"
IMPORT_NOT_UTF8 = "{name} is not UTF-8 text (near line {line}): save it as 'CSV UTF-8' and import again. Nothing was imported."
IMPORT_EMPTY = "{name} is empty: a CSV needs a header row with at least date,area,needle_mm. Nothing was imported."
IMPORT_MISSING_COLUMNS = (
    "{name} has no {columns} column: the header row needs at least date,area,needle_mm "
    "(the other columns are optional). Nothing was imported."
)
IMPORT_DUPLICATE_COLUMN = "the column {column} appears twice in the header"
IMPORT_TOO_MANY_CELLS = "this row has {found} cells but the header has {expected} (a stray comma or quote?)"
IMPORT_BAD_CSV = "the CSV is malformed here ({detail}); check the quotes"
IMPORT_BAD_JSON = "{name} is not valid JSON (line {line}: {detail}). Nothing was imported."
IMPORT_NOT_OURS = (
    '{name} is not a homelog export: expected {{"format": "homelog", "version": 1, "sessions": [...]}} '
    "or a list of sessions. Nothing was imported."
)
IMPORT_TOO_NEW = "{name} was written by a newer homelog (format version {version}): upgrade homelog to import it. Nothing was imported."
IMPORT_NOT_OBJECT = "a session must be a JSON object"
IMPORT_NOT_TEXT = "{column} must be text"
IMPORT_UNKNOWN_DEVICE_ID = "device_id {id} is not in the file's devices list: give device_uid or device (the device's name)"
IMPORT_MISSING = "{column} is empty: every session needs a date, an area and a needle length (needle_mm)"
IMPORT_BAD_BOOL = "disinfected '{value}' is not valid: use true, false, or leave it empty (not recorded)"
IMPORT_DUPLICATE_UID = "uid '{uid}' is also on {first}, with other values: one uid is one session"
IMPORT_BAD_RULES = "overridden_rules '{value}' is not valid: rule ids separated by commas, e.g. rest-period,home-depth"
IMPORT_DEVICE_UNKNOWN = (
    "the device {device} is not in the journal, and to add it homelog needs its name (device) and kind "
    "(device_kind: roller, stamp or pen; a roller or stamp also needs device_needle_mm)"
)
IMPORT_NEEDLE_MISMATCH = "the device {device} is a {length} mm {kind}: this session's needle must be {length} mm"
IMPORTED = "Imported {sessions} from {name}; skipped {skipped} already in the journal."
IMPORTED_DEVICES = "Added {devices} the journal did not have: {names}."
AND_MORE = "{names} and {more} more ('homelog device list' shows them all)"
IMPORTED_UNDO = "'homelog undo' removes this whole import."
IMPORT_IGNORED_COLUMNS = "Ignored columns homelog does not know: {columns}."
IMPORT_FINDINGS = "The safety rules found this in the imported sessions (saved anyway: they already happened):"
SYNC_FINDINGS = "The safety rules found this in the merged sessions (kept anyway: they already happened):"

BACKED_UP = "Backed up the journal {path} to {backup}."
BACKUP_ONTO_JOURNAL = "A backup cannot replace the journal itself ({path}): choose another file."
RESTORE_NO_FILE = "There is no file {path} to restore from."
RESTORE_NOT_JOURNAL = "{path} is not a homelog journal, or it is damaged: nothing was restored and the journal is unchanged."
RESTORE_NOT_SOUND = "{path} is not a sound homelog journal ({problems}): nothing was restored and the journal is unchanged."
RESTORE_TOO_NEW = "{path} was written by a newer homelog (schema {revision}): nothing was restored. Upgrade homelog to restore it."
RESTORE_SAME = "{path} is the journal itself: choose a backup file to restore from ('homelog where' shows the backups folder)."
RESTORE_FOREIGN = (
    "The journal path {path} holds a database of another program: restore will not overwrite it. "
    "Choose the journal with --db PATH."
)
RESTORED = "Restored {source} into the journal {path}: {sessions}, {devices}."
RESTORED_PREVIOUS = "The journal as it was before is saved at {backup} ('homelog restore' that file to go back)."
RESTORED_DAMAGED = "The damaged journal was copied as it was to {backup}."

# -- skin: reactions and conditions ----------------------------------------------
BAD_REDNESS = "Redness '{value}' is not valid: use 0 (none), 1 (mild), 2 (moderate) or 3 (severe)."
BAD_CONDITION_KIND = "Unknown condition kind '{value}'. Known kinds: {valid}."
END_BEFORE_START = "The end {end} is before the start {start}: a condition ends on or after the day it starts."
REACTION_BEFORE_SESSION = "Date {value} is before session {id} ({date}): an observation comes on or after its session."
REACTION_FUTURE = "Date {value} is in the future: only what you have seen can be logged."
NO_CONDITION = "There is no condition {id}."
NO_DELETED_CONDITION = "Condition {id} is not deleted: there is nothing to restore."
REACTION_NEEDED = "Give the redness (0 to 3), or say that it has healed."
HEALED_WITH_SYMPTOM = "A healed observation has no redness and no symptom: leave out the redness and the symptoms."
REACTED = "Logged for session {id} ({area}, {date}) on {day}: {what}."
REACTION_HEALED = "healed"
REACTION_WHAT = "redness {redness}{symptoms}"


def reaction_what(r) -> str:
    """An observation (a ``Reaction``) in a few words: 'healed' or 'redness 2, swelling'."""
    if r.healed:
        return REACTION_HEALED
    symptoms = [name for name, on in (("swelling", r.swelling), ("bleeding", r.bleeding), ("infection", r.infection)) if on]
    return REACTION_WHAT.format(redness=r.redness, symptoms="".join(", " + s for s in symptoms))


NO_REACTIONS = "No observations of session {id} yet."
CONDITION_ADDED = "Added condition {id}: {kind} ({where}), {span}."
CONDITION_TAKES_NO_AREA = 'Condition "{kind}" applies to every area whatever its area: leave the area out.'
CONDITION_ENDED = "Ended condition {id} ({kind}) on {date}."
CONDITION_DELETED = "Deleted condition {id} ({kind}). 'homelog undo' brings it back."
CONDITION_RESTORED = "Restored condition {id} ({kind})."
CONDITION_SPAN_OPEN = "from {start}, ongoing"
CONDITION_SPAN = "from {start} to {end}"
NO_CONDITIONS = "No conditions recorded."
UNDONE_REACTION = "Undid the observation of session {id} on {date}: it is removed."
UNDONE_CONDITION_ADD = "Undid adding condition {id} ({kind}): it is removed."
UNDONE_CONDITION_END = "Undid ending condition {id} ({kind}): {span}."
UNDONE_CONDITION_DELETE = "Undid deleting condition {id} ({kind}): it is back."
UNDONE_CONDITION_RESTORE = "Undid restoring condition {id} ({kind}): it is deleted again."
UNDONE_IMPORT_SKIN = "Removed with it: {reactions} and {conditions} it had added."
IMPORT_SKIN_BAD_FLAG = "{column} must be true or false"
IMPORT_NOT_OBJECT_OF = "{what} must be a JSON object"
IMPORT_SKIN_NOT_LIST = "{column} must be a list"
IMPORT_SKIN_NO_SESSION = "session_uid '{value}' is neither in the file nor in the journal"
IMPORT_NO_PRODUCT = "product_uid '{value}' is neither in the file nor in the journal"
IMPORTED_SKIN = "Added {reactions} and {conditions} the journal did not have."

# -- sync ---------------------------------------------------------------------------
SYNC_BAD_FILE = "{name}: {why}; nothing was merged (fix or remove that file and sync again)"
SYNC_MISSING = "{what} refers to {kind} {uid}, which no file holds"
SYNC_NO_FOLDER = "sync folder {path} does not exist (make it, or point to the folder your sync tool shares)"
SYNC_NOT_FOLDER = "sync folder {path} is not a folder"
SYNC_CANNOT_READ_FOLDER = "cannot read the sync folder {path}: {why}"
SYNC_SKIPPED = "skipped {name}: {why}"
SYNC_TOO_LARGE = "it is larger than {limit} MB, more than homelog reads from a sync folder"
SYNC_BAD_HEADER = "{name}: {why}; nothing was merged (it is the folder's header: restore it from your sync tool's history, or sync into a new folder)"
SYNC_HEADER_CONFLICT = (
    "{names}: a second copy of the folder header (two machines set this folder up at once?); nothing was merged. "
    "Keep the header whose passphrase your machines use, remove the other, and sync again"
)
SYNC_NO_HEADER = (
    "{name}: encrypted, but the folder has no header ({header}), which holds the key; nothing was merged. "
    "Restore the header from your sync tool's history, or sync into a new folder"
)
SYNC_PLAINTEXT = (
    "a plaintext sync file from an older homelog; nothing was merged. Upgrade homelog on the machine that wrote it "
    "and sync there once (its records are still in that journal), or remove the file"
)
SYNC_PLAINTEXT_SKIPPED = (
    "not read {name}: a plaintext sync file from an older homelog (upgrade homelog on that machine and sync there: "
    "it then writes its records encrypted)"
)
SYNC_NOT_SEALED = "its encryption fields are missing or damaged"
SYNC_FAILED_AUTH = (
    "it fails authentication: altered, truncated, renamed from another journal's name, or sealed with another "
    "folder's key"
)
SYNC_WRONG_NAME = "its name says journal {named}, but it holds journal {inside}'s records (renamed?)"
SYNC_PASSPHRASE_NEEDED = "the sync folder {path} is encrypted: its passphrase is needed (set HOMELOG_SYNC_PASSPHRASE, or run this in a terminal)"
SYNC_NEW_PASSPHRASE_NEEDED = (
    "the sync folder {path} is new: choose a passphrase for it (set HOMELOG_SYNC_PASSPHRASE, or run this in a terminal)"
)
SYNC_WRONG_PASSPHRASE = "wrong passphrase for the sync folder {path}: it does not open the folder's key; nothing was merged"
SYNC_SHORT_PASSPHRASE = "a sync passphrase needs at least {min} characters"
SYNC_PASSPHRASES_DIFFER = "the two passphrases differ; nothing was set up"
SYNC_PROMPT_NEW = "New passphrase for the sync folder {path}: "
SYNC_PROMPT_AGAIN = "The same passphrase again: "
SYNC_PROMPT = "Passphrase for the sync folder {path}: "
SYNC_SET_UP = "Set up the sync folder {path}: its files are encrypted with your passphrase (without it they cannot be read)."
SYNC_FORGOT = "Forgot the key of the sync folder {path} on this machine: the next sync there asks for the passphrase."
SYNC_FORGOT_NOTHING = "No key of the sync folder {path} is remembered on this machine."
SYNC_NOT_SET_UP = "the folder {path} is not a sync folder yet (it has no {header}): a first sync sets it up with a passphrase"
SYNC_PASSPHRASE_CHANGED = (
    "Changed the passphrase of the sync folder {path}: its files are as they were, and each of your other machines "
    "asks for the new passphrase at its next sync there."
)
SYNC_CHANGE_NEEDS_NEW = (
    "a new passphrase for the sync folder {path} is needed (set HOMELOG_SYNC_NEW_PASSPHRASE, or run this in a terminal)"
)
SYNC_NO_VERSION = "it has no {field} (every record in a sync file carries its version)"
SYNC_BAD_RECORD = "{kind} {uid}: {problem}"
SYNC_OWN_TOO_LARGE = (
    "this journal's sync file would be larger than {limit} MB, more than homelog reads from a sync folder; "
    "nothing was merged or written"
)
SYNC_JOURNAL_REPLACED = "the journal was replaced (restored?) while the sync read the folder; nothing was merged: sync again"
SYNC_BAD_OWN = (
    "this journal's {why}: it holds a record homelog would not accept (changed outside homelog?); nothing was "
    "merged or written, so it is not spread to your other machines. Fix or delete that record, or restore a backup "
    "('homelog doctor' lists such records)"
)
SYNC_CLOCK_AHEAD = (
    "{field} {value} is more than 24 hours ahead of this machine's clock ({now} UTC): the clock of the machine that "
    "wrote it is wrong, or this one's is"
)
SYNC_DONE = "Merged {files}: {summary}. Wrote {own}."
SYNC_WOULD = "Would merge {files}: {summary}. Nothing written."
SYNC_NOTHING = "nothing new"
UNDONE_SYNC = "Undid the sync: {records} back as they were before it (the next sync passes this on)."


#: How a sync's summary names one record of each kind (a kind not here: its own name).
SYNC_NOUNS = {"devices": "device", "sessions": "session", "reactions": "observation", "conditions": "condition"}


def sync_summary(counts: dict[str, dict[str, int]]) -> str:
    """A sync's changes (``SyncResult.counts``) in words: "2 sessions added, 1 device changed"."""
    parts = [
        f"{plural(n, SYNC_NOUNS.get(entity, entity.rstrip('s')))} {kind}"
        for entity, by_kind in counts.items()
        for kind, n in by_kind.items()
        if n
    ]
    return ", ".join(parts) or SYNC_NOTHING
