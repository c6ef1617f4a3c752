"""The TUI's part of the message catalogue: every sentence the terminal UI
shows that ``homelog.messages`` does not already have.

Plain strings only (no Textual import), so the wording can be reviewed in one
place and tested. Texts shared with the CLI (saved, refused, undo, errors,
the disclaimer) come from ``homelog.messages``; the CLI's versions mention
command-line options, so where the TUI needs a key instead it has its own.
"""

APP_TITLE = "homelog"
READ_ONLY_BADGE = "read-only"

# -- main screen ----------------------------------------------------------------
TOP_TODAY = "today {date}"
FILTER_ALL = "all areas"
FILTER_LABEL = "filter: {area}"
AREAS_TITLE = "Areas"
AREA_READY = "ready"
AREA_HELD = "held"  # a stop the panel has no finding for
AREA_CAUTION = "care"
AREA_NO_DATE = "no date"  # waiting alone does not clear it
# One word for a hold, by rule (a contraindication says its condition's kind instead).
AREA_HOLD_WORDS = {"rest-period": "resting", "recovery": "healing", "frequency-cap": "too-often"}
AREA_TIP_READY = "{area}: ready"
AREA_TIP_CAUTION = "{area}: ready, take care (you may go ahead)"
AREA_TIP_UNTIL = "{area}: not before {date}"
AREA_TIP_NO_DATE = "{area}: no date: waiting alone does not clear it"
AREA_TIP_AFTERCARE = "~ aftercare until {date} (no sun, no active skincare)"
JOURNAL_TITLE = "Journal"
COLUMNS = ("#", "Date", "Area", "mm", "⚑", "Device", "Clean", "Notes")
NARROW_DROPS = ("Device", "Clean")  # the columns that make way in a narrow journal
TABLE_INFO = "{count}{on} · ⚑ saved with an override"  # count: "8 of 20 sessions", or "1 session"
TABLE_INFO_SHOWN = "{shown} of {sessions}"
TABLE_INFO_ON = " on {area}"
TABLE_EMPTY = "No sessions yet: press a to log one."
TABLE_EMPTY_FILTERED = "No sessions on {area}. Press f to choose another area."
NO_SELECTION = "No session is selected."
REFRESHED = "Reloaded from the journal."
SCREENSHOT_SAVED = "Screenshot saved to {path} (readable only by you: it shows your journal)."
DELETE_TITLE = "Delete a session"
DELETE_QUESTION = "Delete session {id}: {area}, {needle} mm on {date}?"
DELETE_HINT = "You can bring it back with u (undo)."
DELETED = "Deleted session {id} ({area}, {date}). Press u to undo."
CAUTIONS_SUFFIX = " Rules: {summary}."
FILTER_TITLE = "Show sessions of"
FILTER_SET = "Showing {area}."

# -- session form ---------------------------------------------------------------
FORM_ADD_TITLE = "Log a session"
FORM_EDIT_TITLE = "Edit session {id}"
LABEL_AREA = "Area"
LABEL_NEEDLE = "Needle (mm)"
LABEL_DATE = "Date"
LABEL_DEVICE = "Device"
LABEL_DISINFECTED = "Disinfected"
LABEL_NOTES = "Notes"
LABEL_REASON = "Reason"
REASON_FIELD_HINT = "⚑ Saved {past}: the reason is kept with the session."
OVERRIDE_DETAIL = "⚑ #{id} saved {past}: {reason}"
OVERRIDE_PAST = "anyway past {rules}"
OVERRIDE_NO_RULE = "with a reason"  # no rule had said stop (or an import did not say which)


def override_past(rules) -> str:
    """Which rules an override went past, for a person: "anyway past rest-period"."""
    return OVERRIDE_PAST.format(rules=", ".join(rules)) if rules else OVERRIDE_NO_RULE
