"""What the course knows about its assignments, read from their folders.

An assignment is a folder ``source/<name>/`` holding its notebook ``<name>.ipynb`` (prose,
solution cells, test cells with nbgrader metadata) and a small ``assignment.toml``:

    order = 1                        # the order students take the assignments in
    title = "..."
    [data]                           # files `make figures` writes: path -> function of assets.py
    "data/conv_forward_Z.npy" = "seed_conv_forward_Z"
    [tests]
    secrets = ["_reference", ...]    # hidden-test words no feedback page may show
    learner = ["conv_forward__...", ...]   # corpus cases of a learner with two wrong functions
    heavy = ["train_full", ...]      # ungraded cells the corpus courses leave out (slow)

Everything else is read from the notebook's nbgrader metadata: the graded functions and
their points (test cells, ``test_<function>``), the answer cells.  Nothing here names an
assignment: adding one is adding a folder (``assignment.toml`` is left out of the release,
nbgrader_config.py).
"""

import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from . import notebooks

SETTINGS = "assignment.toml"


@dataclass(frozen=True)
class Assignment:
    name: str
    folder: Path          # source/<name>/

    @property
    def notebook(self):
        """The instructor's notebook: source/<name>/<name>.ipynb."""
        return self.folder / f"{self.name}.ipynb"

    @cached_property
    def settings(self):
        return tomllib.loads((self.folder / SETTINGS).read_text(encoding="utf-8"))

    @property
    def order(self):
        return self.settings.get("order", 0)

    @property
    def title(self):
        return self.settings.get("title", self.name)

    @property
    def edition_of(self):
        """The English assignment this one is an edition of (cnn_course/editions.py), or None."""
        return self.settings.get("edition_of")

    @property
    def language(self):
        return self.settings.get("language", "en")

    @property
    def data(self):
        """{path inside the folder: name of the assets.py function that computes it}."""
        return dict(self.settings.get("data", {}))

    @property
    def secrets(self):
        """Words of the hidden tests that feedback must never show."""
        return list(self.settings.get("tests", {}).get("secrets", ["BEGIN HIDDEN TESTS"]))

    @property
    def learner(self):
        """Corpus cases (tests/corpus/<name>/wrong/) of a learner with two wrong functions."""
        return list(self.settings.get("tests", {}).get("learner", []))

    @property
    def heavy(self):
        """Ungraded cells that take most of the notebook's run time (left out of corpus courses)."""
        return set(self.settings.get("tests", {}).get("heavy", []))

    def source_nb(self):
        return notebooks.read(self.notebook)

    def points(self):
        """{test grade_id: points} of the graded test cells, in notebook order."""
        return notebooks.graded_cells(self.source_nb())

    def functions(self):
        """The answer cells' grade_ids (the functions students write), in notebook order."""
        return list(notebooks.solution_cells(self.source_nb()))

    def graded_functions(self):
        """{function: points} of the functions a test cell ``test_<function>`` grades."""
        return {grade_id.removeprefix("test_"): points for grade_id, points in self.points().items()}


def discover(root):
    """The assignments of the course at root: every source/<name>/ with an assignment.toml and
    a <name>.ipynb, in their `order`."""
    found = [Assignment(path.parent.name, path.parent) for path in Path(root, "source").glob(f"*/{SETTINGS}")
             if (path.parent / f"{path.parent.name}.ipynb").exists()]
    return sorted(found, key=lambda a: (a.order, a.edition_of is not None, a.name))


def english(root):
    """The assignments that are not an edition of another (the ones with their own text)."""
    return [assignment for assignment in discover(root) if assignment.edition_of is None]


def named(name, root):
    for assignment in discover(root):
        if assignment.name == name:
            return assignment
    raise KeyError(f"no assignment {name!r} in {Path(root, 'source')}/ (a folder with {SETTINGS} and {name}.ipynb)")
