"""nbgrader plug-in: feedback that explains failures without revealing hidden tests.

nbgrader's ``generate_feedback`` turns the autograded notebook into HTML as it is, so a
student would read the hidden test code of every test cell, and in the traceback of a
failed check the lines around it.  ``HideHiddenTests`` runs before the HTML export (see
nbgrader_config.py) and, in every autograded test cell:

- replaces each ``### BEGIN HIDDEN TESTS`` ... ``### END HIDDEN TESTS`` block with one comment;
- reduces each error to its last line, ``CheckFailed: <message>``: the message says which
  function failed on which case, expected vs. got and a hint (see cnn_checks.py), while the
  traceback, with its lines of test code, is left out.
"""

import html
import re
from pathlib import Path

from nbconvert.exporters import HTMLExporter, TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbgrader.preprocessors import NbGraderPreprocessor
from nbgrader.utils import is_grade

from . import limits

HIDDEN_BLOCK = re.compile(r"^([ \t]*)### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS[ \t]*$", re.S | re.M)
PLACEHOLDER = r"\1# (hidden tests: they ran when your work was graded; a failure is reported below)"


MARKDOWN_LIMIT = limits.MARKDOWN_CHARS   # characters of one markdown cell rendered in feedback (limits.py)
SELFCHECK_LINE = "the hidden checks run when your work is graded"


class HideHiddenTests(NbGraderPreprocessor):
    """Remove hidden test code and tracebacks from test cells before feedback is rendered, and
    cut markdown cells longer than MARKDOWN_LIMIT: nbconvert's math parser takes time that
    grows with the square of a cell's length on some text (40,000 characters of
    ``\\begin{a}`` take seconds, a megabyte hours)."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and not is_grade(cell):
            # the self-check lines of the graded edition say the hidden checks run later: in
            # feedback they have run, and the score above each function says how they went
            cell.outputs = [out for out in cell.outputs if SELFCHECK_LINE not in out.get("text", "")]
        if cell.cell_type == "markdown" and len(cell.source) > MARKDOWN_LIMIT:
            cell.source = ("<pre>" + html.escape(cell.source[:MARKDOWN_LIMIT]) + "</pre>\n\n"
                           f"*(this cell is longer than {MARKDOWN_LIMIT:,} characters: the rest is not shown)*")
        if cell.cell_type == "code" and is_grade(cell):
            cell.source = HIDDEN_BLOCK.sub(PLACEHOLDER, cell.source)
            for output in cell.outputs:
                if output.output_type == "error":
                    output.traceback = [f"{output.ename}: {output.evalue}"]
        return cell, resources


class MathToMathML(NbGraderPreprocessor):
    """Turn the LaTeX of markdown cells ($...$, $$...$$) into MathML, which browsers draw
    themselves: the feedback page needs no MathJax from the network (offline, its formulas
    used to stay raw LaTeX).  Code spans and fenced code are left alone."""

    CODE = re.compile(r"(```.*?```|`[^`\n]*`)", re.S)
    MATH = re.compile(r"(?<!\\)\$\$(.+?)(?<!\\)\$\$|(?<![\\$])\$([^$\n]+?)(?<!\\)\$", re.S)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "markdown" and "$" in cell.source:
            parts = self.CODE.split(cell.source)
            cell.source = "".join(part if n % 2 else self.MATH.sub(self._mathml, part) for n, part in enumerate(parts))
        return cell, resources

    @staticmethod
    def _mathml(match):
        from latex2mathml.converter import convert

        tex, display = (match.group(1), "block") if match.group(1) is not None else (match.group(2), "inline")
        try:
            return convert(tex.strip(), display=display).replace("\n", " ")
        except Exception:  # a formula latex2mathml cannot read stays as it was written
            return match.group(0)


# ------------------------------------------------------------------ rendering the feedback

MATHJAX = re.compile(r"<!-- Loading mathjax macro -->.*?<!-- End of mathjax configuration -->\s*", re.S)
PAGE_STYLE = "<style>img { max-width: 100%; height: auto; } div.output_area pre { white-space: pre-wrap; }</style>"


def self_contained(html):
    """The page without MathJax (its formulas are MathML: MathToMathML) and with figures that
    fit the page."""
    return MATHJAX.sub("", html).replace("</head>", PAGE_STYLE + "\n</head>", 1)

IMG_WITHOUT_ALT = re.compile(r"<img\b(?![^>]*\salt=)([^>]*?)\s*(/?)>", re.I)
NO_ALT = "No description has been provided for this image"


def add_missing_alt(html):
    """Give every ``<img>`` without alt text nbconvert's; return (html, how many)."""
    return IMG_WITHOUT_ALT.subn(rf'<img\1 alt="{NO_ALT}"\2>', html)


