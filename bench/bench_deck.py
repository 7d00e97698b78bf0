"""Deck build time: the demo deck, and a 60-slide deck (the bench portfolio). Run by hand.

    python bench/bench_deck.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> None:
    from bench_read import HERE, make_portfolio
    from pptx import Presentation

    import pmo_xl
    from pmo_xl.deck import write_deck
    from pmo_xl.demo import make_demo
    from pmo_xl.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        demo = pmo_xl.consolidate(make_demo(Path(tmp) / "demo"), Settings(workers=1))
        folder = HERE / ".data" / "read_200"
        make_portfolio(folder, 200)
        big = pmo_xl.consolidate(folder, Settings(workers=2))
        # The portfolio slides for 45 of the 200 projects, and one slide each (64 slides);
        # bench_pipeline.py times exactly 60 slides on the 500-project portfolio.
        codes = sorted(big.projects["project"])[:45]
        runs = (("demo deck", demo, None), ("200-project deck", big, codes))
        for name, p, projects in runs:
            t0 = time.perf_counter()
            path = write_deck(p, Path(tmp) / "d.pptx", projects=projects)
            seconds = time.perf_counter() - t0
            n = len(Presentation(str(path)).slides)
            print(f"{name:17s} {n:3d} slides in {seconds:5.2f} s")


if __name__ == "__main__":
    main()
