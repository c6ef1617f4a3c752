"""Session commands: add, check, list, edit, delete, undo, status, rules, sources."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from homelog import messages as msg
from homelog import status_cache
from homelog.cli import output as out
from homelog.cli.context import Context
from homelog.errors import ExitCode, InputError
from homelog.records import AreaStatus, SessionFilter

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:  # a status line that homelog.status_cache recognises runs without argparse
    import argparse


def _disinfected_flags(p: argparse.ArgumentParser) -> None:
    group = p.add_mutually_exclusive_group()
    group.add_argument("--disinfected", dest="disinfected", action="store_const", const=True, help="the device was disinfected before and after (70%% isopropyl alcohol)")
    group.add_argument("--not-disinfected", dest="disinfected", action="store_const", const=False, help="the device was not disinfected")
    p.set_defaults(disinfected=None)


def _session_options(p: argparse.ArgumentParser, *, required: bool) -> None:
    p.add_argument("--area", required=required, help="body area: face, neck, chest, scalp, hands, arms, legs, abdomen, back, buttocks (or one from your rules.toml)")
    p.add_argument("--needle", metavar="MM", help="needle length in mm, 0.1 to 3.0 (may be left out with a roller or stamp: its length is used)")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the session's date (default: today)")
    p.add_argument("--device", metavar="ID", help="the device used ('homelog device list' shows ids)")
    _disinfected_flags(p)
    p.add_argument("--product", dest="products", action="append", metavar="ID", help="a product on the skin during the session, e.g. the glide serum (repeatable; 'homelog product list' shows ids)")
    p.add_argument("--cartridge", choices=("new", "reused"), type=str.lower, help="a pen session: was its needle cartridge new (single use) or used before")


def _filter_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--area", help="only this area")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="only sessions on or after DATE")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="only sessions on or before DATE")


def parse_filter(ctx: Context, args: argparse.Namespace) -> SessionFilter:
    """Shared by list and export."""
    from homelog import validate  # not at import: a status line never loads it (0.7 ms)

    area = validate.area(args.area, ctx.rules().areas) if args.area is not None else None
    date_from = validate.day(args.date_from) if args.date_from is not None else None
    date_to = validate.day(args.date_to) if args.date_to is not None else None
    if date_from and date_to and date_from > date_to:
        raise InputError(msg.BAD_RANGE.format(date_from=date_from, date_to=date_to))
    return SessionFilter(area=area, date_from=date_from, date_to=date_to)


def register(sub) -> None:
    p = sub.add_parser("add", help="log a session (checked by the safety rules first)", description="Log a session. It is checked first: with a 'stop' finding nothing is saved (exit 3) unless you give --override REASON.")
    _session_options(p, required=True)
    p.add_argument("--notes", default="", help="free text")
    p.add_argument("--override", metavar="REASON", help="save even if a rule says stop; the reason is kept with the session")
    out.json_flag(p)
    p.set_defaults(func=cmd_add, creates=True)

    p = sub.add_parser("check", help="dry run of add: what the rules say, nothing saved", description="Check a planned session against the safety rules; nothing is saved. Exit 0 when ok, 3 when a rule says stop. Dates in the future are allowed.")
    _session_options(p, required=True)
    out.json_flag(p)
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("list", help="list sessions, newest first")
    _filter_options(p)
    p.add_argument("--limit", type=int, metavar="N", help="at most N sessions")
    out.json_flag(p)
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("edit", help="change a session (re-checked if when/where/depth/device change)")
    p.add_argument("id", help="session id")
    _session_options(p, required=False)
    p.add_argument("--notes", default=None, help="replace the notes")
    p.add_argument("--override", metavar="REASON", help="save even if a rule says stop")
    out.json_flag(p)
    p.set_defaults(func=cmd_edit)

    p = sub.add_parser("delete", help="delete a session ('homelog undo' brings it back)")
    p.add_argument("id", help="session id")
    out.json_flag(p)
    p.set_defaults(func=cmd_delete)

    p = sub.add_parser("undo", help="revert the last change (add, edit, delete, import, device add/retire, reaction, condition change)")
    out.json_flag(p)
    p.set_defaults(func=cmd_undo)

    p = sub.add_parser("status", help="every area: ready, ready with a caution, or stopped until when (or no date)", description="Every area: ready, ready with a caution (you may go ahead), or stopped until the first day nothing stops a session on it (ready_on; no date when waiting alone does not clear it). With --short, one line for a shell prompt or status bar: only the stopped areas, each as AREA Nd (N = days until it is ready) or AREA held (no date), joined by ' · '; nothing at all when none is stopped. Exit 0.")
    p.add_argument("--as-of", metavar="DATE", help="the day to look at (default: today)")
    form = p.add_mutually_exclusive_group()
    out.json_flag(form)
    form.add_argument("--short", action="store_true", help="one line of the stopped areas, e.g. 'face 5d · neck held' (empty when none is)")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("rules", help="the effective safety rules, with their sources")
    out.json_flag(p)
    p.set_defaults(func=cmd_rules)

    p = sub.add_parser("sources", help="the sources the rules rest on: kind, link, what each says", description="The sources catalogue: every source a rule cites, with its kind (study or review, professional body or regulator, clinician quoted in the press, vendor, clinic or blog), its link, what it says and the rules citing it; a rules.toml's own [sources.<key>] entries last.")
    out.json_flag(p)
    p.set_defaults(func=cmd_sources)


def _candidate(ctx: Context, args: argparse.Namespace, *, planning: bool):
    return ctx.journal_file().session_input(
        area=args.area,
        needle=args.needle,
        day=args.date,
        device=args.device,
        disinfected=args.disinfected,
        notes=getattr(args, "notes", "") or "",
        planning=planning,
        products=args.products or (),
        cartridge=args.cartridge,
    )


def _next_safe(area: str, verdict) -> str:
    """The next safe day in words: the rules' one answer (``ready_on``), or no date and why."""
    if verdict.next_safe_date is not None:
        return msg.NEXT_SAFE.format(area=area, date=verdict.next_safe_date.isoformat())
    rules = ", ".join(verdict.readiness.rules if verdict.readiness else ())
    return msg.NO_NEXT_SAFE.format(area=area, rules=rules)


