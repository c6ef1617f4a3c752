"""The command palette (ctrl+p): the app's own commands, by name.

Only commands that make sense where the palette was opened are offered:
session commands from the main screen, the rest everywhere."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from textual.command import DiscoveryHit, Hit, Hits, Provider

from homelog.tui import text as T
from homelog.tui.typed import homelog_app

Command = tuple[str, str, Callable[[], object]]

_MAIN_ONLY = ("add", "edit", "delete", "undo", "filter", "calendar", "devices", "rules", "observe", "healed", "conditions", "sync")
_EVERYWHERE = ("sources", "help", "refresh", "toggle_dark")


class HomelogCommands(Provider):
    def _commands(self) -> Iterator[Command]:
        from homelog.tui.screens.main import MainScreen

        app = homelog_app(self)
        screen = self.screen
        if isinstance(screen, MainScreen):
            for key in _MAIN_ONLY:
                if not screen.allowed(key):
                    continue  # read-only: what would change the journal is not offered
                name, help_text = T.COMMANDS[key]
                yield name, help_text, getattr(screen, f"action_{key}")
            yield T.FILTER_ALL_COMMAND, T.FILTER_ALL_HELP, lambda: screen.set_filter(None)
            for area in app.journal.rules.areas:
                yield (
                    T.FILTER_COMMAND.format(area=area),
                    T.FILTER_COMMAND_HELP.format(area=area),
                    lambda area=area: screen.set_filter(area),
                )
        for key in _EVERYWHERE:
            name, help_text = T.COMMANDS[key]
            yield name, help_text, getattr(app, f"action_{key}")

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            if name.startswith("Filter: "):
                continue  # one "Filter" entry is enough before typing
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
