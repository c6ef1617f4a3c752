"""An open journal file with the rules and clock that apply to it.

All that export and import need (they work on plain ``sqlite3`` connections
through ``Database.raw()``), so those commands never import SQLAlchemy;
``homelog.service.journal.Journal`` adds the use cases that go through the ORM.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from homelog import rules
from homelog.records import Device, DeviceLimits, DeviceOutlook
from homelog.rules import RuleTable
from homelog.rules.checks import device_age, device_wear
from homelog.store import Database

Clock = Callable[[], date]


class JournalFile:
    def __init__(self, db: Database, rules: RuleTable, today: Clock = date.today):
        self.db = db
        self.rules = rules
        self._today = today

    def close(self) -> None:
        self.db.close()

    def today(self) -> date:
        return self._today()

    @property
    def areas(self) -> list[str]:
        return list(self.rules.areas)

    # -- what the rules say, for a front end to show (no database) ------------------

    def rest_days(self, area: str, needle_um: int) -> int:
        """How long a session of ``needle_um`` rests ``area`` (0 while rest-period is off)."""
        return rules.rest_days(self.rules, area, needle_um)

    def max_rest_days(self, area: str) -> int:
        """The longest rest any needle gives ``area``: how far back a session can still rest it."""
        return rules.max_rest_days(self.rules, area)

    def device_outlook(self, device: Device, on: date | None = None) -> DeviceOutlook:
        """What the device rules say of one more session with ``device`` on ``on`` (default today)."""
        return rules.device_outlook(device.uses, device.first_used, on or self.today(), self.rules)

    def device_limits(self) -> DeviceLimits:
        wear, age = device_wear.params(self.rules), device_age.params(self.rules)
        return DeviceLimits(wear.caution_above, wear.stop_above, age.caution_above_days)
