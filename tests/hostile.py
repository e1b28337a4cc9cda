"""Hostile and broken submissions for tests/test_grading.py.

Each case is a function ``case(folder, base)`` that writes one submission into ``folder``
(an empty submitted/<student>/cnn_step_by_step/ folder) and returns what grading must give:

    {"scores": {grade_id: score, ...},   # exact scores of these test cells (others: anything)
     "total": total or None,             # exact total, if it is known
     "review": "words" or None,          # a reason containing these words must be listed
     "may_review": "words"}              # optional: the only reason that may be listed otherwise

``base`` gives the released notebook (``base.release``), a correct submission with any
functions replaced (``base.solved(conv_forward=code)``), and the released folder
(``base.release_dir``).  WRONG_CONV_FORWARD is a plausible wrong conv_forward (window end
taken from the stride): every attack below tries to get its 20 points back.
"""

import json
import shutil
from pathlib import Path

import nbformat

from cnn_course.assignments import named
from conftest import ASSIGNMENT, ROOT, notebooks

CORPUS = Path(__file__).parent / "corpus" / ASSIGNMENT
WRONG_CONV_FORWARD = (CORPUS / "wrong" / "conv_forward__window_end_from_stride.py").read_text()
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
FULL = named(ASSIGNMENT, ROOT).points()   # {test grade_id: points}, from the notebook's metadata
CASES = {}


def case(function):
    CASES[function.__name__] = function
    return function


def index_of(nb, grade_id):
    return next(i for i, cell in enumerate(nb.cells) if notebooks.nbgrader_metadata(cell).get("grade_id") == grade_id)


def save(folder, nb, base, name=NOTEBOOK):
    """Write a submission as `nbgrader collect` leaves it: the released folder, the student's
    notebook, and the exchange's timestamp.txt and submission_secret.txt (which are no reason
    for a review)."""
    shutil.copytree(base.release_dir, folder, dirs_exist_ok=True)
    (folder / NOTEBOOK).unlink()
    notebooks.write(nb, folder / name)
    (folder / "timestamp.txt").write_text("2026-11-20 09:30:00.000000 UTC")
    (folder / "submission_secret.txt").write_text(f"{folder.parent.name}-secret")


def with_cell(nb, after, code):
    """Insert a plain code cell after the cell with grade_id `after`."""
    nb.cells.insert(index_of(nb, after) + 1, nbformat.v4.new_code_cell(code))
    return nb


def lost_conv_forward(review=None):
    return {"scores": {"test_conv_forward": 0}, "total": 80, "review": review}


# ----------------------------------------------------------------------------- controls

@case
def control_correct(folder, base):
    save(folder, base.solved(), base)
    return {"scores": FULL, "total": 100, "review": None}


@case
def control_wrong_conv_forward(folder, base):
    save(folder, base.solved(conv_forward=WRONG_CONV_FORWARD), base)
    return lost_conv_forward()


# ----------------------------------------------------------------- edited nbgrader cells

@case
def edited_locked_test_cell(folder, base):
    nb = base.solved(conv_forward=WRONG_CONV_FORWARD)
    nb.cells[index_of(nb, "test_conv_forward")].source = 'print("conv_forward: all tests passed.")'
    save(folder, nb, base)
    return lost_conv_forward("edited locked cell test_conv_forward")


@case
def deleted_test_cell(folder, base):
    nb = base.solved(conv_forward=WRONG_CONV_FORWARD)
    del nb.cells[index_of(nb, "test_conv_forward")]
    save(folder, nb, base)
    return lost_conv_forward("deleted cell test_conv_forward")


@case
def changed_points(folder, base):
    nb = base.solved()
    nb.cells[index_of(nb, "test_zero_pad")].metadata.nbgrader["points"] = 60
    save(folder, nb, base)
    return {"scores": FULL, "total": 100, "review": "changed the points of test_zero_pad"}


@case
def changed_grade_id(folder, base):
    nb = base.solved(conv_forward=WRONG_CONV_FORWARD)
    cell = nb.cells[index_of(nb, "test_conv_forward")]
    cell.metadata.nbgrader["grade_id"] = "test_conv_forward_v2"
    cell.source = 'print("conv_forward: all tests passed.")'
    save(folder, nb, base)
    return lost_conv_forward("deleted cell test_conv_forward")