PROMPT_AREA = "choose an area"
NO_DEVICE = "none"
RETIRED_SUFFIX = " (retired)"
DISINFECTED_TEXT = "before and after (70% isopropyl)"
NEEDLE_PLACEHOLDER = "e.g. 0.5 ↑↓"
# Shown under an empty field (instead of the service's message, which names CLI options).
EMPTY_FIELD = {
    "area": "Choose an area.",
    "needle": "Give the needle length in mm (type it, ↑/↓ or pick a size), or choose a roller or stamp as device.",
    "day": "Give the date as YYYY-MM-DD.",
    "date": "Give the date as YYYY-MM-DD.",
    "start": "Give the first day as YYYY-MM-DD.",
}
EMPTY_REQUIRED = "This field is required."
# Checkable (the findings show), but only sessions that happened can be saved.
FUTURE_DATE = "{date} is in the future: only a session that happened can be saved; the findings below show what the rules would say."
DATE_PLACEHOLDER = "YYYY-MM-DD"
NOTES_PLACEHOLDER = "optional"
FINDINGS_TITLE = "What the rules say (nothing is saved yet)"
FINDINGS_NONE = "✓ No findings: nothing stops this session."
FINDINGS_WAITING = "Fill in the marked fields to see what the rules say."
FINDINGS_STOP_HINT = "A rule says stop: Save will ask for a reason to go ahead anyway."
FINDINGS_SOURCES_HINT = "Ctrl+O or a click on a finding: the sources its rule rests on."
FINDINGS_NO_SOURCES = "No finding yet: nothing to show the sources of."
SOURCES_TITLE = "Sources of the safety rules"
SOURCES_FINDINGS_TITLE = "Where these findings come from (then every other rule)"
SOURCES_FOOT = "↑/↓ and page keys scroll, Escape closes. Not medical advice."
KEY_SOURCES = "Sources"
NEXT_SAFE = "Next safe date for {area}: {date}"
NEXT_SAFE_TODAY = "Next safe date for {area}: {date} (ready)"
NEXT_SAFE_NONE = "Next safe date for {area}: no date: waiting alone does not clear {rules}"
EDIT_NOT_RECHECKED = "Date, area, needle and device as saved: Save does not check this session again (no reason needed)."
FINDINGS_STOP_HINT_REASON = "A rule says stop: Save will ask for a reason (the one saved is filled in)."
AFTER_THIS = "After this session {area} rests {days}: the next one from {date}."
LEVEL_LABEL = {"stop": "STOP", "caution": "CAUTION", "note": "NOTE"}
LEVEL_SYMBOL = {"stop": "✗", "caution": "!", "note": "i"}
SAVE = "Save"
CANCEL = "Cancel"
CLOSE = "Close"
FIX_FIELDS = "Fix the marked fields first."
NOT_SAVED = "Not saved: a safety rule says stop."

# -- observation (reaction) form ---------------------------------------------------
REACTION_TITLE = "How did the skin react? Session {id}: {area}, {date}"
LABEL_REDNESS = "Redness"
REDNESS_NAMES = {0: "0 none", 1: "1 mild", 2: "2 moderate", 3: "3 severe"}
SYMPTOM_LABELS = {"swelling": "Swelling", "bleeding": "Bleeding", "infection": "Infection"}
SYMPTOM_TEXTS = {
    "swelling": "swollen",
    "bleeding": "bleeding (more than pinpoints)",
    "infection": "signs of infection (pus, heat, growing pain)",
}
LABEL_SEEN_ON = "Seen on"
REACTION_HINT = "Healed (no redness, no symptom)? Press h in the journal instead."

