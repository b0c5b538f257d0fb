"""The one exception type users see for bad input."""


class GameError(ValueError):
    """Bad input to a gametheory function.

    The message starts with the name of the function that refused the input, names the bad
    value and says what was expected, e.g. ``"Game(): payoffs[1] has shape (2, 3), expected
    (2, 2)"``. The command line prints it as one line and exits with status 2.
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