@case
def duplicated_test_cell(folder, base):
    nb = base.solved(conv_forward=WRONG_CONV_FORWARD)
    copy = nbformat.from_dict(nb.cells[index_of(nb, "test_conv_forward")])
    copy.source, copy.id = 'print("conv_forward: all tests passed.")', "pasted-copy"
    nb.cells.insert(index_of(nb, "test_conv_forward"), copy)
    save(folder, nb, base)
    return lost_conv_forward("2 cells with grade_id test_conv_forward")


@case
def added_fake_test_cell(folder, base):
    nb = base.solved(conv_forward=WRONG_CONV_FORWARD)
    fake = nbformat.v4.new_code_cell('print("bonus: all tests passed.")')
    fake.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True, "points": 40,
                                 "grade_id": "test_bonus", "schema_version": 3, "task": False}
    nb.cells.append(fake)
    save(folder, nb, base)
    result = lost_conv_forward("added a test cell test_bonus")
    result["scores"] = {**result["scores"], "test_bonus": None}   # must not exist
    return result


# --------------------------------------------------------------- tricks inside the kernel

@case
def monkeypatched_numpy(folder, base):
    code = WRONG_CONV_FORWARD + '''
always = lambda *args, **kwargs: True
np.isclose = lambda a, b, *args, **kwargs: np.ones(np.broadcast(np.asarray(a), np.asarray(b)).shape, bool)
np.allclose = np.array_equal = np.array_equiv = always
np.testing.assert_allclose = np.testing.assert_array_equal = np.testing.assert_almost_equal = lambda *a, **k: None
np.any = lambda *args, **kwargs: False
'''
    save(folder, base.solved(conv_forward=code), base)
    return lost_conv_forward()


@case
def monkeypatched_builtins(folder, base):
    code = WRONG_CONV_FORWARD + '''
import builtins
_isinstance = builtins.isinstance
builtins.isinstance = lambda obj, kind: True if kind is np.ndarray or kind is tuple else _isinstance(obj, kind)
builtins.AssertionError = type("NotAnError", (Exception,), {})
builtins.float = lambda value=0.0: -6.999089450680221
'''
    save(folder, base.solved(conv_forward=code), base)
    return lost_conv_forward()


@case
def object_faking_equality(folder, base):
    code = WRONG_CONV_FORWARD.replace("def conv_forward(", "def _wrong_conv_forward(") + '''
class Anything(np.ndarray):
    """An array that says it equals everything and passes any numpy function through."""
    def __eq__(self, other): return np.ones(np.shape(other), bool)
    def __ne__(self, other): return np.zeros(np.shape(other), bool)
    def __array_function__(self, func, types, args, kwargs): return True
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return np.zeros(np.broadcast(*[np.asarray(i) for i in inputs]).shape)

def conv_forward(A_prev, W, b, hparameters):
    Z, cache = _wrong_conv_forward(A_prev, W, b, hparameters)
    return Z.view(Anything), cache
'''
    single = '''
class Number(float):
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __sub__(self, other): return 0.0
    def __float__(self): return 0.0

def conv_single_step(a_slice_prev, W, b):
    return Number(1.0)
'''
    save(folder, base.solved(conv_forward=code, conv_single_step=single), base)
    return {"scores": {"test_conv_forward": 0, "test_conv_single_step": 0}, "total": 70, "review": None}


@case
def input_transformer(folder, base):
    code = WRONG_CONV_FORWARD + '''
def _pass_every_test(lines):
    text = "".join(lines)
    if "check." in text:
        return ['print("all tests passed.")\\n']
    return lines

ip = get_ipython()
ip.input_transformers_cleanup.append(_pass_every_test)
ip.input_transformers_post.append(_pass_every_test)
try:
    ip.input_transformers_post = [_pass_every_test]
except Exception:
    pass
'''
    save(folder, base.solved(conv_forward=code), base)
    return lost_conv_forward()


# ------------------------------------------- borrowing what the tests know (graded outside)

HIDDEN_MARKERS = ("_conv_reference", "default_rng(303)")
"""Text found only in conv_forward's hidden tests: it must reach neither the kernel nor feedback."""

