from showdesk.cli import main

raise SystemExit(main())
