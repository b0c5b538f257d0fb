"""``python -m gametheory.cli``, the same as ``python -m gametheory``."""

from .parser import main

raise SystemExit(main())