def _report_save(args, result, *, verb_ok: str, area: str | None = None) -> int:
    if args.json:
        out.emit_json(result.to_json())
    elif result.saved:
        s = result.session
        text = msg.SAVED_OVERRIDE if s.override_reason and s.overridden_rules else verb_ok
        out.say(text.format(id=s.id, area=s.area, needle=s.needle_mm_text, date=s.date.isoformat(), rules=", ".join(s.overridden_rules)))
        for line in out.findings_lines(result.verdict.findings):
            out.say(line)
    else:
        out.warn(msg.REFUSED)
        for line in out.findings_lines(result.verdict.findings):
            out.warn(line)
        if area is not None:
            out.warn(_next_safe(area, result.verdict))
    return ExitCode.OK if result.saved else ExitCode.REFUSED


def cmd_add(ctx: Context, args) -> int:
    candidate = _candidate(ctx, args, planning=False)
    result = ctx.journal().add(candidate, override=args.override)
    return _report_save(args, result, verb_ok=msg.SAVED, area=candidate.area)


def cmd_check(ctx: Context, args) -> int:
    candidate = _candidate(ctx, args, planning=True)
    verdict = ctx.journal_file().check(candidate)
    if args.json:
        out.emit_json(verdict.to_json())
    else:
        head = msg.CHECK_OK if verdict.ok else msg.CHECK_STOP
        out.say(head.format(area=candidate.area, date=candidate.date.isoformat()))
        for line in out.findings_lines(verdict.findings):
            out.say(line)
        out.say(_next_safe(candidate.area, verdict))
    return ExitCode.OK if verdict.ok else ExitCode.REFUSED


def cmd_list(ctx: Context, args) -> int:
    flt = parse_filter(ctx, args)
    if args.limit is not None and not 0 <= args.limit <= 2**63 - 1:
        raise InputError("--limit must be a whole number from 0 to 9223372036854775807.")
    journal = ctx.journal_file()
    items = journal.list(flt, limit=args.limit)
    if args.json:
        out.emit_json([s.to_json() for s in items])
        return ExitCode.OK
    if not items:
        out.say("No sessions." if flt == SessionFilter() else "No sessions match.")
    else:
        for line in out.table(out.SESSION_HEADERS, out.session_rows(items)):
            out.say(line)
    applied = [
        a for a in journal.applications(flt.area)
        if (flt.date_from is None or a.date >= flt.date_from) and (flt.date_to is None or a.date <= flt.date_to)
    ]
    for line in out.application_lines(applied):
        out.say(line)
    return ExitCode.OK


