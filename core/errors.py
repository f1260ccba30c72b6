"""Errors the library raises for the user: the CLI prints the message on one line and exits."""


class GlossalignError(Exception):
    """Something the user can fix; the message says what is wrong and what to do."""

    exit_code = 1


class InputError(GlossalignError):
    """A bad input file or argument (missing, empty, binary, wrong language, broken columns...)."""

    exit_code = 2


class UsageError(InputError):
    """The command line itself is wrong (contradicting options, a binary format to stdout...): exit 2, and
    the CLI adds a second line pointing at the command's --help."""

    exit_code = 2