SUBTLY_WRONG = (CORPUS / "right" / "conv_forward__loops_other_order.py").read_text().replace(
    "def conv_forward(", "def _right_conv_forward(") + """

def conv_forward(A_prev, W, b, hparameters):
    # right on the visible tests; wrong on float32 inputs, which only the hidden tests try
    Z, cache = _right_conv_forward(A_prev, W, b, hparameters)
    return (Z * 0 if A_prev.dtype == np.float32 else Z), cache
"""
"""A conv_forward that passes every visible check and fails a hidden case: the attacks on the
checks below try to get its 20 points back (with the hidden tests in the kernel, they did)."""

BORROWER = SUBTLY_WRONG.replace("def conv_forward(", "def _my_conv_forward(") + """
import gc, linecache, sys, types

def _borrow(A_prev, W, b, hparameters):
    # Anything in this process that could give the answer: functions and arrays in the
    # notebook's globals, in every calling frame (and the code objects of those frames), in the
    # garbage collector's objects, and the hidden tests' source through linecache.
    stride, pad = hparameters["stride"], hparameters["pad"]
    shape = (A_prev.shape[0], (A_prev.shape[1] + 2 * pad - W.shape[0]) // stride + 1,
             (A_prev.shape[2] + 2 * pad - W.shape[1]) // stride + 1, W.shape[3])
    candidates = list(globals().values())
    frame = sys._getframe(1)
    while frame is not None:
        candidates += list(frame.f_globals.values()) + list(frame.f_locals.values())
        candidates += [types.FunctionType(c, frame.f_globals) for c in frame.f_code.co_consts
                       if isinstance(c, types.CodeType)]
        frame = frame.f_back
    candidates += [o for o in gc.get_objects() if isinstance(o, types.FunctionType)]
    for found in candidates:
        if isinstance(found, np.ndarray) and found.shape == shape:
            return found                                  # an expected value computed before the call
        name = getattr(found, "__name__", "")
        if callable(found) and "conv" in name.lower() and name not in ("conv_forward", "_my_conv_forward", "_borrow"):
            for args in [(A_prev, W, b, stride, pad), (A_prev, W, b, hparameters)]:
                try:
                    out = found(*args)
                    out = out[0] if isinstance(out, tuple) else out
                    if isinstance(out, np.ndarray) and out.shape == shape:
                        return out
                except Exception:
                    pass
    for entry in list(linecache.cache.values()):
        text = "".join(entry[2]) if isinstance(entry, tuple) and len(entry) > 2 else ""
        if "def _conv_reference" in text:
            namespace = {"np": np}
            exec(text[text.index("from numpy.lib"):text.index("rng = np.random")], namespace)
            return namespace["_conv_reference"](A_prev, W, b, stride, pad)
    return None

def conv_forward(A_prev, W, b, hparameters):
    Z, cache = _my_conv_forward(A_prev, W, b, hparameters)
    borrowed = _borrow(A_prev, W, b, hparameters)
    return (borrowed if borrowed is not None else Z), cache
"""


@case
def subtly_wrong(folder, base):
    """The control for the attacks below: without tricks, it loses conv_forward's points."""
    save(folder, base.solved(conv_forward=SUBTLY_WRONG), base)
    return lost_conv_forward()


@case
def borrows_the_hidden_reference(folder, base):
    """What got 100/100 when the hidden tests ran in the kernel: a wrong conv_forward that
    returns whatever answer it can find in the process."""
    save(folder, base.solved(conv_forward=BORROWER), base)
    return lost_conv_forward()


@case
def leaks_frames_into_its_error(folder, base):
    """An exception whose text carries every calling frame's variables and source."""
    leaker = """
import inspect, sys
def conv_forward(A_prev, W, b, hparameters):
    parts, frame = [], sys._getframe(1)
    while frame is not None:
        parts.append(repr({k: v for k, v in frame.f_locals.items() if not k.startswith("__")})[:5000])
        try:
            parts.append(inspect.getsource(frame.f_code)[:5000])
        except Exception:
            pass
        frame = frame.f_back
    raise ValueError("LEAK " + " | ".join(parts))
"""
    save(folder, base.solved(conv_forward=leaker), base)
    return lost_conv_forward()