# -- conditions -----------------------------------------------------------------------
CONDITIONS_TITLE = "Conditions (contraindications)"
CONDITION_COLUMNS = ("#", "Kind", "Applies to", "From", "To", "Notes")
CONDITION_ONGOING = "ongoing"
CONDITIONS_EMPTY = "No conditions recorded: press a to add one (e.g. pregnancy, retinoid, cold-sore)."
CONDITIONS_INFO = (
    "A condition can stop or caution every session on its area (or on every area) while it lasts; "
    "'homelog rules' lists the kinds and how long each applies."
)
NO_CONDITION_SELECTED = "No condition is selected."
CONDITION_DELETE_TITLE = "Delete a condition"
CONDITION_DELETE_QUESTION = "Delete condition {id} ({kind}, {span})?"
CONDITION_DELETED = "Deleted condition {id} ({kind}). Press u to undo."
CONDITION_FORM_TITLE = "Add a condition"
LABEL_FROM = "From"
LABEL_TO = "To"
TO_PLACEHOLDER = "YYYY-MM-DD, empty: ongoing"

# -- reason dialog ----------------------------------------------------------------
REASON_TITLE = "A safety rule says stop"
REASON_PROMPT = "To save anyway, say why you go ahead (kept with the session, shown as ⚑):"
REASON_PLACEHOLDER = "your reason"
REASON_SAVE = "Save anyway"
REASON_EMPTY = "A reason is needed to save anyway."

# -- confirm ------------------------------------------------------------------------
YES = "Yes"
NO = "No"

# -- calendar -------------------------------------------------------------------------
CALENDAR_TITLE = "Calendar"
WEEKDAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
LEGEND_AREAS = "Areas, one mark each in this order:"
LEGEND_AREA = "Area:"
LEGEND_MARKS = ("~ rest", "+ healing", "× condition", "✗ stop", "! caution", "· ready", "▸ today")
CALENDAR_FILTER = "only {area}"
MONTH_SUMMARY = "{count} sessions this month"
MONTH_SUMMARY_ONE = "1 session this month"

# -- devices --------------------------------------------------------------------------
DEVICES_TITLE = "Devices"
DEVICE_COLUMNS = ("#", "Name", "Kind", "mm", "Uses", "First use", "State", "Wear")
WEAR_RULES = "Wear (next use): a roller or stamp: caution after {caution} uses, replace after {stop} (device-wear); a pen: a new cartridge each session (cartridge); caution {days} days after the first use (device-age)."
#: the same when the wear caution and stop are one count (the defaults: the sellers' 8 uses)
WEAR_RULES_NO_CAUTION = "Wear (next use): a roller or stamp: replace after {stop} uses (device-wear); a pen: a new cartridge each session (cartridge); caution {days} days after the first use (device-age)."
DEVICES_EMPTY = "No devices yet: press a to add one (a roller, stamp or pen)."
DEVICE_IN_USE = "in use"
DEVICE_RETIRED_STATE = "retired"
WEAR_OK = "✓ ok ({left} uses left)"
WEAR_OK_SHORT = "✓ ok"
WEAR_SOON = "! replace soon"
WEAR_REPLACE = "✗ replace"
WEAR_OLD = "! old: replace soon"
WEAR_RETIRED = "-"
RETIRE_TITLE = "Retire a device"
RETIRE_QUESTION = "Retire device {id} ({name})? Its sessions stay; it is no longer offered for new sessions."
NO_DEVICE_SELECTED = "No device is selected."
DEVICE_FORM_TITLE = "Add a device"
LABEL_NAME = "Name"
LABEL_KIND = "Kind"
NAME_PLACEHOLDER = "e.g. face roller"
DEVICE_NEEDLE_HINT = "required for a roller or stamp; a pen's depth is set per session"

