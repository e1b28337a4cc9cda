"""Grade each test cell outside the kernel: expected values never enter the student's process.

A test cell's hidden tests used to run in the notebook's kernel, next to the student's code:
the reference functions they define, the expected values they compute, their source (IPython
keeps every cell's source) were all reachable from the student's functions while they ran,
and code in the kernel could change what the checks concluded.  Now (execute.GuardedExecute):

1. The kernel runs the cell without its hidden blocks, except the ones marked KERNEL_MARK
   (imports, ``check.restore()`` and ``check.substitute(...)``: the correct versions of
   functions graded above, which the function under test calls).  Its output (the visible
   checks' printed values) is what the feedback shows, and an error there fails the cell.
2. The grading process runs the whole cell again, hidden blocks included, in a namespace of
   its own (``run_cell``): ``numpy`` and ``cnn_checks`` are its own trusted copies, functions
   of the assignment's helper modules come from source/, and every other name of the notebook
   is looked up in the kernel (``KernelNames``): a function becomes a stand-in that sends the
   arguments to the kernel, has the student's function called there (``cnn_checks.serve``) and
   returns what it returned, or raises what it raised; a value is copied from the kernel.
   The checks compare in this process; a failure is added to the cell as its first output.
3. The test cell's outputs are cleaned: an ``execute_result`` (nbgrader would read it as
   partial credit) is dropped, and stderr is shown as stdout (a warning printed by correct code
   costs nothing: the verdict is the checks').

The kernel never receives a hidden test's code, a reference or an expected value; the student
can still make their own function misbehave, which is their own grade.
"""

import builtins
import contextlib
import importlib.util
import io
import os
import symtable
import sys
from pathlib import Path

import numpy as np

HIDDEN_BEGIN, HIDDEN_END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
KERNEL_MARK = "# (in the kernel too:"
"""A hidden block whose first line starts with this runs in the kernel as well as outside it."""


def split_cell(source):
    """(the source the kernel runs, whether the cell has hidden blocks): hidden blocks are
    removed except those marked KERNEL_MARK."""
    kept, block, hidden = [], None, False
    for line in source.splitlines(keepends=True):
        stripped = line.strip()
        if stripped == HIDDEN_BEGIN:
            block, hidden = [line], True
            continue
        if block is not None:
            block.append(line)
            if stripped == HIDDEN_END:
                body = [b for b in block[1:-1] if b.strip()]
                if body and body[0].strip().startswith(KERNEL_MARK):
                    kept.extend(block)
                block = None
            continue
        kept.append(line)
    return "".join(kept), hidden


def free_names(source):
    """Names a cell reads but never binds itself (at its top level), builtins excluded: the
    names it takes from the notebook."""
    table = symtable.symtable(source, "<test cell>", "exec")
    bound = {s.get_name() for s in table.get_symbols() if s.is_assigned() or s.is_imported()}
    used = set()

    def walk(scope):
        for symbol in scope.get_symbols():
            if symbol.is_referenced() and (scope is table or symbol.is_global()):
                used.add(symbol.get_name())
        for child in scope.get_children():
            walk(child)

    walk(table)
    return sorted(used - bound - set(dir(builtins)))


class StudentError(Exception):
    """What the student's function raised in the kernel (subclasses take its type's name)."""

    where = ""


def student_exception(raised):
    """An exception like the one the kernel reported: NotImplementedError stays itself (the
    checks say "not implemented yet"); others get a class of the same name, so that messages
    read "raised TypeError: ..."."""
    message = str(raised.get("message", ""))
    if raised.get("type") == "NotImplementedError":
        error = NotImplementedError(message)
    else:
        name = str(raised.get("type", "Exception"))[:60] or "Exception"
        error = type(name, (StudentError,), {})(message)
    error.where = str(raised.get("where", ""))
    return error


def sync(mine, after, checks):
    """Make the grader's own argument values look like the kernel's after a call (a function
    that changes its inputs in place, as in-place Adam does, changes them here too)."""
    if type(mine) is np.ndarray:
        if type(after) is np.ndarray and after.shape == mine.shape and not np.array_equal(after, mine, equal_nan=True):
            if mine.flags.writeable:
                np.copyto(mine, after, casting="unsafe")
        return
    if type(mine) is dict and type(after) is dict:
        for key in list(mine):
            if key not in after:
                del mine[key]
        for key, value in after.items():
            if key in mine and type(mine[key]) in (np.ndarray, dict, list, tuple):
                sync(mine[key], value, checks)
            else:
                mine[key] = value
        return
    if type(mine) is list and type(after) is list:
        if len(mine) == len(after):
            for index, (item, value) in enumerate(zip(mine, after)):
                if type(item) in (np.ndarray, dict, list, tuple):
                    sync(item, value, checks)
                else:
                    mine[index] = value
        else:
            mine[:] = after
        return
    if type(mine) is tuple and type(after) is tuple and len(mine) == len(after):
        for item, value in zip(mine, after):
            sync(item, value, checks)


