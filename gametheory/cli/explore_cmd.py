"""``gametheory explore``: serve the explorer page on this machine (docs/explore.md)."""

from __future__ import annotations

import argparse
import asyncio

from ..errors import GameError


def cmd_explore(args: argparse.Namespace) -> int:
    """Serve until Ctrl-C; opens the page in a browser unless ``--no-browser``."""
    try:
        from ..explore.server import check_host, free_port, serve
    except ImportError as err:  # tornado is the optional extra "explore"
        raise GameError(
            f"explore: needs the optional extra: pip install 'gametheory[explore]' ({err})"
        ) from None
    check_host(args.host, args.allow_remote)
    if not 0 <= args.port <= 65535:
        raise GameError(f"explore: --port {args.port} is not a TCP port (0..65535)")
    port = args.port or free_port(args.host)

    def ready(url: str) -> None:
        print(f"gametheory explore: serving {url} (Ctrl-C stops)", flush=True)
        if not args.no_browser:
            import webbrowser

            webbrowser.open(url + "?model=two_bloc")

    asyncio.run(serve(args.host, port, allow_remote=args.allow_remote, ready=ready))
    return 0