# -- rules, help, welcome ----------------------------------------------------------------
RULES_TITLE = "Rules in effect"
RULES_FOOT = "Change them in your rules.toml ('homelog where' shows where it lives); 'homelog rules --json' prints them."
HELP_TITLE = "Help"
HELP_KEYS_TITLE = "Keys"
# What each bound action does; the help screen takes the keys from the bindings
# (the main screen's, then the app's), so the list cannot drift from them.
HELP_ACTIONS = {
    "add": "log a session",
    "edit": "edit the selected session",
    "delete": "delete the selected session (asks first)",
    "undo": "undo the last change",
    "filter": "show one area (or all)",
    "calendar": "calendar: ←/→ or h/l months, t this month",
    "devices": "devices: a add, x retire, s used on someone else",
    "rules": "the rules in effect and their sources",
    "sources": "the sources every safety rule rests on",
    "observe": "log how the skin of the selected session reacted",
    "healed": "log that the selected session has healed (today)",
    "conditions": "conditions: a add, x end today, d delete",
    "sync": "sync with your other machines through a synced folder",
    "products": "products: a add, e edit, d delete",
    "apply": "log a product put on the selected session's area",
    "quit": "quit",
    "help": "this help",
    "refresh": "reload (picks up sessions added with the command line)",
    "toggle_dark": "switch between dark and light",
    "command_palette": "command palette: every command by name",
}
HELP_MORE_KEYS = {"edit": ("enter",)}  # keys a widget binds (the journal table's enter)
HELP_CLOSE = ("escape", "close a window or form")
KEY_NAMES = {"question_mark": "?"}
HELP_LEVELS_TITLE = "What the rules say"
HELP_LEVELS = (
    ("note", "for your information."),
    ("caution", "take care; you may go ahead and the session is saved."),
    ("stop", "not advised: the session is saved only with a reason you give (marked ⚑)."),
)
HELP_FORM = "The form shows the findings live while you type, before anything is saved; Ctrl+O opens the sources their rules rest on."
WELCOME_TITLE = "Welcome to homelog"
WELCOME_DOES = (
    "homelog is a journal for microneedling at home (roller, stamp or pen). It keeps each "
    "session (area, needle length, date, device) and checks it against safety rules: rest "
    "between sessions on the same area, needle length for home use, device wear and age, "
    "disinfection. It says when an area is ready again."
)
WELCOME_DOES_NOT = (
    "It does not control any device, does not diagnose, and cannot know your skin: "
    "the rules are cautious defaults from public guidance, not a prescription."
)
WELCOME_NEXT = "Press a to log your first session, v to add a device, ? for help, or escape to close."
WELCOME_ADD = "Log a session"
WELCOME_CLOSE = "Close"

# -- commands (palette) ---------------------------------------------------------------------
COMMANDS = {
    "add": ("Add session", "Log a session (checked by the safety rules first)"),
    "edit": ("Edit session", "Edit the selected session"),
    "delete": ("Delete session", "Delete the selected session (asks first; undo brings it back)"),
    "undo": ("Undo", "Revert the last change"),
    "calendar": ("Calendar", "Month view of sessions and of what holds each area each day"),
    "devices": ("Devices", "Your rollers, stamps and pens: uses, age, wear"),
    "rules": ("Rules", "The safety rules in effect, with their sources"),
    "sources": ("Sources", "The studies and guidance each safety rule rests on, with links"),
    "observe": ("Observe reaction", "Log redness and symptoms of the selected session"),
    "healed": ("Healed", "Log that the selected session has healed, today"),
    "conditions": ("Conditions", "Standing conditions (pregnancy, retinoids, cold sore...): add, end, delete"),
    "sync": ("Sync", "Merge with your other machines' journals through a folder you sync"),
    "products": ("Products", "What you put on the skin: glide serums and aftercare, with their ingredient classes"),
    "apply": ("Log application", "Log a product put on the selected session's area (after the session)"),
    "help": ("Help", "Keys, what note/caution/stop mean"),
    "filter": ("Filter", "Show the sessions of one area"),
    "refresh": ("Refresh", "Reload from the journal (sessions added elsewhere)"),
    "toggle_dark": ("Toggle dark/light", "Switch between the dark and the light theme"),
}
FILTER_COMMAND = "Filter: {area}"
FILTER_COMMAND_HELP = "Show only the sessions on {area}"
FILTER_ALL_COMMAND = "Filter: all areas"
FILTER_ALL_HELP = "Show the sessions of every area"

