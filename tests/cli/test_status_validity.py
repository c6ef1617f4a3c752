"""``changes_on``: the first day after the as-of date on which a status may
answer differently (the cache of ``status --short``/``--json`` is valid until then)."""

from __future__ import annotations

from datetime import date

from homelog.records import AreaStatus, Finding
from homelog.service.status_validity import changes_on

D = date(2025, 3, 1)


def hold(until: date | None, level: str = "stop") -> Finding:
    return Finding("contraindication", level, "held", until, "a source")


def st(area: str = "face", **kw) -> AreaStatus:
    return AreaStatus(area=area, group="face", last_session=None, resting_until=kw.get("rest"),
                      aftercare_until=kw.get("aftercare"), holds=kw.get("holds", ()))


def test_all_ready_and_nothing_ahead_never_changes():
    assert changes_on([st(), st("neck")], D) is None


def test_the_earliest_of_rest_aftercare_and_hold_ends():
    items = [st(rest=date(2025, 3, 9)), st("neck", aftercare=date(2025, 3, 4)), st("scalp", holds=(hold(date(2025, 3, 6)),))]
    assert changes_on(items, D) == date(2025, 3, 4)
    assert changes_on(items[::2], D) == date(2025, 3, 6)


def test_a_hold_with_no_end_does_not_end_the_validity():
    assert changes_on([st(holds=(hold(None),))], D) is None


def test_something_dated_ahead_counts_from_its_day():
    assert changes_on([st(rest=date(2025, 3, 9))], D, next_dated=date(2025, 3, 2)) == date(2025, 3, 2)
    assert changes_on([st()], D, next_dated=date(2025, 4, 1)) == date(2025, 4, 1)


def test_days_not_after_the_as_of_date_are_no_change():
    assert changes_on([st(rest=D, aftercare=date(2025, 2, 1), holds=(hold(D),))], D, next_dated=D) is None


def test_ready_on_is_the_first_answer():
    """The rules' ready_on (issue 23) ends the validity, even past every hold's end."""
    from homelog.records import Readiness

    later = date(2025, 3, 12)
    item = AreaStatus(area="face", group="face", last_session=None, resting_until=None, as_of=D,
                      readiness=Readiness(later, (hold(None),)))
    assert item.ready_on == later
    assert changes_on([item], D) == later
