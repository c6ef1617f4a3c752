"""``Record``: the base of homelog's records, a ``typing.NamedTuple`` made cheaply.

A record is declared and used as a NamedTuple is, annotated fields with
defaults, and methods::

    class Finding(Record):
        rule: str
        level: str
        sources: tuple[str, ...] = ()

It is one in all but its cost: a ``tuple`` subclass without instance dict,
compared and hashed by value, with ``_fields``, ``_field_defaults``, ``_make``,
``_replace``, ``_asdict``, ``__match_args__``, a NamedTuple's ``repr`` and
pickling; type checkers are told it IS ``typing.NamedTuple`` (below), so they
check its fields and calls the same way.

Why not ``typing.NamedTuple`` itself (issue 29): making each class costs it
80-90 µs (it compiles the class's ``__new__`` and checks every annotation) and
``typing`` must be imported; ``homelog status`` defines 55 records, so that was
a seventh of what the command costs over starting Python. A Record's class costs
10-15 µs. Values given by position make a record without any signature (0.15 µs
more than a NamedTuple's); the first call with a keyword (or a wrong count)
compiles the class's ``__new__``, the code ``collections.namedtuple`` compiles,
with its exact signature and errors, about 40 µs, once: a status compiles 7 of
the 55. tests/test_record_type.py holds Record to NamedTuple's behaviour.
"""

from operator import itemgetter

try:  # the C accessor collections.namedtuple uses for its fields
    from _collections import _tuplegetter
except ImportError:  # not CPython
    def _tuplegetter(index: int, doc: str) -> property:
        return property(itemgetter(index), doc=doc)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (type checkers read it so too)


def _compiled_new(cls: type) -> staticmethod:
    """``cls(...)`` with its fields' exact signature: positional or keyword, defaults,
    TypeError for a missing, repeated or unknown field (as namedtuple builds it)."""
    names = ", ".join(cls._fields)
    new = eval(f"lambda _cls, {names}: _tuple_new(_cls, ({names},))", {"_tuple_new": tuple.__new__, "__builtins__": {}})
    new.__name__, new.__qualname__ = "__new__", f"{cls.__qualname__}.__new__"
    new.__defaults__ = tuple(cls._field_defaults.values()) or None
    return staticmethod(new)


class _RecordType(type):
    """Turns a record's class body (annotations, defaults, methods) into the class."""

    def __new__(mcls, name: str, bases: tuple, ns: dict):
        fields = tuple(ns.get("__annotations__", ()))
        ns.setdefault("__slots__", ())
        if not fields:  # Record itself, or a subclass adding only methods
            return super().__new__(mcls, name, bases, ns)
        if any(getattr(b, "_fields", ()) for b in bases):
            raise TypeError(f"{name}: a record's fields cannot be extended by a subclass")
        defaults = {f: ns.pop(f) for f in fields if f in ns}
        for f in fields[len(fields) - len(defaults):]:
            if f not in defaults:
                raise TypeError(f"{name}: field {f!r} without a default follows one with a default")
        for f in fields:
            if f.startswith("_"):
                raise ValueError(f"{name}: field names cannot start with an underscore: {f!r}")
        for i, f in enumerate(fields):
            ns[f] = _tuplegetter(i, f"Alias for field number {i}")
        ns.update(
            _fields=fields, _field_defaults=defaults, __match_args__=fields,
            _defaults=tuple(defaults.values()), _required=len(fields) - len(defaults),
        )
        return super().__new__(mcls, name, bases, ns)


if TYPE_CHECKING:
    from typing import NamedTuple as Record
else:

    class Record(tuple, metaclass=_RecordType):
        """The base of a record class (the module's docstring)."""

        _fields = ()  # (no annotations here: they would be fields)
        _field_defaults = {}
        _defaults = ()
        _required = 0

        def __new__(cls, *args, **kwargs):
            given = len(args)
            if not kwargs and cls._required <= given <= len(cls._fields):
                # Values by position, the rest defaults: no signature needed.
                return tuple.__new__(cls, args + cls._defaults[given - cls._required :])
            # Keywords (or a wrong count): from now on ``cls(...)`` is the compiled
            # one, with namedtuple's exact signature and errors.
            cls.__new__ = new = _compiled_new(cls)
            return new(cls, *args, **kwargs)

        @classmethod
        def _make(cls, iterable):
            made = tuple.__new__(cls, iterable)
            if len(made) != len(cls._fields):
                raise TypeError(f"Expected {len(cls._fields)} arguments, got {len(made)}")
            return made

        def _replace(self, /, **changes):
            made = self._make(map(changes.pop, self._fields, self))
            if changes:
                raise ValueError(f"Got unexpected field names: {list(changes)!r}")
            return made

        def _asdict(self) -> dict:
            return dict(zip(self._fields, self))

        def __repr__(self) -> str:
            return f"{type(self).__name__}({', '.join(f'{f}={v!r}' for f, v in zip(self._fields, self))})"

        def __getnewargs__(self) -> tuple:
            return tuple(self)
