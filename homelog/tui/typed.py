"""``homelog_app(node)``: a widget's app as the ``HomelogApp`` it is.

Textual types ``node.app`` as a plain ``App``; every screen and widget here
runs inside a ``HomelogApp``, so this one cast gives them its ``journal``,
``today`` and ``attempt`` with their types.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:  # pragma: no cover
    from textual.dom import DOMNode

    from homelog.tui.app import HomelogApp


def homelog_app(node: "DOMNode") -> "HomelogApp":
    return cast("HomelogApp", node.app)