# -- errors ---------------------------------------------------------------------------------
ERROR_TITLE = "homelog"

# -- sync -----------------------------------------------------------------------------------
SYNC_TITLE = "Sync with your other machines"
SYNC_EXPLAIN = (
    "A folder that Syncthing, Dropbox or iCloud keeps in step between your machines (never the journal's own "
    "folder). Each journal writes its own file there and merges the others': per record, the later edit wins; "
    "undo takes a whole sync back."
)
SYNC_PLACEHOLDER = "folder, e.g. ~/Sync/homelog"
SYNC_PREVIEW = "Preview"
SYNC_GO = "Sync"
SYNC_NO_FOLDER = "Type the synced folder first."


# -- what touches the skin: products, applications, cartridges, sharing -------------------
PRODUCTS_TITLE = "Products (what touches the skin)"
PRODUCT_COLUMNS = ("#", "Name", "Sterile", "Classes", "Ingredients")
PRODUCTS_EMPTY = "No products recorded: press a to add one (paste its INCI ingredient list)."
PRODUCTS_INFO = (
    "During a session a flagged class (vitamin C, retinoid, acid, benzoyl peroxide, fragrance) stops it; "
    "an unsterile or unknown product is a caution. Glide only with a sterile hyaluronic acid product."
)
NO_PRODUCT_SELECTED = "No product is selected."
PRODUCT_UNKNOWN_CLASSES = "unknown"
PRODUCT_NO_CLASSES = "-"
PRODUCT_FORM_ADD_TITLE = "Add a product"
PRODUCT_FORM_EDIT_TITLE = "Edit product {id}"
LABEL_INGREDIENTS = "Ingredients"
LABEL_STERILE = "Sterile"
STERILE_TEXT = "the package says sterile"
INGREDIENTS_PLACEHOLDER = "Paste the INCI list, e.g. Aqua, Sodium Hyaluronate"
CLASSES_NONE_GIVEN = "Classes: none given yet: unknown, which is not safe."
CLASSES_NONE_FOUND = "Classes: none homelog knows (vitamin C, retinoid, acid, benzoyl peroxide, fragrance)."
CLASSES_FOUND = "Classes: {found}"
PRODUCT_DELETE_TITLE = "Delete a product"
PRODUCT_DELETE_QUESTION = "Delete product {id} ({name})? Its sessions keep it."
PRODUCT_DELETED = "Deleted product {id} ({name}). Press u to undo."
APPLY_FORM_TITLE = "Log an application"
LABEL_PRODUCT = "Product"
APPLY_NO_PRODUCTS = "No products yet: add one on the products screen (p) first."
LABEL_PRODUCTS = "On the skin"
LABEL_CARTRIDGE = "Cartridge"
CARTRIDGE_OPTIONS = (("not said", ""), ("new (single use)", "new"), ("reused", "reused"))
WEAR_CARTRIDGE = "✓ new cartridge each session"
WEAR_SHARED = "✗ shared: never use"
SHARED_TITLE = "A device used on someone else"
SHARED_QUESTION = "Mark device {id} ({name}) as used on someone else today? Every session with it from today on is stopped."
SYNC_PASSPHRASE = "passphrase of the sync folder"
SYNC_PASSPHRASE_AGAIN = "the same passphrase again"
SYNC_ASK = "This folder is encrypted: type its passphrase (this machine remembers its key afterwards), then Preview or Sync."
SYNC_ASK_NEW = (
    "This folder is new: choose a passphrase for it (at least 8 characters), type it twice, then Sync. "
    "Your other machines need the same passphrase; without it the folder cannot be read."
)
SYNC_DIFFER = "The two passphrases differ: type the same one twice."
