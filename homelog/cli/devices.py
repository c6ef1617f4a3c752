"""Device commands: device add, device list, device retire."""

from __future__ import annotations

from homelog import messages as msg
from homelog import validate
from homelog.cli import output as out
from homelog.cli.context import Context
from homelog.errors import ExitCode
from homelog.records import um_to_mm_text


def register(sub) -> None:
    device = sub.add_parser("device", help="your rollers, stamps and pens", description="Devices wear out: homelog counts their uses and age.")
    dsub = device.add_subparsers(dest="device_command", metavar="ACTION", required=True, parser_class=type(device))

    p = dsub.add_parser("add", help="register a device")
    p.add_argument("--name", required=True, help="a name you will recognise, e.g. 'face roller'")
    p.add_argument("--kind", required=True, help="roller, stamp or pen")
    p.add_argument("--needle", metavar="MM", help="needle length in mm (required for a roller or stamp; a pen's depth is set per session)")
    p.add_argument("--json", action="store_true", help="print the new device as JSON")
    p.set_defaults(func=cmd_add, creates=True)

    p = dsub.add_parser("list", help="devices with their uses, first use and state")
    p.add_argument("--json", action="store_true", help="print a JSON list")
    p.set_defaults(func=cmd_list)

    p = dsub.add_parser("retire", help="stop using a device (its sessions stay)")
    p.add_argument("id", help="device id")
    p.add_argument("--json", action="store_true", help="print the device as JSON")
    p.set_defaults(func=cmd_retire)


def _needle_suffix(d) -> str:
    return "" if d.needle_um is None else f", {um_to_mm_text(d.needle_um)} mm"


def cmd_add(ctx: Context, args) -> int:
    d = ctx.journal().add_device(name=args.name, kind=args.kind, needle=args.needle)
    if args.json:
        out.emit_json(d.to_json())
    else:
        out.say(msg.DEVICE_ADDED.format(id=d.id, name=d.name, kind=d.kind, needle=_needle_suffix(d)))
    return ExitCode.OK


def cmd_list(ctx: Context, args) -> int:
    items = ctx.journal().devices()
    if args.json:
        out.emit_json([d.to_json() for d in items])
    elif not items:
        out.say("No devices yet. Add one with: homelog device add --name NAME --kind roller --needle 0.5")
    else:
        for line in out.table(out.DEVICE_HEADERS, out.device_rows(items)):
            out.say(line)
    return ExitCode.OK


def cmd_retire(ctx: Context, args) -> int:
    d = ctx.journal().retire_device(validate.positive_id(args.id, "device id"))
    if args.json:
        out.emit_json(d.to_json())
    else:
        out.say(msg.DEVICE_RETIRED.format(id=d.id, name=d.name))
    return ExitCode.OK