class CourseTemplate:
    """Mixin for an HTML exporter: render the course's feedback template, templates/cnn_feedback/
    (nbgrader's feedback page whose index names each function), whatever template the
    configuration names (nbgrader's API sets ``HTMLExporter.template_name = "feedback"`` for
    the formgrader's button)."""

    TEMPLATES = Path(__file__).with_name("templates")

    def __init__(self, *args, **kwargs):
        import nbgrader

        nbgrader_templates = Path(nbgrader.__file__).parent / "server_extensions" / "formgrader" / "templates"
        # as keyword arguments, these win over the configuration and are set before the
        # template paths are worked out; nbgrader's templates folder is also a template path,
        # so that templates/cnn_feedback/ can extend 'feedback/index.html.j2'
        config = kwargs.get("config") or getattr(kwargs.get("parent"), "config", None)
        paths = list(config.HTMLExporter.extra_template_paths) \
            if config is not None and "extra_template_paths" in config.HTMLExporter else []
        kwargs.update(template_name="cnn_feedback",
                      extra_template_basedirs=[str(self.TEMPLATES), str(nbgrader_templates)],
                      extra_template_paths=[*paths, str(nbgrader_templates)])
        super().__init__(*args, **kwargs)


class NbconvertFeedbackExporter(CourseTemplate, HTMLExporter):
    """nbconvert's own HTMLExporter with the course's template: the page FeedbackExporter must
    equal (tests/test_feedback.py renders both)."""

    def from_notebook_node(self, nb, resources=None, **kw):
        html, resources = super().from_notebook_node(nb, resources, **kw)
        return self_contained(html), resources


class FeedbackExporter(CourseTemplate, HTMLExporter):
    """nbconvert's HTMLExporter for nbgrader's feedback page, without its BeautifulSoup pass.

    ``HTMLExporter.from_notebook_node`` renders the template, then parses the whole page with
    BeautifulSoup (pure-Python html.parser) to give every ``<img>`` without alt text one and to
    make the cells of the "lab" template focusable, and prints the page again.  For nbgrader's
    "feedback" template (based on "classic": it has no lab cells, and gives output images an
    alt text) that round trip changes nothing, yet it takes about 60 % of the time of a
    student's feedback: the page has some 18,000 tags, most of them the spans of syntax
    highlighting.  This exporter renders the same template with the same filters, adds the alt
    text to an ``<img>`` that has none with a regular expression, and remembers the
    highlighting of code (most cells are the same in every student's notebook) for as long as
    it lives: nbgrader makes one exporter per ``generate_feedback`` run.

    It renders the course's template (CourseTemplate).  tests/test_feedback.py checks that
    BeautifulSoup turns this page into exactly the page of NbconvertFeedbackExporter (nbconvert's
    HTMLExporter with the same template).  nbgrader_config.py makes it nbgrader's feedback
    exporter, so ``make grade``, ``make check``, ``nbgrader generate_feedback`` and the
    formgrader all render the same pages.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._highlighted = {}

    def _memoized(self, highlight):
        def highlight_code(source, language=None, metadata=None):
            # of the cell metadata, nbconvert's highlighting reads only "magics_language"
            key = (highlight.pygments_lexer, source, language, (metadata or {}).get("magics_language"))
            if key not in self._highlighted:
                self._highlighted[key] = highlight(source, language, metadata)
            return self._highlighted[key]
        return highlight_code

    def from_notebook_node(self, nb, resources=None, **kw):
        # as HTMLExporter.from_notebook_node (nbconvert 7.17), up to the template rendering
        langinfo = nb.metadata.get("language_info", {})
        lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
        highlight = self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self))
        resources = self._init_resources(resources)
        data_types = WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self, resources=resources)
        self.register_filter("highlight_code", self._memoized(highlight) if isinstance(highlight, Highlight2HTML)
                             else highlight)
        self.register_filter("filter_data_type", data_types)
        html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        html, missing_alt = add_missing_alt(html)
        if missing_alt:
            self.log.warning("Alternative text is missing on %s image(s).", missing_alt)
        return self_contained(html), resources
