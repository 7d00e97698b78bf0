"""Commands around the product: the Excel add-in, the references, the templates."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pmo_xl._version import __version__
from pmo_xl.cli.common import (
    EXIT_OK,
    _console,
    _guard,
    app,
)

addin_app = typer.Typer(help="The PMO ribbon add-in for Excel (built from xlwings' template).",
                        no_args_is_help=True)
app.add_typer(addin_app, name="addin")


@addin_app.command("build")
def addin_build(
    output: Annotated[Path, typer.Option("--output", "-o")] = Path("pmo_xl.xlam"),
    lang: Annotated[str, typer.Option(help="Ribbon labels: en or fr.")] = "en",
) -> None:
    """Build pmo_xl.xlam from the installed xlwings' ribbon template."""
    from pmo_xl.excel.addin import CHECKED_XLWINGS, build_addin, xlwings_version

    def body() -> int:
        console = _console()
        if xlwings_version() != CHECKED_XLWINGS:
            console.print(f"[yellow]note[/]: built from xlwings {xlwings_version()}; checked "
                          f"against {CHECKED_XLWINGS}")
        console.print(f"wrote {build_addin(output, lang)}")
        return EXIT_OK

    _guard(body)


@addin_app.command("install")
def addin_install(
    lang: Annotated[str, typer.Option(help="Ribbon labels: en or fr.")] = "en",
    folder: Annotated[Path | None, typer.Option(
        help="Install there instead of Excel's start-up folder.")] = None,
) -> None:
    """Build the add-in into Excel's start-up folder (Windows, macOS)."""
    from pmo_xl.excel.addin import build_addin, startup_folder

    def body() -> int:
        target = (folder or startup_folder()) / "pmo_xl.xlam"
        build_addin(target, lang)
        console = _console()
        console.print(f"installed {target}")
        console.print("Restart Excel: a 'PMO' tab appears. Run `xlwings addin install` once "
                      "too, and trust the folder if Excel blocks macros.")
        return EXIT_OK

    _guard(body)


@app.command()
def docs(
    output: Annotated[Path, typer.Option("--output", "-o")] = Path("docs/tracker-reference.md"),
) -> None:
    """Write the tracker reference (sheets, columns, values, rules) from the schema, and
    the figures reference (figures.md beside it) from the registry of figures."""
    from pmo_xl.figures.docs import figures_markdown
    from pmo_xl.schema.docs import reference_markdown

    def body() -> int:
        from pmo_xl.atomic import atomic_path

        for path, content in ((output, reference_markdown()),
                              (output.with_name("figures.md"), figures_markdown())):
            with atomic_path(path) as tmp:
                tmp.write_text(content, encoding="utf-8")
            _console().print(f"wrote {path}")
        return EXIT_OK

    _guard(body)


@app.command()
def templates(
    output: Annotated[Path, typer.Option("--output", "-o")] = Path("workbooks"),
) -> None:
    """Write the blank tracker templates (EN and FR; the workload as a grid, and in long
    form), byte-stable for version control."""
    from pmo_xl.xlsx import write_tracker

    def body() -> int:
        for lang in ("en", "fr"):
            for layout, stem in (("grid", "tracker_template"), ("long", "tracker_template_long")):
                path = write_tracker(output / f"{stem}_{lang}.xlsx", lang=lang,
                                     deterministic=True, layout=layout)
                _console().print(f"wrote {path}")
        return EXIT_OK

    _guard(body)


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)

