"""Editions of an assignment in another language (zh-CN): one source, two nbgrader assignments.

The English assignment ``source/<name>/`` is the one source.  Its translation lives beside it,
in ``source/<name>/edition_zh/`` (left out of the English release, nbgrader_config.py):

    cells.md      the Chinese text of every markdown cell, and of the ungraded code cells whose
                  words a reader sees (figure titles, comments), each under a line
                      <!-- cell CELL_ID en HASH -->
                  where HASH is the first 10 hex digits of the sha1 of the English cell's text
                  when it was translated; cells only the edition has (an extension section) under
                      <!-- new CELL_ID markdown after CELL_ID -->   (or: code after ...)
    *.md          more of the same, e.g. extension.md: a section only this edition has
    files/        files only the edition has (its extension's data), copied over the English ones

``make release`` writes ``source/<name>_zh/``, an ordinary nbgrader assignment, from the English
folder and the translation: the same graded cells (ids, points, hidden tests, solutions), the
translated text, ``cnn_checks.py`` with ``LANGUAGE = "zh"`` (its messages and hints from the
module's catalogue), the self-check calls naming the zh assignment; then nbgrader releases it
like any other.  The build refuses (and tests/test_editions.py fails) when an English cell
changed after its translation (the stored hash no longer matches), when a markdown cell has no
translation, when a translation names a cell that is gone, or when it would change a graded cell:
the editions cannot drift apart silently.

    python -m cnn_course edition-skeleton ASSIGNMENT   # the cells.md to start a translation from
"""

import hashlib
import re
import shutil
from pathlib import Path

import nbformat

from . import notebooks

LANGUAGES = {"zh": "zh-CN"}
MARK = re.compile(r"^<!-- (?:cell (?P<id>[\w-]+) en (?P<hash>[0-9a-f]{10})"
                  r"|new (?P<new>[\w-]+) (?P<type>markdown|code) after (?P<after>[\w-]+)) -->[ \t]*$", re.M)
CHECKS_LANGUAGE = re.compile(r'^LANGUAGE = "en"', re.M)


class TranslationError(ValueError):
    """The translation does not fit the English notebook (says which cell and why)."""


def text_hash(text):
    """The hash a translation stores of the English text it translates."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def checks_in(language, checks_text):
    """The cnn_checks.py of an edition: the English one's, with its LANGUAGE."""
    return CHECKS_LANGUAGE.sub(f'LANGUAGE = "{language}"', checks_text, count=1)


def translation_folder(english_folder, language):
    return Path(english_folder) / f"edition_{language}"


def edition_name(name, language):
    return f"{name}_{language}"


def parse(text, where="cells.md"):
    """[(kind, cell id, hash or (cell type, after id), body)] of a cells.md text."""
    marks = list(MARK.finditer(text))
    if text[:marks[0].start() if marks else len(text)].strip():
        raise TranslationError(f"{where}: text before the first <!-- cell ... --> line")
    entries = []
    for mark, following in zip(marks, marks[1:] + [None]):
        body = text[mark.end():following.start() if following else len(text)].strip("\n")
        if mark["id"]:
            entries.append(("cell", mark["id"], mark["hash"], body))
        else:
            entries.append(("new", mark["new"], (mark["type"], mark["after"]), body))
    ids = [entry[1] for entry in entries]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise TranslationError(f"{where}: cells given twice: {', '.join(repeated)}")
    return entries


def is_graded(cell):
    meta = notebooks.nbgrader_metadata(cell)
    return bool(meta.get("grade") or meta.get("solution") or meta.get("task"))


def translate_notebook(english_nb, entries, name, language, where="cells.md"):
    """The edition's notebook: english_nb with the translated cells, the new cells inserted, and
    the self-check calls naming the edition's assignment.  Raises TranslationError."""
    nb = nbformat.from_dict(english_nb)
    by_id = {cell.get("id"): cell for cell in nb.cells}
    translated = {cell_id: (digest, body) for kind, cell_id, digest, body in entries if kind == "cell"}
    problems = []
    for cell in nb.cells:
        cell_id = cell.get("id")
        if cell_id in translated:
            digest, body = translated[cell_id]
            if is_graded(cell):
                problems.append(f"cell {cell_id} is graded: its code is the English one (translate the "
                                "messages in cnn_checks' catalogue instead)")
            elif digest != text_hash(cell.source):
                problems.append(f"cell {cell_id} changed in English since it was translated (en {digest}, "
                                f"now {text_hash(cell.source)}): update its translation and the hash")
            else:
                cell.source = body
        elif cell.cell_type == "markdown":
            problems.append(f"markdown cell {cell_id} has no translation (<!-- cell {cell_id} en "
                            f"{text_hash(cell.source)} -->)")
    gone = sorted(set(translated) - set(by_id))
    problems += [f"cell {cell_id} is not in the English notebook any more" for cell_id in gone]
    for _, cell_id, (cell_type, after), body in (e for e in entries if e[0] == "new"):
        ids = [cell.get("id") for cell in nb.cells]
        if after not in ids:
            problems.append(f"new cell {cell_id} comes after {after}, which is not in the notebook")
            continue
        if cell_id in ids:
            problems.append(f"new cell {cell_id}: the notebook already has a cell with that id")
            continue
        nb.cells.insert(ids.index(after) + 1, _new_cell(cell_type, cell_id, body))
    if problems:
        raise TranslationError(f"{where}:\n  " + "\n  ".join(problems))
    edition = edition_name(name, language)
    if language == "zh":
        # after the imports: the checks' messages in Chinese (the edition's own cnn_checks.py says
        # so too; a self-learner's notebooks/ folder has one cnn_checks.py for every notebook),
        # and a font for the figures
        first = next((k for k, cell in enumerate(nb.cells) if cell.cell_type == "code"
                      and re.search(r"^import matplotlib", cell.source, re.M)
                      and re.search(r"^import cnn_checks as check", cell.source, re.M)), None)
        if first is None:
            problems.append("no code cell imports matplotlib and cnn_checks as check (the Chinese setup goes after it)")
            raise TranslationError(f"{where}:\n  " + "\n  ".join(problems))
        nb.cells.insert(first + 1, _new_cell("code", "zh-setup", SETUP_CELL))
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = re.sub(rf"""(assignment=|selfcheck_summary\()(["']){name}\2""",
                                 rf"\g<1>\g<2>{edition}\g<2>", cell.source)
    return nb


