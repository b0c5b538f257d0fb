"""The exception types users see: GameError for bad input, TooLargeError for size refusals."""


class GameError(ValueError):
    """Bad input to a gametheory function.

    The message starts with the name of the function that refused the input, names the bad
    value and says what was expected, e.g. ``"Game(): payoffs[1] has shape (2, 3), expected
    (2, 2)"``. The command line prints it as one line and exits with status 2.
    """


class TooLargeError(GameError):
    """A valid input too large for the method asked: a size or work estimate above a cap.

    Raised instead of running for hours or exhausting memory; the message (as for
    :class:`GameError`) starts with the function's name, gives the estimate and the cap, and
    names an alternative that works. A subclass of :class:`GameError`, so ``except GameError``
    and the command line (one line, exit status 2) treat it alike; catch it to tell a refusal
    from bad input.
    """


MAX_SHOWN = 40
"""Most characters of a user's value quoted in an error message (longer ones are cut)."""


def shown(text: object, limit: int = MAX_SHOWN) -> str:
    """`text` as quoted in a message: ``repr`` of its first `limit` characters and ``...``.

    >>> shown("Fight")
    "'Fight'"
    >>> shown("9" * 5000)
    "'9999999999999999999999999999999999999'... (5000 characters)"
    """
    text = str(text)
    if len(text) <= limit:
        return repr(text)
    return f"{text[: limit - 3]!r}... ({len(text)} characters)"
