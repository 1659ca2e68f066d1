"""The bundle's `showdesk` (PyInstaller entry point): the command line, and the engine that
showdesk-app starts beside it."""

from showdesk.cli import main

raise SystemExit(main())
