"""What a template will give the deck, told before the first COPIL (``template-check``):
which layout serves which role and why, where content goes, which colours are used."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pmo_xl.colours import contrast
from pmo_xl.deck.background import Palette, background_colour, theme_colours
from pmo_xl.deck.geometry import Rect, obstacles
from pmo_xl.deck.layouts import Choice, Layouts, all_layouts, choose_layouts
from pmo_xl.deck.template import open_template
from pmo_xl.schema.contract import BAD, GOOD, NEUTRAL, WARN
from pmo_xl.schema.text import number
from pmo_xl.settings import Settings

EMU_PER_INCH = 914400
_HOW = {
    "settings": ("chosen in the settings", "choisie dans les paramètres"),
    "name": ("by its name", "par son nom"),
    "geometry": ("by its placeholders and room", "par ses espaces réservés et sa place"),
    "content layout (no title layout)": ("no title layout: the content layout, with the date "
                                         "under the title",
                                         "pas de disposition de titre : celle du contenu, la "
                                         "date sous le titre"),
}
_TEXT = {
    "en": dict(
        size="{w} × {h} in ({ratio}), {masters} master(s), {layouts} layout(s)",
        role="{role}: '{name}' of master {master}, {how}",
        roles={"title": "title slide", "content": "content slides"},
        area="content area: {w} × {h} in from {x} in left, {y} in top ({share} % of the "
             "slide), clear of {n} logo(s), band(s) or text(s) of the template",
        colours="background #{bg}: text #{ink} ({c1}:1), headings #{accent} ({c2}:1), "
                "charts {card}",
        card={True: "on white cards", False: "on the background"},
        chips="status chips: " + "{chips}"),
    "fr": dict(
        size="{w} × {h} po ({ratio}), {masters} masque(s), {layouts} disposition(s)",
        role="{role} : « {name} » du masque {master}, {how}",
        roles={"title": "diapositive de titre", "content": "diapositives de contenu"},
        area="zone de contenu : {w} × {h} po à {x} po de la gauche, {y} po du haut ({share} % "
             "de la diapositive), hors de {n} logo(s), bandeau(x) ou texte(s) du modèle",
        colours="fond #{bg} : texte #{ink} ({c1}:1), titres #{accent} ({c2}:1), "
                "graphiques {card}",
        card={True: "sur cartes blanches", False: "sur le fond"},
        chips="pastilles de statut : " + "{chips}"),
}


@dataclass
class TemplateReport:
    path: str
    width: int
    height: int
    masters: int
    layouts: int
    chosen: Layouts
    obstacles: list[Rect]
    palette: Palette

    def lines(self, lang: str) -> list[str]:
        """The report in ``lang``, a line per fact."""
        t = _TEXT[lang]

        def inch(emu: int) -> str:
            return number(emu / EMU_PER_INCH, lang, 2)

        ratio = "16:9" if abs(self.width / self.height - 16 / 9) < 0.02 else \
            "4:3" if abs(self.width / self.height - 4 / 3) < 0.02 else \
            f"{number(self.width / self.height, lang, 2)}:1"
        a, p = self.chosen.area, self.palette
        lines = [f"{self.path}: " + t["size"].format(
            w=inch(self.width), h=inch(self.height), ratio=ratio, masters=self.masters,
            layouts=self.layouts)]
        for role, choice in (("title", self.chosen.title), ("content", self.chosen.content)):
            lines.append(_role_line(t, role, choice, lang))
        lines.append(t["area"].format(w=inch(a.width), h=inch(a.height), x=inch(a.left),
                                      y=inch(a.top), share=round(100 * a.area / (
                                          self.width * self.height)), n=len(self.obstacles)))
        lines.append(t["colours"].format(bg=p.background, ink=p.ink, accent=p.accent,
                                         c1=number(contrast(p.ink, p.background), lang, 1),
                                         c2=number(contrast(p.accent, p.background), lang, 1),
                                         card=t["card"][p.card]))
        on = " sur " if lang == "fr" else " on "
        lines.append(t["chips"].format(chips=", ".join(
            f"#{tone.on_fill}{on}#{tone.fill} "
            f"({number(contrast(tone.on_fill, tone.fill), lang, 1)}:1)"
            for tone in (GOOD, WARN, BAD, NEUTRAL))))
        return lines


def _role_line(t: dict, role: str, choice: Choice, lang: str) -> str:
    how = _HOW[choice.how][1 if lang == "fr" else 0]
    return t["role"].format(role=t["roles"][role], name=choice.name, master=choice.master,
                            how=how)


def inspect_template(template: str | Path | None, lang: str,
                     settings: Settings | None = None) -> TemplateReport:
    """The choices the deck will make on ``template`` (TemplateError when it cannot)."""
    settings = settings or Settings()
    prs = open_template(template, lang)
    chosen = choose_layouts(prs, settings.deck.layouts.model_dump())
    width, height = int(prs.slide_width), int(prs.slide_height)
    layout = chosen.content.layout
    palette = Palette.on(background_colour(layout, width, height),
                         theme_colours(layout.slide_master))
    return TemplateReport(str(template or "pmo-xl"), width, height, len(prs.slide_masters),
                          len(all_layouts(prs)), chosen, obstacles(layout, width, height),
                          palette)