def cmd_edit(ctx: Context, args) -> int:
    from homelog import validate  # not at import: a status line never loads it (0.7 ms)
    from homelog.service import UNSET

    session_id = validate.positive_id(args.id, "session id")
    given = dict(
        area=args.area,
        needle=args.needle,
        day=args.date,
        device=UNSET if args.device is None else args.device,
        disinfected=UNSET if args.disinfected is None else args.disinfected,
        notes=args.notes,
        products=UNSET if args.products is None else args.products,
        cartridge=UNSET if args.cartridge is None else args.cartridge,
    )
    if all(v is None or v is UNSET for v in given.values()):
        raise InputError(msg.NOTHING_TO_EDIT)
    result = ctx.journal().edit(session_id, override=args.override, **given)
    return _report_save(args, result, verb_ok=msg.EDITED)


def cmd_delete(ctx: Context, args) -> int:
    from homelog import validate  # not at import: a status line never loads it (0.7 ms)

    gone = ctx.journal().delete(validate.positive_id(args.id, "session id"))
    if args.json:
        out.emit_json({"deleted": True, "session": gone.to_json()})
    else:
        out.say(msg.DELETED.format(id=gone.id, area=gone.area, date=gone.date.isoformat()))
    return ExitCode.OK


def cmd_undo(ctx: Context, args) -> int:
    result = ctx.journal().undo()
    text = msg.undone(result)
    if args.json:
        out.emit_json({"undone": result.undone, "message": text})
    else:
        out.say(text)
    return ExitCode.OK


def short_pairs(items: Sequence[AreaStatus]) -> list[tuple[str, date | None]]:
    """What ``status --short`` shows: each area stopped (not a caution) with its
    ``ready_on`` (None: no date, waiting alone does not clear it)."""
    return [(st.area, st.ready_on) for st in items if st.state == "stop"]


def short_status(items: Sequence[AreaStatus], as_of: date) -> str:
    """``face 5d · scalp 2d``: the areas stopped (not cautions) with the days until
    ``ready_on`` ("held" when there is no date); "" when none is stopped."""
    pairs = [(area, None if day is None else day.toordinal()) for area, day in short_pairs(items)]
    return status_cache.short_line(pairs, as_of.toordinal())


def cmd_status(ctx: Context, args) -> int:
    keep = _CacheWriter(ctx, args) if (args.short or args.json) and not args.as_of else None
    journal = ctx.journal_file()
    if args.as_of:
        from homelog import validate  # only then: a status line never loads it (0.7 ms)

        as_of = validate.day(args.as_of)
    else:
        as_of = journal.today()
    items, shared = journal.status_report(as_of)
    document = {
        "as_of": as_of.isoformat(), "areas": [a.to_json() for a in items],
        "shared_devices": [d.to_json() for d in shared],
    }
    if args.json:
        out.emit_json(document)
    elif args.short:
        line = short_status(items, as_of)
        if line:
            out.say(line)
    else:
        for line in out.status_lines(items, as_of):
            out.say(line)
        for line in out.shared_lines(shared):
            out.say(line)
    if keep is not None:
        keep.done(journal, items, as_of, document)
    return ExitCode.OK


class _CacheWriter:
    """Keeps this status for ``homelog.status_cache``: signed before the journal
    is opened and again once it is closed; kept only when nothing changed between."""

    def __init__(self, ctx: Context, args) -> None:
        self.ctx = ctx
        self.json = args.json  # a --short line keeps no JSON document (status_cache.write)
        self.made_of = status_cache.origin(args.db, args.rules)
        self.path = status_cache.entry_path(self.made_of)
        self.db, self.rules = str(ctx.locations.db), str(ctx.locations.user_rules)
        self.before = status_cache.signature(self.db, self.rules) if self.path else None

    def done(self, journal, items: Sequence[AreaStatus], as_of: date, document: dict) -> None:
        if self.path is None:
            return
        from homelog.service.status_validity import valid_until

        until = valid_until(journal, items, as_of)
        self.ctx.close()
        if status_cache.signature(self.db, self.rules) != self.before:
            return
        pairs = [(area, None if day is None else day.toordinal()) for area, day in short_pairs(items)]
        status_cache.write(
            self.path, made_of=self.made_of, db=self.db, rules=self.rules, signed=self.before, day=as_of.toordinal(),
            until=None if until is None else until.toordinal(), pairs=pairs,
            document=out.json_text(document) if self.json else None,
        )


def _print_rules(args, doc, lines: list[str]) -> int:
    if args.json:
        out.emit_json(doc)
    else:
        for line in [*lines, "", msg.DISCLAIMER]:
            out.say(line)
    return ExitCode.OK


def cmd_rules(ctx: Context, args) -> int:
    table = ctx.rules()
    return _print_rules(args, table.to_json(), table.describe())


def cmd_sources(ctx: Context, args) -> int:
    table = ctx.rules()
    return _print_rules(args, {"sources": table.sources_json()}, table.describe_sources())
