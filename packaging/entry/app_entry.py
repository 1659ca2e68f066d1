"""The bundle's `showdesk-app` (PyInstaller entry point)."""

from ui.app import main

raise SystemExit(main())