class KernelNames:
    """The notebook's names as the grader sees them: functions that run in the kernel, values
    copied from it.  `ask(request) -> answer` sends one request to cnn_checks.serve."""

    def __init__(self, ask, checks):
        self.ask, self.checks = ask, checks

    def describe(self, names):
        """({name: {"kind": "callable" | "value" | "missing", "value": ...}}, their arrays)."""
        answer = self.ask({"op": "describe", "names": list(names)}, {})
        return answer.get("names", {}), answer.get("_arrays", {})

    def function(self, name):
        checks = self.checks

        def in_the_kernel(*args, **kwargs):
            arrays = {}
            request = {"op": "call", "name": name, "args": checks.encode(list(args), arrays),
                       "kwargs": checks.encode(dict(kwargs), arrays)}
            answer = self.ask(request, arrays)
            given = [list(args), dict(kwargs)]
            arrays_back = answer.pop("_arrays", {})
            after = checks.decode(answer.get("after"), arrays_back)
            if type(after) is list and len(after) == 2:
                sync(given[0], after[0], checks)
                sync(given[1], after[1], checks)
            if "raised" in answer:
                raise student_exception(answer["raised"])
            return checks.decode(answer.get("returned"), arrays_back, given)

        in_the_kernel.__name__ = in_the_kernel.__qualname__ = name
        return in_the_kernel

    def value(self, name):
        names, arrays = self.describe([name])
        found = names.get(name, {"kind": "missing"})
        if found.get("kind") == "callable":
            return self.function(name)
        if found.get("kind") == "value":
            return self.checks.decode(found.get("value"), arrays)
        raise NameError(f"name '{name}' is not defined")


def load_module(path, name):
    """Import a trusted module from a file of the course, under a private name, compiled from
    its source: no __pycache__ is read (nothing stale) or written (make grade may run as root
    in the instructor's folder, which it leaves to its owner)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    exec(compile(Path(path).read_bytes(), str(path), "exec"), module.__dict__)
    return module


class Assignment:
    """The trusted modules of an assignment (its source/ folder), loaded once per grading run:
    cnn_checks and the helper modules (e.g. cnn_app_utils), as the test cells import them."""

    def __init__(self, folder):
        folder = self.folder = Path(folder).resolve()
        self.modules = {}
        for path in sorted(folder.glob("*.py")):
            self.modules[path.stem] = load_module(path, f"_cnn_trusted_{folder.name}_{path.stem}")
        self.checks = self.modules["cnn_checks"]
        self.helpers = {name: getattr(module, name) for stem, module in self.modules.items() if stem != "cnn_checks"
                        for name in dir(module) if not name.startswith("_")}

    @contextlib.contextmanager
    def imports(self):
        """While the cell runs, `import cnn_checks` (and the helper modules) give the trusted ones."""
        saved = {name: sys.modules.get(name) for name in self.modules}
        sys.modules.update(self.modules)
        try:
            yield
        finally:
            for name, module in saved.items():
                if module is None:
                    sys.modules.pop(name, None)
                else:
                    sys.modules[name] = module


def run_cell(source, assignment, kernel):
    """Run a whole test cell outside the kernel; return None if every check passed, else the
    message of the first failure (as the student will read it)."""
    checks = assignment.checks
    names = free_names(source)
    from_kernel = [name for name in names if name not in assignment.helpers and name not in ("np", "check")]
    namespace = {"__name__": "__test_cell__", "__builtins__": builtins, "np": np}
    for name in names:
        if name in assignment.helpers:
            namespace[name] = assignment.helpers[name]
    described, arrays = kernel.describe(from_kernel) if from_kernel else ({}, {})
    for name in from_kernel:
        found = described.get(name, {"kind": "missing"})
        if found.get("kind") == "callable":
            namespace[name] = kernel.function(name)
        elif found.get("kind") == "value":
            namespace[name] = checks.decode(found.get("value"), arrays)
    checks._REMOTE = kernel.value
    here = os.getcwd()
    try:
        # in the assignment's source folder: the files a test reads (data/...) are the course's
        os.chdir(assignment.folder)
        with assignment.imports(), contextlib.redirect_stdout(io.StringIO()), \
                contextlib.redirect_stderr(io.StringIO()):
            exec(compile(source, "<test cell, outside the kernel>", "exec"), namespace)
    except checks.CheckFailed as failure:
        return str(failure)
    except NameError as error:
        return f"{error}: run the cell that defines it first."
    except KernelGone as error:
        return str(error)
    except Exception as error:  # the test itself stopped: report it, it counts as a failure
        return f"{type(error).__name__}: {error}"
    finally:
        os.chdir(here)
        checks._REMOTE = None
        checks.end_substitutes()
    return None


class KernelGone(Exception):
    """The kernel did not answer (it died, or a call ran past the time limit)."""

