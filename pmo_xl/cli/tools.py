"""Commands around the product: the Excel add-in, the references, the templates."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pmo_xl._version import __version__
from pmo_xl.cli.common import (
    _SPOKEN,
    EXIT_OK,
    Config,
    Lang,
    _console,
    _guard,
    app,
)
from pmo_xl.exceptions import InputError
from pmo_xl.schema import text
from pmo_xl.settings import Settings, check_language, load_settings

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
    from pmo_xl.figures.docs import figures_markdown, messages_markdown
    from pmo_xl.schema.docs import reference_markdown

    def body() -> int:
        from pmo_xl.atomic import atomic_path

        for path, content in ((output, reference_markdown()),
                              (output.with_name("figures.md"), figures_markdown()),
                              (output.with_name("messages.md"), messages_markdown())):
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



_PREVIEW = ("preview of the title, status and project slides: {paths}",
            "aperçu des diapositives de titre, de météo et de projet : {paths}")
_NO_OFFICE = ("no preview: LibreOffice is not installed",
              "pas d'aperçu : LibreOffice n'est pas installé")


@app.command("template-check")
def template_check(
    template: Annotated[Path, typer.Argument(help="The company's deck template (.pptx, "
                                             ".potx, .pptm, .potm).")],
    preview: Annotated[Path | None, typer.Option(
        help="Folder for PNG previews (default: <template>_preview beside it).")] = None,
    no_preview: Annotated[bool, typer.Option("--no-preview", help="Only the report.")] = False,
    lang: Lang = None,
    config: Config = None,
) -> None:
    """Which layouts, area and colours the COPIL deck will use on a template, and a
    preview of three slides (with LibreOffice) — before the first committee."""
    from pmo_xl.deck import inspect_template
    from pmo_xl.deck import preview as preview_deck
    from pmo_xl.deck.render import office

    def body() -> int:
        check_language(lang)
        settings = (load_settings(config) if config else Settings()).with_language(lang)
        _SPOKEN.set(settings.language)
        if not template.is_file():
            raise InputError(f"no such template: {template}",
                             fr=f"modèle introuvable : {template}")
        report = inspect_template(template, settings.language, settings)
        console = _console()
        for line in report.lines(settings.language):
            console.print(line, markup=False, soft_wrap=True)
        if no_preview:
            return EXIT_OK
        if office() is None:
            console.print(text.pick(_NO_OFFICE, settings.language), markup=False)
            return EXIT_OK
        import tempfile

        from pmo_xl.consolidate import consolidate
        from pmo_xl.demo import make_demo

        with tempfile.TemporaryDirectory() as tmp:  # the demo portfolio as sample content
            portfolio = consolidate(make_demo(Path(tmp) / "trackers"),
                                    settings.replace(workers=1))
            made = preview_deck(portfolio, template,
                                preview or template.with_name(f"{template.stem}_preview"),
                                settings.language)
        console.print(text.pick(_PREVIEW, settings.language).format(
            paths=", ".join(map(str, made))), markup=False, soft_wrap=True)
        return EXIT_OK

    _guard(body, lang)


_MAP_SAID = (
    "{file}: {matched} label(s) read as the contract, {sure} proposed, {unsure} to check, "
    "{none} without a close field",
    "{file} : {matched} libellé(s) lus comme le contrat, {sure} proposé(s), {unsure} à "
    "vérifier, {none} sans champ proche")


@app.command("map")
def map_command(
    paths: Annotated[list[Path], typer.Argument(help="Existing trackers in the house format.")],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write the [aliases] draft there (default: print it).")] = None,
    lang: Lang = None,
    config: Config = None,
) -> None:
    """Show what a PMO's own trackers call the contract's sheets, columns, labels and
    values, and draft the [aliases] mapping that reads the rest (pmo_xl.toml)."""
    from pmo_xl.atomic import atomic_path
    from pmo_xl.cli.common import _settings
    from pmo_xl.reader.survey import survey
    from pmo_xl.schema.proposal import proposal_toml, propose

    def body() -> int:
        settings = _settings(paths, config, lang)
        files = [p for path in paths for p in (sorted(path.rglob("*.xls[xm]"))
                                               if path.is_dir() else [path])]
        if not files:
            raise InputError(f"no workbook in {', '.join(map(str, paths))}",
                             fr=f"aucun classeur dans {', '.join(map(str, paths))}")
        surveyed = {f.name: survey(f, settings) for f in files}
        proposal = propose(surveyed, settings.aliases.mapping())
        console = _console()
        for name in surveyed:
            mine = [i for i in proposal.items if i.where.startswith(f"{name} ›")]
            console.print(text.pick(_MAP_SAID, settings.language).format(
                file=name, matched=sum(w.startswith(f"{name} ›") for w, _, _ in proposal.matched),
                sure=sum(i.sure for i in mine), none=sum(not i.key for i in mine),
                unsure=sum(bool(i.key) and not i.sure for i in mine)),
                markup=False, soft_wrap=True)
        draft = proposal_toml(proposal)
        if output is None:
            console.print(draft, markup=False, soft_wrap=True)
        else:
            with atomic_path(output) as tmp:
                tmp.write_text(draft, encoding="utf-8")
            console.print(text.pick(("wrote {path}", "écrit : {path}"), settings.language)
                          .format(path=output), markup=False)
        return EXIT_OK

    _guard(body, lang)
