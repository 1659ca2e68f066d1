"""Reading and writing the words of a `message` cell: shell-like, with double quotes."""

from __future__ import annotations

import shlex

_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+=:,@%#*!?")


def split_words(text: str) -> list[str]:
    """Words separated by spaces; a word with spaces in it is written in double quotes."""
    lexer = shlex.shlex(text, posix=True)
    lexer.whitespace_split = True
    lexer.quotes = '"'
    lexer.escapedquotes = '"'
    lexer.commenters = ""
    try:
        return list(lexer)
    except ValueError as exc:  # shlex says "No closing quotation"
        raise ValueError(f"{exc.args[0].lower()} in {text!r}") from None


def quote_word(word: str) -> str:
    """The word as `split_words` reads it back: bare when it can be, else in double quotes."""
    if word and all(ch in _PLAIN for ch in word):
        return word
    escaped = word.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def format_number(value: float) -> str:
    """The shortest text that reads back as exactly `value` (`2`, not `2.0`)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


def parse_options(words: list[str], allowed: tuple[str, ...]) -> dict[str, str]:
    """`key=value` words; each key once, and only the allowed ones."""
    options: dict[str, str] = {}
    for word in words:
        key, sep, value = word.partition("=")
        if not sep or not key:
            raise ValueError(f"expected key=value, got {word!r}")
        key = key.lower()
        if key not in allowed:
            raise ValueError(f"unknown option {key!r} (known: {', '.join(allowed)})")
        if key in options:
            raise ValueError(f"option {key!r} is given twice")
        options[key] = value
    return options