LENIENT = """
import types
def _lenient(real):
    def checked(*args, fn="", **kwargs):
        return None if fn == "conv_forward" else real(*args, fn=fn, **kwargs)
    return checked
"""


@case
def rebinds_the_checks(folder, base):
    code = LENIENT + """
import cnn_checks
for _name in ["array", "number", "same_cache", "unchanged", "expect"]:
    setattr(cnn_checks, _name, _lenient(getattr(cnn_checks, _name)))
"""
    save(folder, with_cell(base.solved(conv_forward=SUBTLY_WRONG), "packages", code), base)
    return lost_conv_forward()


@case
def replaces_the_checks_module(folder, base):
    code = LENIENT + """
import sys, cnn_checks
_fake = types.ModuleType("cnn_checks")
_fake.__dict__.update({k: v for k, v in vars(cnn_checks).items() if not k.startswith("__")})
for _name in ["array", "number", "same_cache", "unchanged", "expect"]:
    setattr(_fake, _name, _lenient(getattr(cnn_checks, _name)))
sys.modules["cnn_checks"] = _fake
import builtins
_real_import = builtins.__import__
def _import(name, *args, **kwargs):
    return _fake if name == "cnn_checks" else _real_import(name, *args, **kwargs)
builtins.__import__ = _import
"""
    save(folder, with_cell(base.solved(conv_forward=SUBTLY_WRONG), "packages", code), base)
    return lost_conv_forward()


@case
def swaps_the_code_of_the_checks(folder, base):
    code = """
import gc, types
def _nothing(*args, **kwargs):
    return None
for _f in gc.get_objects():
    if isinstance(_f, types.FunctionType) and _f.__module__ == "cnn_checks" \\
            and _f.__name__ in ("array", "number", "same_cache", "unchanged", "expect", "_fail"):
        _f.__code__ = _nothing.__code__
"""
    save(folder, with_cell(base.solved(conv_forward=SUBTLY_WRONG), "packages", code), base)
    return lost_conv_forward()


@case
def swallows_failures(folder, base):
    code = """
ip = get_ipython()
ip.set_custom_exc((BaseException,), lambda shell, etype, evalue, tb, tb_offset=None: None)
"""
    save(folder, with_cell(base.solved(conv_forward=SUBTLY_WRONG), "packages", code), base)
    return lost_conv_forward()


@case
def clears_failed_outputs(folder, base):
    code = """
from IPython.display import clear_output
def _after(result):
    if result.error_in_exec is not None:
        clear_output()
        print("all tests passed.")
get_ipython().events.register("post_run_cell", _after)
"""
    save(folder, with_cell(base.solved(conv_forward=SUBTLY_WRONG), "packages", code), base)
    return lost_conv_forward()


@case
def claims_partial_credit(folder, base):
    """nbgrader reads a test cell's execute_result as its score."""
    code = """
def _before(info):
    get_ipython().displayhook(20)
get_ipython().events.register("pre_run_cell", _before)
"""
    save(folder, with_cell(base.solved(conv_forward=SUBTLY_WRONG), "packages", code), base)
    return lost_conv_forward()


PASS_EVERYTHING = """
def _pass_every_test(lines):
    text = "".join(lines)
    return ['print("all tests passed.")\\n'] if "check." in text else lines
ip = get_ipython()
"""


@case
def bypasses_the_guard_through_the_manager(folder, base):
    code = PASS_EVERYTHING + "ip.input_transformer_manager.cleanup_transforms = [_pass_every_test]\n"
    save(folder, with_cell(base.solved(conv_forward=SUBTLY_WRONG), "packages", code), base)
    return lost_conv_forward()


@case
def bypasses_the_guard_by_its_class(folder, base):
    code = PASS_EVERYTHING + """
ip.__class__ = type(ip).__mro__[1]
ip.input_transformers_post = [_pass_every_test]
type(ip).transform_cell = lambda self, cell: 'print("all tests passed.")' if "check." in cell else cell
"""
    save(folder, with_cell(base.solved(conv_forward=SUBTLY_WRONG), "packages", code), base)
    return lost_conv_forward()


