"""Skin commands: react (observations of a session's skin) and condition add/end/list/delete/restore."""

from __future__ import annotations


from homelog import messages as msg
from homelog import validate
from homelog.cli import output as out
from homelog.cli.context import Context
from homelog.errors import ExitCode, InputError

REACTION_HEADERS = ("ID", "DATE", "REDNESS", "SWELLING", "BLEEDING", "INFECTION", "NOTES")
CONDITION_HEADERS = ("ID", "KIND", "APPLIES TO", "FROM", "TO", "NOTES")


def register(sub) -> None:
    p = sub.add_parser(
        "react",
        help="log how a session's skin reacted (or that it healed); alone, list its observations",
        description=(
            "Log an observation of how the skin of session ID reacted, on --date (default today; not "
            "before the session, at most one day ahead). Several per session; the latest counts. "
            "With neither --redness nor --healed, list the session's observations."
        ),
    )
    p.add_argument("id", help="session id ('homelog list' shows them)")
    p.add_argument("--redness", metavar="0|1|2|3", help="0 none, 1 mild, 2 moderate, 3 severe")
    p.add_argument("--swelling", action="store_true", help="the area is swollen")
    p.add_argument("--bleeding", action="store_true", help="the area bleeds or oozes")
    p.add_argument("--infection", action="store_true", help="signs of infection (pus, spreading redness, heat, fever)")
    p.add_argument("--healed", action="store_true", help="the skin has healed: redness 0, no symptom")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the day of the observation (default: today)")
    p.add_argument("--notes", default="", help="free text")
    out.json_flag(p)
    p.set_defaults(func=cmd_react)

    cond = sub.add_parser(
        "condition",
        help="standing conditions (pregnancy, isotretinoin, a cold sore, a peel…)",
        description="Standing conditions that can make microneedling unsafe, each with a kind, an optional area and dates.",
    )
    csub = cond.add_subparsers(dest="condition_command", metavar="ACTION", required=True, parser_class=type(cond))

    p = csub.add_parser(
        "add",
        help="record a condition",
        description="Record a condition. The kinds come from the rule table; an unknown kind is refused with the list of known ones.",
    )
    p.add_argument("kind", help="what it is, e.g. pregnancy, retinoid, cold-sore, peel")
    p.add_argument("--area", help="only this area (default: none given, the kind's default scope applies)")
    p.add_argument("--from", dest="start", metavar="DATE", help="the day it started (default: today)")
    p.add_argument("--to", dest="end", metavar="DATE", help="the day it ended (default: ongoing)")
    p.add_argument("--notes", default="", help="free text")
    out.json_flag(p)
    p.set_defaults(func=cmd_condition_add, creates=True)

    p = csub.add_parser("end", help="say a condition has ended")
    p.add_argument("id", help="condition id ('homelog condition list' shows them)")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the day it ended (default: today)")
    out.json_flag(p)
    p.set_defaults(func=cmd_condition_end)

    p = csub.add_parser("list", help="the recorded conditions, by start date")
    out.json_flag(p)
    p.set_defaults(func=cmd_condition_list)

    p = csub.add_parser("delete", help="delete a condition recorded by mistake ('homelog undo' or 'condition restore' brings it back)")
    p.add_argument("id", help="condition id")
    out.json_flag(p)
    p.set_defaults(func=cmd_condition_delete)

    p = csub.add_parser("restore", help="bring back a deleted condition")
    p.add_argument("id", help="condition id")
    out.json_flag(p)
    p.set_defaults(func=cmd_condition_restore)


def cmd_react(ctx: Context, args) -> int:
    session_id = validate.positive_id(args.id, "session id")
    journal = ctx.journal()
    symptoms = args.swelling or args.bleeding or args.infection
    if args.healed and (args.redness is not None or symptoms):
        raise InputError(msg.HEALED_WITH_SYMPTOM, "redness")
    if not args.healed and args.redness is None:
        if symptoms or args.date is not None or args.notes:
            raise InputError(msg.REACTION_NEEDED, "redness", hint="react")
        return _list_reactions(journal, session_id, args)
    if args.healed:
        r = journal.healed(session_id, day=args.date, notes=args.notes)
    else:
        r = journal.react(
            session_id,
            redness=args.redness,
            swelling=args.swelling,
            bleeding=args.bleeding,
            infection=args.infection,
            day=args.date,
            notes=args.notes,
        )
    if args.json:
        out.emit_json(r.to_json())
    else:
        session = journal.get(session_id)
        out.say(msg.REACTED.format(id=session.id, area=session.area, date=session.date.isoformat(), day=r.date.isoformat(), what=msg.reaction_what(r)))
    return ExitCode.OK


def _list_reactions(journal, session_id: int, args) -> int:
    items = journal.reactions(session_id)
    if args.json:
        out.emit_json([r.to_json() for r in items])
    elif not items:
        out.say(msg.NO_REACTIONS.format(id=session_id))
    else:
        rows = (
            [str(r.id), r.date.isoformat(), "healed" if r.healed else str(r.redness), out.yes_no(r.swelling), out.yes_no(r.bleeding), out.yes_no(r.infection), out.one_line(r.notes)]
            for r in items
        )
        for line in out.table(REACTION_HEADERS, rows):
            out.say(line)
    return ExitCode.OK


def _report(args, c, text: str, where: str = "") -> int:
    if args.json:
        out.emit_json(c.to_json())
    else:
        out.say(text.format(id=c.id, kind=c.kind, where=where, span=msg.span(c.start, c.end), date=c.end.isoformat() if c.end else ""))
    return ExitCode.OK


def cmd_condition_add(ctx: Context, args) -> int:
    journal = ctx.journal()
    c = journal.add_condition(args.kind, area=args.area, start=args.start, end=args.end, notes=args.notes)
    return _report(args, c, msg.CONDITION_ADDED, journal.condition_where(c))


def cmd_condition_end(ctx: Context, args) -> int:
    c = ctx.journal().end_condition(validate.positive_id(args.id, "condition id"), day=args.date)
    return _report(args, c, msg.CONDITION_ENDED)


def cmd_condition_delete(ctx: Context, args) -> int:
    c = ctx.journal().delete_condition(validate.positive_id(args.id, "condition id"))
    return _report(args, c, msg.CONDITION_DELETED)


def cmd_condition_restore(ctx: Context, args) -> int:
    c = ctx.journal().restore_condition(validate.positive_id(args.id, "condition id"))
    return _report(args, c, msg.CONDITION_RESTORED)


def cmd_condition_list(ctx: Context, args) -> int:
    journal = ctx.journal()
    items = journal.conditions()
    if args.json:
        out.emit_json([c.to_json() for c in items])
    elif not items:
        out.say(msg.NO_CONDITIONS)
    else:
        rows = ([str(c.id), c.kind, journal.condition_applies_to(c), c.start.isoformat(), c.end.isoformat() if c.end else "ongoing", out.one_line(c.notes)] for c in items)
        for line in out.table(CONDITION_HEADERS, rows):
            out.say(line)
    return ExitCode.OK
