"""The rules' part of the message catalogue: every text a finding can carry.

Templates are plain ``str.format`` strings keyed by ``"<rule>.<case>"`` so the
wording can be reviewed (and one day translated) in one place; the small
functions below fill them in. Dates are ISO (2025-01-10), lengths are written
as a person writes them (1.0 mm, 0.25 mm), day counts are pluralised.
"""

from __future__ import annotations

from datetime import date
from homelog.records import um_to_mm, um_to_mm_text

RULE_TITLES = {
    "rest-period": "rest between sessions on the same area, by needle length",
    "home-depth": "needle length that home use allows",
    "device-wear": "replace a device after a number of uses",
    "device-age": "replace a device some time after its first use",
    "disinfection": "disinfect the device before and after each session",
}

TEMPLATES = {
    "rest-period.resting": (
        "{Area} is still resting after the {mm} mm session on {date}: next session from {until} ({days})"
    ),
    "rest-period.later-too-soon": (
        "{Area}: the later session on {later} would come too soon after this {mm} mm session on {date}, "
        "which rests the area for {days} (until {until})"
    ),
    "home-depth.caution": (
        "A {mm} mm needle on the {area} is deeper than advised for home use (above {limit} mm): "
        "deeper needling belongs with a professional"
    ),
    "home-depth.stop": (
        "A {mm} mm needle on the {area} is too deep for home use (above {limit} mm): "
        "deeper needling belongs with a professional"
    ),
    "device-wear.caution": (
        'Device "{device}" would be on its {nth} use (more than {limit}): replace it soon, needles dull with use'
    ),
    "device-wear.stop": (
        'Device "{device}" would be on its {nth} use (more than {limit}): replace the device, dull needles tear skin'
    ),
    "device-age": (
        'Device "{device}" was first used on {first_used}, {age} before this session (more than {limit} days): '
        "replace it soon, needles dull and get hard to keep clean"
    ),
    "disinfection": (
        "This session is not marked as disinfected: disinfect before and after with 70% isopropyl alcohol"
    ),
}


mm_text = um_to_mm_text  # 250 -> '0.25', 1000 -> '1.0': a length as a person writes it
mm_number = um_to_mm  # 250 -> 0.25 as a JSON number


def area_title(area: str) -> str:
    """'face' -> 'Face' (only the first letter changes: 'upper-arm' -> 'Upper-arm')."""
    return area[:1].upper() + area[1:]


def days_text(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def resting(area: str, needle_um: int, on: date, until: date, days: int) -> str:
    return TEMPLATES["rest-period.resting"].format(
        Area=area_title(area), mm=mm_text(needle_um), date=on.isoformat(), until=until.isoformat(),
        days=days_text(days),
    )


def later_too_soon(area: str, needle_um: int, on: date, later: date, until: date, days: int) -> str:
    return TEMPLATES["rest-period.later-too-soon"].format(
        Area=area_title(area), mm=mm_text(needle_um), date=on.isoformat(), later=later.isoformat(),
        until=until.isoformat(), days=days_text(days),
    )


def too_deep(level: str, area: str, needle_um: int, limit_um: int) -> str:
    return TEMPLATES[f"home-depth.{level}"].format(
        area=area, mm=mm_text(needle_um), limit=mm_text(limit_um)
    )


def worn(level: str, device: str, n: int, limit: int) -> str:
    return TEMPLATES[f"device-wear.{level}"].format(device=device, nth=ordinal(n), limit=limit)


def old_device(device: str, first_used: date, age_days: int, limit: int) -> str:
    return TEMPLATES["device-age"].format(
        device=device, first_used=first_used.isoformat(), age=days_text(age_days), limit=limit
    )


def not_disinfected() -> str:
    return TEMPLATES["disinfection"]