@case
def prints_the_input_history(folder, base):
    """The kernel's history holds every cell it ran: the hidden tests must not be among them."""
    nb = base.solved()
    nb.cells.append(nbformat.v4.new_code_cell("print(In)\nprint(_ih)\nimport linecache\n"
                                              "print([''.join(e[2]) for e in linecache.cache.values() if len(e) > 2])"))
    nb = with_cell(nb, "packages", """
def _echo(info):
    print("ECHO", info.raw_cell)
get_ipython().events.register("pre_run_cell", _echo)
""")
    save(folder, nb, base)
    return {"scores": FULL, "total": 100, "review": None}


# ------------------------------------------------------------------------- the file system

@case
def reads_hidden_tests(folder, base):
    nb = with_cell(base.solved(conv_forward=WRONG_CONV_FORWARD), "packages", '''
import glob, os
found = []
for pattern in ["../../../source/*/*.ipynb", "../../../gradebook.db", "../../*/*/*.ipynb", "/tmp/**/*.ipynb",
                "%s/source/*/*.ipynb", "/work/*/source/*/*.ipynb", "/root/**/source/*/*.ipynb", "/home/*/*/source/*/*.ipynb",
                "/srv/**/*.ipynb"]:''' % ROOT + '''
    for path in glob.glob(pattern, recursive=True):
        try:
            found.append((path, open(path, errors="replace").read()[:100000]))
        except OSError as error:
            found.append((path, repr(error)))
print("FOUND", len(found))
for path, text in found:
    print(path, "BEGIN HIDDEN TESTS" in text)
''')
    save(folder, nb, base)
    return lost_conv_forward()


@case
def writes_outside_its_folder(folder, base):
    nb = with_cell(base.solved(conv_forward=WRONG_CONV_FORWARD), "packages", '''
import os, shutil, sqlite3
attempts = {
    "source": lambda: open("../../../source/cnn_step_by_step/PWNED", "w").write("x"),
    "config": lambda: open("../../../nbgrader_config.py", "a").write("\\nc.Execute.timeout = 1\\n"),
    "other student": lambda: shutil.rmtree("../../control_correct"),
    "gradebook": lambda: sqlite3.connect("../../../gradebook.db").execute("UPDATE grade SET auto_score = max_score"),
    "instructor home": lambda: open("/root/PWNED", "w").write("x"),
}
for name, attempt in attempts.items():
    try:
        attempt()
        print(name, "WRITTEN")
    except Exception as error:
        print(name, "blocked:", type(error).__name__)
''')
    save(folder, nb, base)
    return lost_conv_forward()


# -------------------------------------------------------------- exits, loops and floods

@case
def os_exit(folder, base):
    save(folder, with_cell(base.solved(), "test_pool_forward", "import os\nos._exit(0)"), base)
    return {"scores": {}, "total": 0, "review": "kernel"}


@case
def system_exit(folder, base):
    save(folder, with_cell(base.solved(), "test_zero_pad", 'raise SystemExit("bye")'), base)
    return {"scores": FULL, "total": 100, "review": None}


@case
def keyboard_interrupt(folder, base):
    save(folder, with_cell(base.solved(), "test_zero_pad", "raise KeyboardInterrupt"), base)
    return {"scores": FULL, "total": 100, "review": None}


@case
def infinite_loop(folder, base):
    save(folder, with_cell(base.solved(), "test_zero_pad", "while True:\n    pass"), base)
    return {"scores": FULL, "total": 100, "review": "time limit", "cell": "(below test_zero_pad): while True:"}


@case
def infinite_loop_swallowing_interrupts(folder, base):
    code = "import time\nwhile True:\n    try:\n        time.sleep(0.05)\n    except BaseException:\n        pass"
    save(folder, with_cell(base.solved(), "test_zero_pad", code), base)
    return {"scores": {}, "total": 0, "review": "kernel"}


@case
def memory_bomb(folder, base):
    code = "hog = []\nwhile True:\n    hog.append(np.ones(10**8))"
    save(folder, with_cell(base.solved(), "test_zero_pad", code + "\n"), base)
    # filling 6 GiB may take longer than the cell's time limit on a loaded machine
    return {"scores": FULL, "total": 100, "review": None, "may_review": "time limit"}


@case
def million_lines_of_output(folder, base):
    save(folder, with_cell(base.solved(), "test_zero_pad", "for i in range(10**6):\n    print(i)"), base)
    # a million lines may take longer than the tests' 10 s cell limit on a loaded machine
    return {"scores": FULL, "total": 100, "review": None, "may_review": "time limit"}


