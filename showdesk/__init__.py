"""showdesk: show-day control. This package is the headless core; it never imports Qt."""

__version__ = "0.1.0"