FONTS = Path(__file__).with_name("student") / "fonts"
SETUP_CELL = """# 检查信息和提示用中文
check.LANGUAGE = "zh"

# 图中的中文：本文件夹 fonts/ 中的字体（文泉驿微米黑的子集，Apache-2.0，见 fonts/README.md）
import matplotlib
from matplotlib import font_manager

font_manager.fontManager.addfont("fonts/wqy-microhei-subset.ttf")
matplotlib.rcParams["font.family"] = ["DejaVu Sans", "WenQuanYi Micro Hei"]   # 西文字母用 DejaVu，汉字用文泉驿"""


def _new_cell(cell_type, cell_id, body):
    """A cell only the edition has; a code cell is locked (read-only) like the notebook's other
    given code, with its id as grade_id (assignment.toml can name it: heavy, cell_seconds)."""
    if cell_type == "markdown":
        cell = nbformat.v4.new_markdown_cell(body)
    else:
        cell = nbformat.v4.new_code_cell(body)
        cell.metadata["nbgrader"] = {"grade": False, "grade_id": cell_id.replace("-", "_"), "locked": True,
                                     "schema_version": 3, "solution": False, "task": False}
    cell["id"] = cell_id
    return cell


def texts(folder):
    """The *.md files of an edition_<language>/ folder, in name order, as one text."""
    return "\n".join(path.read_text(encoding="utf-8") for path in sorted(Path(folder).glob("*.md")))


def editions_of(assignment):
    """The languages an English assignment has an edition in (its edition_<language>/ folders)."""
    return [language for language in LANGUAGES if (translation_folder(assignment.folder, language) / "cells.md").exists()]


IMAGE = re.compile(r"images/([\w-]+)\.(png|gif|jpg)")


def use_images(nb, language, images):
    """Point the notebook's figures at their <name>.<language>.<ext> version where images/ has
    one (figures.py draws the diagrams with words in Chinese too); return the names used."""
    def local(match):
        translated = f"{match[1]}.{language}.{match[2]}"
        return f"images/{translated}" if (Path(images) / translated).exists() else match[0]

    used = set()
    for cell in nb.cells:
        cell.source = IMAGE.sub(local, cell.source)
        used |= {f"{stem}.{ext}" for stem, ext in re.findall(r"images/([\w.-]+)\.(png|gif|jpg)", cell.source)}
    return sorted(used)


def build(assignment, language, target, checks_text, images):
    """Write the edition of an English assignment (an assignments.Assignment) into target
    (source/<name>_<language>/), replacing what was there.  checks_text: the cnn_checks.py
    text of an assignment folder (assets.checks_copy()); images: the course's images/ (the
    edition's figures are copied from there).  Returns the target."""
    english, translation = assignment.folder, translation_folder(assignment.folder, language)
    where = f"source/{assignment.name}/{translation.name}/*.md"
    nb = translate_notebook(notebooks.read(assignment.notebook), parse(texts(translation), where),
                            assignment.name, language, where)
    target = Path(target)
    if target.exists():
        shutil.rmtree(target)
    edition = edition_name(assignment.name, language)
    skip = {assignment.notebook.name, "assignment.toml", translation.name, "cnn_checks.py", "__pycache__"}
    shutil.copytree(english, target, ignore=lambda folder, names: [n for n in names if Path(folder) == english
                                                                   and n in skip or n == "__pycache__"])
    if language == "zh":
        shutil.copytree(FONTS, target / "fonts")
    if (translation / "files").is_dir():
        shutil.copytree(translation / "files", target, dirs_exist_ok=True)
    used = use_images(nb, language, images)
    if (target / "images").exists():
        shutil.rmtree(target / "images")
    if used:
        (target / "images").mkdir()
        for name in used:
            shutil.copy2(Path(images) / name, target / "images" / name)
    notebooks.write(nb, target / f"{edition}.ipynb")
    (target / "cnn_checks.py").write_text(checks_in(language, checks_text), encoding="utf-8")
    settings = (english / "assignment.toml").read_text(encoding="utf-8")
    (target / "assignment.toml").write_text(
        f"# GENERATED by `make release` from source/{assignment.name}/ and its edition_{language}/: edit those.\n"
        f'edition_of = "{assignment.name}"\nlanguage = "{LANGUAGES[language]}"\n' + settings, encoding="utf-8")
    return target


def skeleton(english_nb):
    """A cells.md to start a translation from: every markdown cell and every ungraded code cell
    with words on a figure, under its mark, in English."""
    parts = []
    for cell in english_nb.cells:
        words = cell.cell_type == "code" and not is_graded(cell) and re.search(
            r"title\(|xlabel|ylabel|suptitle|label=|\.text\(|legend", cell.source)
        if cell.cell_type == "markdown" or words:
            parts.append(f"<!-- cell {cell.get('id')} en {text_hash(cell.source)} -->\n{cell.source}\n")
    return "\n".join(parts)
