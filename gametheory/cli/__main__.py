"""``python -m gametheory.cli``, the same as ``python -m gametheory``."""

from . import main

raise SystemExit(main())
