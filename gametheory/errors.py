"""The one exception type users see for bad input."""


class GameError(ValueError):
    """Bad input to a gametheory function.

    The message starts with the name of the function that refused the input, names the bad
    value and says what was expected, e.g. ``"Game(): payoffs[1] has shape (2, 3), expected
    (2, 2)"``. The command line prints it as one line and exits with status 2.
    """
