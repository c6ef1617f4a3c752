"""Product commands: product add/list/edit/delete, and apply (a product put on an area after a session)."""

from __future__ import annotations

from homelog import messages as msg
from homelog import validate
from homelog.cli import output as out
from homelog.cli.context import Context
from homelog.errors import ExitCode, InputError

PRODUCT_HEADERS = ("ID", "NAME", "STERILE", "CLASSES", "INGREDIENTS")
APPLICATION_HEADERS = ("ID", "DATE", "AREA", "PRODUCT")


def _sterile_flags(p) -> None:
    group = p.add_mutually_exclusive_group()
    group.add_argument("--sterile", dest="sterile", action="store_const", const=True, help="the package says it is sterile")
    group.add_argument("--not-sterile", dest="sterile", action="store_const", const=False, help="it is not (or not said to be) sterile")
    p.set_defaults(sterile=None)


def register(sub) -> None:
    product = sub.add_parser(
        "product",
        help="what you put on the skin: glide serums and aftercare products",
        description=(
            "Products you put on the skin during a session (add/check --product ID) or after it (homelog apply). "
            "homelog sorts a product's INCI ingredient list into classes (vitamin C, retinoids, exfoliating acids, "
            "benzoyl peroxide, fragrance) and says which names it matched; an empty list means unknown, not safe."
        ),
    )
    psub = product.add_subparsers(dest="product_command", metavar="ACTION", required=True, parser_class=type(product))

    p = psub.add_parser("add", help="record a product and see the classes its ingredients hold")
    p.add_argument("name", help="a name you will recognise, e.g. 'HA glide serum'")
    p.add_argument("--ingredients", default="", metavar="INCI", help='the label\'s ingredient list, e.g. "Aqua, Sodium Hyaluronate" (at most 5000 characters)')
    _sterile_flags(p)
    p.add_argument("--notes", default="", help="free text")
    out.json_flag(p)
    p.set_defaults(func=cmd_add, creates=True)

    p = psub.add_parser("list", help="the products with their classes")
    out.json_flag(p)
    p.set_defaults(func=cmd_list)

    p = psub.add_parser("edit", help="change a product's name, ingredients, sterility or notes")
    p.add_argument("id", help="product id ('homelog product list' shows them)")
    p.add_argument("--name", help="a new name")
    p.add_argument("--ingredients", metavar="INCI", help="replace the ingredient list")
    _sterile_flags(p)
    p.add_argument("--notes", help="replace the notes")
    out.json_flag(p)
    p.set_defaults(func=cmd_edit)

    p = psub.add_parser("delete", help="delete a product ('homelog undo' brings it back; its sessions keep it)")
    p.add_argument("id", help="product id")
    out.json_flag(p)
    p.set_defaults(func=cmd_delete)

    p = sub.add_parser(
        "apply",
        help="log a product put on an area (after a session)",
        description=(
            "Log that PRODUCT was put on --area on --date (default today, at most one day ahead). A flagged class "
            "(vitamin C, retinoid, acid, benzoyl peroxide, fragrance) inside a session's aftercare is a caution, "
            "naming the class and the day the aftercare ends. 'homelog undo' takes it back."
        ),
    )
    p.add_argument("product", help="product id ('homelog product list' shows them)")
    p.add_argument("--area", required=True, help="where it went")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the day (default: today)")
    out.json_flag(p)
    p.set_defaults(func=cmd_apply)


def _product_json(journal, product) -> dict:
    return {**product.to_json(), "classes": [c.to_json() for c in journal.product_classes(product.ingredients)]}


def _class_lines(journal, product) -> list[str]:
    found = journal.product_classes(product.ingredients)
    if not product.ingredients:
        return [msg.PRODUCT_UNKNOWN]
    if not found:
        return [msg.PRODUCT_NOTHING_FLAGGED]
    lines = []
    for c in found:
        lines.append(msg.PRODUCT_CLASS.format(flag="⚠" if c.flagged else "·", cls=c.title, names=", ".join(c.matched)))
        lines += [msg.PRODUCT_CAVEAT.format(text=t) for t in c.caveats]
    return lines


def _report(ctx: Context, args, product, text: str) -> int:
    journal = ctx.journal_file()
    if args.json:
        out.emit_json(_product_json(journal, product))
    else:
        sterile = msg.PRODUCT_STERILE if product.sterile else msg.PRODUCT_NOT_STERILE
        out.say(text.format(id=product.id, name=product.name, sterile=sterile))
        for line in _class_lines(journal, product):
            out.say(line)
    return ExitCode.OK


def cmd_add(ctx: Context, args) -> int:
    p = ctx.journal().add_product(name=args.name, ingredients=args.ingredients, sterile=bool(args.sterile), notes=args.notes)
    return _report(ctx, args, p, msg.PRODUCT_ADDED)


def cmd_edit(ctx: Context, args) -> int:
    product_id = validate.positive_id(args.id, "product id")
    if all(v is None for v in (args.name, args.ingredients, args.sterile, args.notes)):
        raise InputError(msg.NOTHING_TO_CHANGE_PRODUCT)
    p = ctx.journal().edit_product(product_id, name=args.name, ingredients=args.ingredients, sterile=args.sterile, notes=args.notes)
    return _report(ctx, args, p, msg.PRODUCT_EDITED)


def cmd_delete(ctx: Context, args) -> int:
    p = ctx.journal().delete_product(validate.positive_id(args.id, "product id"))
    if args.json:
        out.emit_json({"deleted": True, "product": p.to_json()})
    else:
        out.say(msg.PRODUCT_DELETED.format(id=p.id, name=p.name))
    return ExitCode.OK


def cmd_list(ctx: Context, args) -> int:
    journal = ctx.journal_file()
    items = journal.products()
    if args.json:
        out.emit_json([_product_json(journal, p) for p in items])
    elif not items:
        out.say(msg.NO_PRODUCTS)
    else:
        rows = []
        for p in items:
            found = journal.product_classes(p.ingredients)
            classes = ", ".join(c.cls for c in found) if found else ("unknown" if not p.ingredients else "-")
            rows.append([str(p.id), p.name, out.yes_no(p.sterile), classes, out.one_line(p.ingredients)])
        for line in out.table(PRODUCT_HEADERS, rows):
            out.say(line)
    return ExitCode.OK


def cmd_apply(ctx: Context, args) -> int:
    result = ctx.journal().apply(args.product, area=args.area, day=args.date)
    a = result.application
    if args.json:
        out.emit_json(result.to_json())
    else:
        out.say(msg.APPLIED.format(product=a.product.name, area=a.area, date=a.date.isoformat(), id=a.id))
        if result.findings:
            for line in out.findings_lines(result.findings):
                out.say(line)
        else:
            out.say(msg.APPLIED_OK.format(area=a.area, date=a.date.isoformat()))
    return ExitCode.OK