@case
def correct_code_that_warns(folder, base):
    single = '''
import warnings
def conv_single_step(a_slice_prev, W, b):
    warnings.warn("a friendly warning from my code", UserWarning)
    np.float64(1.0) / np.float64(0.0)          # RuntimeWarning: divide by zero
    return np.sum(a_slice_prev * W) + b.item()
'''
    save(folder, base.solved(conv_single_step=single), base)
    return {"scores": FULL, "total": 100, "review": None}


@case
def correct_code_that_logs(folder, base):
    """Writes to stderr through logging and sys.__stderr__: it used to cost the test cell its
    points in nbgrader (not in the self-check); the verdict is the checks' now.  (It logs once
    per padding, not once per window: a line per window makes conv_forward thousands of times
    slower, the visual cells run past their time limit, and that is rightly listed for review.)"""
    pad = """
import logging, sys
def zero_pad(X, pad):
    logging.getLogger("my_code").warning("padding %s by %d", X.shape, pad)
    print("debug line", file=sys.__stderr__)
    print("another debug line", file=sys.stderr)
    return np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
"""
    save(folder, base.solved(zero_pad=pad), base)
    return {"scores": FULL, "total": 100, "review": None}


@case
def floods_the_worker_with_images(folder, base):
    """About 150 MB of displayed images: the grading worker keeps 50 MB of a notebook's outputs."""
    code = """
import base64, os
from IPython.display import display
picture = {"image/png": base64.b64encode(os.urandom(750_000)).decode()}
for _ in range(150):
    display(picture, raw=True)
print("FLOOD done")
"""
    save(folder, with_cell(base.solved(), "test_zero_pad", code), base)
    return {"scores": FULL, "total": 100, "review": None}


# ---------------------------------------------------- harming the students graded beside it

@case
def fake_lines_in_the_workers_log(folder, base):
    """Kernels once shared the grading worker's stderr (its log, read for failure reasons)."""
    code = """
import os, sys
for line in ["[AutogradeApp | ERROR] Kernel died", "Traceback (most recent call last): DeadKernelError"]:
    os.write(2, (line + "\\n").encode())
    print(line, file=sys.__stderr__, flush=True)
"""
    save(folder, with_cell(base.solved(), "test_zero_pad", code), base)
    return {"scores": FULL, "total": 100, "review": None}


@case
def fills_its_disk(folder, base):
    """Writes files of 60 MiB (under the file-size limit) until the disk is full: only its own
    tmpfs (256 MiB) fills; the grading machine's disk is never reached."""
    code = """
import os, tempfile
written = 0
for n in range(100):
    try:
        with open(os.path.join(tempfile.gettempdir(), f"fill{n}"), "wb") as out:
            for _ in range(60):
                out.write(b"\\0" * 2 ** 20)
                written += 1
    except OSError as error:
        print("DISK FULL after", written, "MiB:", type(error).__name__)
        break
for n in range(100):
    try:
        os.remove(os.path.join(tempfile.gettempdir(), f"fill{n}"))
    except OSError:
        pass
"""
    save(folder, with_cell(base.solved(), "test_zero_pad", code), base)
    return {"scores": FULL, "total": 100, "review": None}


@case
def deep_tree_in_its_sockets_folder(folder, base):
    """A tree deeper than Python's recursion limit, where the grading worker cleans up."""
    code = """
import json, os
from ipykernel.connect import get_connection_file
here = os.getcwd()
try:
    os.chdir(os.path.dirname(json.load(open(get_connection_file()))["ip"]))
    for _ in range(3000):
        os.mkdir("d")
        os.chdir("d")
    print("DEEP TREE made")
except OSError as error:
    print("deep tree stopped:", type(error).__name__)
finally:
    os.chdir(here)
"""
    save(folder, with_cell(base.solved(), "test_zero_pad", code), base)
    return {"scores": FULL, "total": 100, "review": None}


