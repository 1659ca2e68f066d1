"""Errors a person caused and can fix: the CLI prints them as sentences, with exit code 1."""

from __future__ import annotations


class ShowdeskError(Exception):
    """A problem with the user's input or files, worded for the person who has to fix it."""


class ShowFileError(ShowdeskError):
    """A show file that cannot be opened or written as asked."""
