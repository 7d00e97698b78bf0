"""The ``pmo-xl`` command line: for PMOs at a terminal and for scheduled runs (exit
codes in ``pmo_xl.cli.common``)."""

import sys

from pmo_xl.cli import history, plans, run, tools  # noqa: F401  (each adds its commands)
from pmo_xl.cli.common import app


def main() -> None:
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