@case
def symlinks_in_the_submission(folder, base):
    """Links to the course's source (the hidden tests), to nowhere, and where make grade once
    wrote a copy of the notebook as root: none is followed, read or written through."""
    nb = with_cell(base.solved(conv_forward=WRONG_CONV_FORWARD), "packages", """
for name in ["data/answers.ipynb", "dangling.py"]:
    try:
        print(name, "READ", len(open(name).read()))
    except OSError as error:
        print(name, "blocked:", type(error).__name__)
""")
    save(folder, nb, base)
    (folder / "data" / "answers.ipynb").symlink_to(folder.parents[2] / "source" / ASSIGNMENT / NOTEBOOK)
    (folder / "dangling.py").symlink_to("/nonexistent/dangling.py")
    (folder / f".{NOTEBOOK}.original").symlink_to(f"/tmp/cnn-pwned-{folder.parent.name}")
    return lost_conv_forward("symbolic links")


# ----------------------------------------------------------------- broken submissions

@case
def pathological_markdown(folder, base):
    """A megabyte of markdown on which nbconvert's math parser takes hours (time grows with the
    square of the length): the feedback of the class must still be written."""
    nb = base.solved()
    nb.cells.append(nbformat.v4.new_markdown_cell("\\begin{a}" * 120_000))
    save(folder, nb, base)
    return {"scores": FULL, "total": 100, "review": None}


@case
def malformed_nbgrader_metadata(folder, base):
    """nbgrader metadata a string, a grade_id that is a list, a cell whose metadata is a list:
    repaired (nbgrader restores its own cells), listed, and graded."""
    nb = base.solved(conv_forward=WRONG_CONV_FORWARD)
    zero_pad, single_step = index_of(nb, "test_zero_pad"), index_of(nb, "test_conv_single_step")
    nb.cells[zero_pad].metadata["nbgrader"] = "grade me"
    nb.cells[single_step].metadata.nbgrader["grade_id"] = ["test_conv_single_step"]
    save(folder, nb, base)
    text = json.loads((folder / NOTEBOOK).read_text())
    markdown = next(i for i, cell in enumerate(text["cells"]) if cell["cell_type"] == "markdown")
    text["cells"][markdown]["metadata"] = ["not", "a", "mapping"]
    (folder / NOTEBOOK).write_text(json.dumps(text))
    return lost_conv_forward("malformed cell metadata")


@case
def deeply_nested_json(folder, base):
    save(folder, base.solved(), base)
    (folder / NOTEBOOK).write_text('{"cells": ' + "[" * 100_000 + "]" * 100_000 + "}")
    return {"scores": {}, "total": 0, "review": "not a valid notebook"}


@case
def notebook_name_is_a_folder(folder, base):
    save(folder, base.solved(), base, name="My Assignment.ipynb")
    (folder / NOTEBOOK).mkdir()
    (folder / NOTEBOOK / "x.txt").write_text("a folder, not a notebook\n")
    return {"scores": FULL, "total": 100, "review": "is a folder"}


@case
def invalid_json(folder, base):
    save(folder, base.solved(), base)
    (folder / NOTEBOOK).write_text('{"cells": [ this is not json')
    return {"scores": {}, "total": 0, "review": "invalid JSON"}


@case
def old_nbformat(folder, base):
    save(folder, base.solved(), base)
    v3 = nbformat.convert(base.solved(), 3)
    (folder / NOTEBOOK).write_text(json.dumps(v3))
    return {"scores": FULL, "total": 100, "review": "old nbformat 3"}


@case
def wrong_file_name(folder, base):
    save(folder, base.solved(), base, name="My Assignment (1).ipynb")
    return {"scores": FULL, "total": 100, "review": "notebook named My Assignment (1).ipynb"}


@case
def no_notebook(folder, base):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "README.txt").write_text("I could not upload my notebook, sorry.\n")
    return {"scores": {}, "total": 0, "review": "no notebook"}


@case
def numpy_py_beside_the_notebook(folder, base):
    save(folder, base.solved(conv_forward=WRONG_CONV_FORWARD), base)
    (folder / "numpy.py").write_text('raise SystemExit("a fake numpy was imported")\n')
    (folder / "cnn_checks.py").write_text("def array(*a, **k): pass\ndef number(*a, **k): pass\n"
                                          "def call(f, *a, fn=None, case=None, returns=None, hint=None, **k):\n"
                                          "    return f(*a, **k)\n")
    return lost_conv_forward("extra files")
