"""The small exception hierarchy of pmo-xl.

Bad *tracker content* never raises: it becomes a finding. These exceptions are for
the caller's mistakes and the environment (a bad settings file, a locked output).
"""


class PmoXlError(Exception):
    """Base class of every error pmo-xl raises on purpose: its message in English, and in
    French when given (``fr=``), for the user's language."""

    def __init__(self, *args: object, fr: str | None = None) -> None:
        super().__init__(*args)
        self.fr = fr

    def message(self, lang: str | None = None) -> str:
        """The error for the user, in ``lang`` when the error knows how to say it."""
        return self.fr if lang == "fr" and self.fr else str(self)


class SettingsError(PmoXlError):
    """The settings file (pmo_xl.toml) or a settings value is invalid."""


class UsageError(PmoXlError):
    """A command was given options that do not go together, or a required one is missing."""


class InputError(PmoXlError):
    """The paths given to a command cannot be used (missing, wrong kind)."""


class OutputError(PmoXlError):
    """An output cannot be written (folder not writable, locked by another run)."""


class LockTimeout(OutputError):
    """Another run holds the lock on the output folder for longer than we wait."""


class SchedulesUnavailable(InputError):
    """Schedules (MS Project, Primavera…) cannot be read here: the ``schedules`` extra or a
    Java runtime is missing (``detail`` says what was looked for). Said once, with how to
    enable it."""

    def __init__(self, *args: object, detail: str = "", fr: str | None = None) -> None:
        super().__init__(*args, fr=fr)
        self.detail = detail


class ScheduleUnreadable(InputError):
    """One schedule file cannot be converted (password, corrupt, unsupported, empty);
    ``reason`` is the key of its wording in ``schema.rules.REASONS``."""

    def __init__(self, *args: object, reason: str = "system", detail: str = "",
                 fr: str | None = None) -> None:
        super().__init__(*args, fr=fr)
        self.reason = reason
        self.detail = detail
