"""What every exercise widget shares: layout and style models, the stylesheet, small builders.

Layout (classes added here, styled by one scoped ``<style>`` block per view, ``course-style``):
option rows wrap inside their own row (``course-options``: radio and checkbox labels grow with
their text instead of keeping ipywidgets' fixed line height); order and sort items sit in a
two-column grid (``course-grid``: item labels left, equal-width controls right); every control
shows a visible focus ring. No CDN: the CSS travels with the widget.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import cache

import ipywidgets as W
from ipywidgets.widgets.widget_bool import CheckboxStyle
from ipywidgets.widgets.widget_button import ButtonStyle
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_string import HTMLStyle, LabelStyle

__all__ = [
    "A11Y_JS",
    "EXERCISE_CSS",
    "GRID_COLUMNS",
    "KEEP_KEYS_JS",
    "TEXT_STYLE",
    "Shared",
    "button",
    "css_id",
    "html_widget",
    "label",
    "message_html",
    "option_grid",
    "paragraphs",
    "shared",
    "style_widget",
]

#: Style of text fields (a fresh style model each, as ipywidgets makes from a dict).
TEXT_STYLE = {"description_width": "initial"}
# Two grid columns: item labels, then controls. Each column is as wide as its widest entry when
# the row has room; when it has not, both shrink (labels wrap, controls down to 6em), so every
# control in one exercise has the same width and sits right of its label.
GRID_COLUMNS = "minmax(0, max-content) minmax(6em, max-content)"


@dataclass(frozen=True)
class Shared:
    """Layout and style models shared by every exercise (never mutated, only assigned).

    Each widget otherwise brings its own Layout and Style model, two thirds of an exercise's
    ~45 models, and every model is a message the kernel sends and the page must build before
    the lesson has drawn (CONTRIBUTING.md, "Performance").
    """

    wide: W.Layout
    plain: W.Layout
    hidden: W.Layout
    contents: W.Layout
    row: W.Layout
    frame: W.Layout
    grid: W.Layout
    html_style: HTMLStyle
    label_style: LabelStyle
    button_style: ButtonStyle
    description_style: DescriptionStyle
    checkbox_style: CheckboxStyle


@cache
def shared() -> Shared:
    """The shared models, made on first use: importing this module creates no widget."""
    return Shared(
        wide=W.Layout(width="auto"),
        plain=W.Layout(),
        hidden=W.Layout(display="none"),
        contents=W.Layout(display="contents"),
        row=W.Layout(flex_flow="row wrap", align_items="center"),
        frame=W.Layout(border="1px solid #bbb", padding="0.5em", margin="0.5em 0"),
        grid=W.Layout(
            grid_template_columns=GRID_COLUMNS,
            grid_gap="0.35em 1em",
            justify_content="flex-start",
            width="100%",
            margin="0.2em 0",
        ),
        html_style=HTMLStyle(),
        label_style=LabelStyle(),
        button_style=ButtonStyle(),
        description_style=DescriptionStyle(description_width="initial"),
        checkbox_style=CheckboxStyle(),
    )


# Scoped to .course-exercise so nothing else in the notebook changes. ipywidgets 8 renders
# both the old ``widget-*`` and the new ``jupyter-widget-*`` class names depending on the
# front end (JupyterLab, Voilà), so every rule names both.
EXERCISE_CSS = """
.course-exercise .course-options.widget-radio,
.course-exercise .course-options.jupyter-widget-radio {
  width: auto; max-width: 100%; min-width: 0; line-height: normal;
}
.course-exercise .widget-radio-box,
.course-exercise .jupyter-widget-radio-box { min-width: 0; }
.course-exercise .widget-radio-box label,
.course-exercise .jupyter-widget-radio-box label,
.course-exercise .widget-checkbox .widget-label-basic,
.course-exercise .jupyter-widget-checkbox .jupyter-widget-label-basic {
  display: grid; grid-template-columns: auto minmax(0, 1fr); column-gap: 0.5em;
  align-items: start; height: auto; min-width: 0; margin: 0; padding: 0.2em 0;
  line-height: 1.4; white-space: normal; overflow: visible; text-overflow: clip;
  overflow-wrap: anywhere; cursor: pointer;
}
.course-exercise .widget-radio-box input,
.course-exercise .jupyter-widget-radio-box input {
  grid-column: 1; grid-row: 1; float: none; height: 1.4em; margin: 0 0 0 1px;
}
.course-exercise .widget-checkbox,
.course-exercise .jupyter-widget-checkbox {
  width: auto; max-width: 100%; min-width: 0; height: auto; line-height: 1.4;
}
.course-exercise .widget-checkbox input[type='checkbox'],
.course-exercise .jupyter-widget-checkbox input[type='checkbox'] {
  height: 1.4em; margin: 0 0 0 1px; font-size: inherit; flex: none; align-self: start;
}
.course-exercise .course-grid { align-items: center; overflow: visible; }
.course-exercise .course-grid .widget-label,
.course-exercise .course-grid .jupyter-widget-label {
  width: auto !important; height: auto; min-width: 0; margin: 0; text-align: left;
  line-height: 1.4;
  white-space: normal; overflow: visible; text-overflow: clip; overflow-wrap: anywhere;
}
.course-exercise .course-grid select { width: 100%; min-width: 0; }
.course-exercise .widget-html-content,
.course-exercise .jupyter-widget-html-content { line-height: 1.45; }
.course-exercise input:focus-visible, .course-exercise select:focus-visible,
.course-exercise textarea:focus-visible, .course-exercise button:focus-visible {
  outline: 2px solid var(--jp-brand-color1, #1565c0) !important; outline-offset: 2px;
}
"""
_ICONS = {"success": "✓", "error": "✗", "partial": "◐", "warning": "!", "info": "ℹ"}
_COLOURS = {
    "success": "#1b5e20",
    "error": "#b71c1c",
    "partial": "#8a4b00",
    "warning": "#8a4b00",
    "info": "#0d47a1",
}

# JupyterLab's command-mode shortcuts (arrows, Enter, Space, letters, digits) act on the
# notebook whenever the focused element is not a text field, so a focused radio, checkbox,
# dropdown or button would lose its keys to the notebook: ArrowDown selects the next cell
# instead of the next option (ipywidgets issue #3912). JupyterLab reads shortcuts from
# ``document`` in the bubbling phase, so the exercise stops plain keys there; the browser's own
# handling (choosing, ticking, pressing) is untouched. Escape, Shift+Enter and Ctrl/Alt/Meta
# combinations still reach JupyterLab, so a keyboard user can leave the exercise. The style
# element installs this once it is in the page (its load event). Static text, no user input.
KEEP_KEYS_JS = (
    "var b=this.closest('.course-exercise');"
    "if(b&&!b.hasAttribute('data-course-keys')){b.setAttribute('data-course-keys','');"
    "b.addEventListener('keydown',function(e){"
    "if(e.ctrlKey||e.metaKey||e.altKey||e.key==='Escape'||(e.shiftKey&&e.key==='Enter'))"
    "{return;}e.stopPropagation();});}"
)


#: Page-wide accessibility repairs, installed once per page by the first exercise's style:
#: ipywidgets' sliders draw their handle (role "slider") without an accessible name, so
#: each handle is named after its slider's description; scrollable course boxes
#: (``.course-record``) become reachable by keyboard. Re-applied when outputs change.
A11Y_JS = (
    "if(!window.courseA11y){window.courseA11y=1;"
    "var f=function(){"
    "document.querySelectorAll('.widget-slider,.jupyter-widget-slider').forEach(function(s){"
    "var h=s.querySelector('[role=slider]');"
    "var l=s.querySelector('.widget-label,.jupyter-widget-label');"
    "var t=(l&&l.textContent.trim())||s.getAttribute('title')||'';"
    "if(h&&t&&!h.getAttribute('aria-label')){h.setAttribute('aria-label',t);}});"
    "document.querySelectorAll('.course-record').forEach(function(r){"
    "if(!r.hasAttribute('tabindex')){r.setAttribute('tabindex','0');}});};"
    "var q=0;var g=function(){if(!q){q=1;requestAnimationFrame(function(){q=0;f();});}};"
    "f();new MutationObserver(g).observe(document.body,{childList:true,subtree:true});}"
)


def css_id(exercise_id: str) -> str:
    """``"00.q1"`` → ``"course-exercise-00-q1"``."""
    return "course-exercise-" + exercise_id.replace(".", "-")


def paragraphs(text: str) -> str:
    """Escape text and turn blank lines into paragraphs, newlines into ``<br>``."""
    parts = [p for p in text.split("\n\n") if p.strip()]
    return "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in parts)


def message_html(text: str, kind: str = "info") -> str:
    """A feedback box, announced politely to screen readers; icon plus words, not colour alone."""
    if not text:
        return '<div role="status" aria-live="polite"></div>'
    colour = _COLOURS.get(kind, "#0d47a1")
    icon = _ICONS.get(kind, "")
    return (
        f'<div role="status" aria-live="polite" class="course-msg course-msg-{kind}" '
        f'style="border-left:4px solid {colour};padding:0.2em 0.8em;margin:0.3em 0">'
        f'<span aria-hidden="true" style="color:{colour};font-weight:bold">{icon}</span>'
        f"{paragraphs(text)}</div>"
    )


def html_widget(value: str = "") -> W.HTML:
    """An ``HTML`` widget on the shared layout and style."""
    return W.HTML(value, layout=shared().plain, style=shared().html_style)


def label(text: str) -> W.Label:
    """A ``Label`` on the shared layout and style."""
    return W.Label(text, layout=shared().plain, style=shared().label_style)


def button(text: str, css: str, tooltip: str = "") -> W.Button:
    """A button labelled ``text`` with the CSS class ``css`` (shared layout and style)."""
    s = shared()
    b = W.Button(description=text, tooltip=tooltip or text, layout=s.wide, style=s.button_style)
    b.add_class(css)
    return b


def style_widget() -> W.HTML:
    """The exercise stylesheet as a hidden ``HTML`` widget (a ``<style>`` still applies)."""
    style = W.HTML(
        f'<style onload="{KEEP_KEYS_JS}{A11Y_JS}">{EXERCISE_CSS}</style>',
        layout=shared().hidden,
        style=shared().html_style,
    )
    style.add_class("course-style")
    return style


def option_grid(controls: list[W.Widget]) -> W.GridBox:
    """Dropdowns (or other labelled controls) as rows of a two-column grid.

    Each control's own box is ``display: contents``, so its ``<label>`` (the item text, still
    tied to the control for screen readers and ``get_by_label``) fills the left column and the
    control the right one.
    """
    for control in controls:
        control.layout = shared().contents
    grid = W.GridBox(controls, layout=shared().grid)
    grid.add_class("course-grid")
    return grid
