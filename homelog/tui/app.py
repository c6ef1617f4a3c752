"""The Textual app: global bindings, the command palette, themes, and the one
place where a service error becomes a notification instead of a traceback."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from homelog import messages as msg
from homelog.errors import HomelogError
from homelog.locations import default_config_dir
from homelog.records import SessionFilter
from homelog.service import Journal
from homelog.tui import text as T
from homelog.tui.commands import HomelogCommands
from homelog.tui.screens.main import MainScreen

R = TypeVar("R")


class Failed:
    """Returned by ``HomelogApp.attempt`` when the service raised (already notified)."""

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return "FAILED"


FAILED = Failed()


class HomelogApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = T.APP_TITLE
    COMMANDS = App.COMMANDS | {HomelogCommands}
    # Screen classes by terminal width: the area panel narrows to leave the table room.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-medium"), (120, "-wide")]
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help"),
        Binding("i", "sources", "Sources", show=False),
        Binding("ctrl+r,f5", "refresh", "Reload", show=False),
        Binding("ctrl+t", "toggle_dark", "Dark/light", show=False),
    ]

    def __init__(
        self,
        journal: Journal,
        *,
        today: Callable[[], date] | date | None = None,
        read_only: bool = False,
        config_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.journal = journal
        self.config_dir = config_dir if config_dir is not None else default_config_dir()
        if today is None:
            self._clock: Callable[[], date] = journal.today
        elif isinstance(today, date):
            self._clock = lambda: today
        else:
            self._clock = today
        self.read_only = read_only

    def get_css_variables(self) -> dict[str, str]:
        """The theme's variables, every text colour made readable (homelog.tui.readable)."""
        from homelog.tui.readable import readable_variables

        return readable_variables(super().get_css_variables())

    # -- shared helpers for screens ----------------------------------------------------

    def today(self) -> date:
        return self._clock()

    def attempt(self, fn: Callable[..., R], *args: Any, **kwargs: Any) -> R | Failed:
        """Call the service; a HomelogError becomes an error notification and FAILED."""
        try:
            return fn(*args, **kwargs)
        except HomelogError as exc:
            self.notify(str(exc), title=T.ERROR_TITLE, severity="error", timeout=10)
            return FAILED

    def notify(self, message: str, *, title: str = "", markup: bool = False, **kwargs: Any) -> None:  # type: ignore[override]
        """Every notification: its text shown safely (``messages.safe``: no control
        character from a note, a name or a file name), never read as markup."""
        super().notify(msg.safe(message), title=msg.safe(title), markup=markup, **kwargs)

    def deliver_screenshot(self, filename: str | None = None, path: str | None = None, time_format: str | None = None) -> str | None:
        """The palette's screenshot: an SVG in the journal's folder (or ``path``), 0600
        (it shows health data); the notification says where."""
        from textual._files import generate_datetime_filename

        from homelog.service.files import save_private

        name = filename or generate_datetime_filename(self.title, ".svg", time_format)
        folder = Path(path).expanduser() if path else self.journal.db.path.parent
        saved = self.attempt(save_private, folder / name, self.export_screenshot())
        if not saved:
            return None
        self.notify(T.SCREENSHOT_SAVED.format(path=saved), timeout=8)
        return str(saved)

    @property
    def main_screen(self) -> MainScreen:
        return self.screen_stack[0]  # type: ignore[return-value]

    # -- lifecycle ------------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        return MainScreen()

    def on_mount(self) -> None:
        if self.read_only:
            self.sub_title = T.READ_ONLY_BADGE
        first = self.attempt(self.journal.list, SessionFilter(), limit=1)
        if first == []:
            from homelog.tui.screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen(), self._after_welcome)

    def _after_welcome(self, choice: str | None) -> None:
        if choice and not self.main_screen.allowed(choice):
            return  # read-only: nothing to add
        if choice == "add":
            self.main_screen.action_add()
        elif choice == "devices":
            self.main_screen.action_devices()

    def on_app_focus(self, event: events.AppFocus) -> None:
        """Back in the terminal: show what other homelog processes may have changed."""
        self.reload_all()

    # -- actions --------------------------------------------------------------------------

    def reload_all(self) -> None:
        for screen in list(self.screen_stack):
            reload = getattr(screen, "reload", None)
            if callable(reload):
                reload()

    def action_refresh(self) -> None:
        self.reload_all()
        self.notify(T.REFRESHED, timeout=3)

    def action_sources(self) -> None:
        from homelog.tui.screens.sources import SourcesScreen

        if not isinstance(self.screen, SourcesScreen):
            self.push_screen(SourcesScreen())

    def action_help(self) -> None:
        from homelog.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())
