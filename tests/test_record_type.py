"""``homelog.record_type.Record`` behaves as ``typing.NamedTuple`` does (issue 29).

Each behaviour is asked of a Record class and of the same class declared as a
NamedTuple, and the two answers must agree, so a difference fails here rather
than somewhere a record is used.
"""

from __future__ import annotations

import copy
import pickle
from datetime import date
from typing import NamedTuple

import pytest

from homelog.record_type import Record


def _declare(base):
    class Visit(base):
        """A test record."""

        day: date
        area: str
        needle_um: int = 250
        notes: str = ""

        @property
        def label(self) -> str:
            return f"{self.area} {self.day}"

    return Visit


Plain = _declare(NamedTuple)
Ours = _declare(Record)
DAY = date(2025, 3, 1)


def both(make):
    """make(cls) for the NamedTuple and the Record, in that order."""
    return make(Plain), make(Ours)


def outcome(make):
    """make(cls)'s value, or its exception's type and message."""
    try:
        return ("value", make())
    except Exception as exc:  # noqa: BLE001 - the test compares what both raise
        return ("raised", type(exc), str(exc).replace("Plain", "X").replace("Ours", "X"))


CALLS = {
    "positional": lambda cls: cls(DAY, "face", 500, "n"),
    "defaults": lambda cls: cls(DAY, "face"),
    "keywords": lambda cls: cls(area="scalp", day=DAY, notes="k"),
    "mixed": lambda cls: cls(DAY, needle_um=750, area="neck"),
    "missing field": lambda cls: cls(DAY),
    "unknown field": lambda cls: cls(DAY, "face", colour="red"),
    "repeated field": lambda cls: cls(DAY, "face", area="neck"),
    "too many": lambda cls: cls(DAY, "face", 1, "n", "extra"),
}


@pytest.mark.parametrize("call", list(CALLS))
def test_making_one_takes_and_refuses_what_a_namedtuple_does(call):
    plain, ours = both(lambda cls: outcome(lambda: tuple(CALLS[call](cls))))
    assert ours[0] == plain[0]
    if plain[0] == "value":
        assert ours == plain
    else:
        assert ours[1] is plain[1]  # the message names the class's __new__ the same way


def test_records_made_before_and_after_the_signature_is_compiled_are_alike():
    Fresh = _declare(Record)
    by_position = Fresh(DAY, "face")
    assert Fresh.__new__ is Record.__new__  # values by position need no compiled signature
    by_keyword = Fresh(day=DAY, area="face")
    assert Fresh.__new__ is not Record.__new__  # a keyword compiled it
    after = Fresh(DAY, "face")
    assert by_position == by_keyword == after == (DAY, "face", 250, "")
    assert type(by_position) is type(by_keyword) is type(after) is Fresh
    for make in CALLS.values():  # and the compiled one answers every call as before
        assert outcome(lambda: tuple(make(Fresh))) == outcome(lambda: tuple(make(Ours)))


def test_fields_read_by_name_and_position_and_the_methods_answer_alike():
    p, o = both(lambda cls: cls(DAY, "face", 500))
    assert (o.day, o.area, o.needle_um, o.notes) == (p.day, p.area, p.needle_um, p.notes)
    assert o[2] == p[2] and list(o) == list(p) and len(o) == len(p)
    assert o.label == p.label
    assert Ours._fields == Plain._fields
    assert Ours._field_defaults == Plain._field_defaults
    assert Ours.__match_args__ == Plain.__match_args__
    assert o._asdict() == p._asdict()
    assert tuple(o._replace(area="neck", notes="x")) == tuple(p._replace(area="neck", notes="x"))
    assert type(o._replace(area="neck")) is Ours
    assert tuple(Ours._make([DAY, "a", 1, ""])) == tuple(Plain._make([DAY, "a", 1, ""]))
    assert repr(o).replace("Visit", "") == repr(p).replace("Visit", "")
    assert repr(o) == "Visit(day=datetime.date(2025, 3, 1), area='face', needle_um=500, notes='')"
    assert Ours.__doc__ == "A test record."


def test_the_methods_refuse_what_a_namedtuple_refuses():
    for make in (
        lambda cls: cls(DAY, "face")._replace(colour="red"),
        lambda cls: cls._make([DAY, "face"]),
    ):
        plain, ours = both(lambda cls: outcome(lambda: make(cls)))
        assert ours == plain


def test_a_record_is_an_immutable_value():
    o = Ours(DAY, "face")
    assert isinstance(o, tuple)
    assert o == Ours(DAY, "face") and hash(o) == hash(Ours(DAY, "face"))
    assert o == (DAY, "face", 250, "")
    assert o != Ours(DAY, "neck")
    with pytest.raises(AttributeError):
        o.area = "neck"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        o.colour = "red"  # type: ignore[attr-defined]  (no instance dict)
    assert not hasattr(o, "__dict__")


class Kept(Record):  # at module level: pickle finds a class by its name
    day: date
    area: str = "face"


def test_pickle_and_copy_give_the_record_back():
    o = Kept(DAY, "neck")
    for back in (pickle.loads(pickle.dumps(o)), copy.copy(o), copy.deepcopy(o)):
        assert back == o and type(back) is Kept


def test_pattern_matching_reads_the_fields_in_order():
    match Ours(DAY, "scalp", 1000):
        case Ours(_, area, needle):
            assert (area, needle) == ("scalp", 1000)
        case _:  # pragma: no cover
            pytest.fail("no match")


def test_a_subclass_adding_methods_keeps_the_fields():
    class Labelled(Ours):
        def shout(self) -> str:
            return self.area.upper()

    # made before its parent's first record: the subclass gets its own __new__
    fresh = _declare(Record)

    class Sub(fresh):
        pass

    assert Sub(DAY, "neck").area == "neck" and type(Sub(DAY, "neck")) is Sub
    assert Labelled(DAY, "face").shout() == "FACE"
    assert Labelled._fields == Ours._fields
    assert not hasattr(Labelled(DAY, "face"), "__dict__")


@pytest.mark.parametrize(
    "body, error, message",
    [
        ("a: int = 1\n    b: int", TypeError, "without a default follows one with a default"),
        ("_a: int", ValueError, "cannot start with an underscore"),
    ],
)
def test_a_class_body_a_namedtuple_refuses_is_refused(body, error, message):
    for base, name in ((NamedTuple, "NamedTuple"), (Record, "Record")):
        with pytest.raises(error) as caught:
            exec(f"class Bad({name}):\n    {body}\n", {name: base})  # noqa: S102 - our own text
        if base is Record:
            assert message in str(caught.value)


def test_a_subclass_cannot_add_fields():
    with pytest.raises(TypeError, match="cannot be extended"):

        class More(Ours):
            extra: int = 0
