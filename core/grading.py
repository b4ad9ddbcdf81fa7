"""Severity, risk colour and priority of a complaint (policy §3), from the signals at hand.

The first grading happens when the ticket opens; repeats, groups and appeals raise it later.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.domain.labels import Category, Priority, RiskColour, Severity, Tier

_COLOUR_ORDER = [RiskColour.BLUE, RiskColour.YELLOW, RiskColour.ORANGE, RiskColour.RED]
_MODERATE = {Category.SERVICE_ATTITUDE, Category.HANDLING_ERROR, Category.UNAUTHORIZED_SERVICE}


@dataclass(frozen=True, slots=True)
class Grade:
    severity: Severity
    colour: RiskColour
    priority: Priority


def higher_colour(a: RiskColour, b: RiskColour) -> RiskColour:
    """The more serious of two colours."""
    return max(a, b, key=_COLOUR_ORDER.index)


def grade(
    *,
    category: Category | None,
    tier: Tier,
    risk_signals: tuple[str, ...] = (),
    repeat: bool = False,
    appeal: bool = False,
    group: bool = False,
) -> Grade:
    """Grade one complaint: red for regulator appeals, orange for threats and groups, yellow for
    repeats and VIPs, blue otherwise; major severity goes with orange and red."""
    colour = RiskColour.BLUE
    if repeat or tier is Tier.VIP:
        colour = RiskColour.YELLOW
    if risk_signals or group:
        colour = RiskColour.ORANGE
    if appeal:
        colour = RiskColour.RED
    if colour in (RiskColour.ORANGE, RiskColour.RED):
        severity = Severity.MAJOR
    elif category in _MODERATE or repeat:
        severity = Severity.MODERATE
    else:
        severity = Severity.MINOR
    urgent = tier is Tier.VIP or severity is Severity.MAJOR
    return Grade(severity, colour, Priority.URGENT if urgent else Priority.NORMAL)
