"""Every message a learner can read, as the catalogue of cnn_checks needs it (issue 15).

The checks module (cnn_course/student/cnn_checks.py) and the test cells write their messages in
English; the Chinese editions show them through the module's catalogue ``_ZH`` {English:
Chinese}.  This module finds the messages in the code, so that a test can fail when one has no
Chinese: the problems and hints given to ``_fail`` and to the checks (``hint=``, ``problem=``,
``mistakes=[(..., hint)]``), the hint tables and hint functions of the module, and what the
self-study functions print.  An f-string becomes a template: each ``{expression}`` becomes
``{name}``, the expression's text with every non-word run replaced by ``_`` (``{type(error).
__name__}`` -> ``{type_error___name__}``); the catalogue's Chinese keeps the same names.

    python -m cnn_course messages           # the English templates, one per line
    python -m cnn_course messages --missing # those the catalogue lacks
"""

import ast
import re
from pathlib import Path

from . import testcells

CHECKS = Path(__file__).with_name("student") / "cnn_checks.py"
MESSAGE_KEYWORDS = {"hint", "problem"}


def placeholder(node):
    """The {name} of an f-string's expression."""
    return re.sub(r"\W+", "_", ast.unparse(node)).strip("_") or "value"


def templates(node, names):
    """The message texts an expression can be ([] if not a message): strings, f-strings, their
    concatenations, either side of `or` / `if else`, and names bound to such expressions
    (names: {name: [expressions]} of the module or cell)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value] if node.value else []
    if isinstance(node, ast.JoinedStr):
        text = "".join(part.value if isinstance(part, ast.Constant) else "{" + placeholder(part.value) + "}"
                       for part in node.values)
        return [text]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = templates(node.left, names), templates(node.right, names)
        if not left or not right:   # a message + something else: a placeholder for the rest
            left = left or ["{" + placeholder(node.left) + "}"]
            right = right or ["{" + placeholder(node.right) + "}"]
        return [a + b for a in left for b in right]
    if isinstance(node, ast.BoolOp):
        return [t for value in node.values for t in templates(value, names)]
    if isinstance(node, ast.IfExp):
        return templates(node.body, names) + templates(node.orelse, names)
    if isinstance(node, ast.Name) and node.id in names:
        return [t for value in names.pop(node.id) for t in templates(value, names)]
    return []


def _bindings(tree):
    names = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            names.setdefault(node.targets[0].id, []).append(node.value)
    return names


def _call_name(call):
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _from_calls(tree, names, functions, positions):
    """Message templates in calls to the given functions: keyword hint/problem, the given
    positional arguments, the hints of mistakes=[(result, hint)], the lines of details=[...]."""
    found = []
    for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call) and _call_name(n) in functions):
        arguments = [arg for k, arg in enumerate(call.args) if k in positions.get(_call_name(call), ())]
        for keyword in call.keywords:
            if keyword.arg in MESSAGE_KEYWORDS:
                arguments.append(keyword.value)
            elif keyword.arg in ("mistakes", "details") and isinstance(keyword.value, (ast.List, ast.Tuple)):
                for item in keyword.value.elts:
                    arguments.append(item.elts[-1] if isinstance(item, ast.Tuple) else item)
        if _call_name(call) == "_fail" and len(call.args) > 4 and isinstance(call.args[4], (ast.List, ast.Tuple)):
            arguments.extend(call.args[4].elts)
        for argument in arguments:
            found += templates(argument, dict(names))
    return found


def of_checks(path=CHECKS):
    """The templates of the checks module: what _fail, _NotFound and the self-study prints say,
    the hint tables (module constants and dict values) and the hint functions' returns."""
    tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    names = _bindings(tree)
    found = _from_calls(tree, names, {"_fail", "_t", "_NotFound", "expect"}, {"_fail": (1, 3), "_t": (0,),
                                                                               "_NotFound": (0,)})
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name) and node.targets[0].id.isupper() \
                and node.targets[0].id.startswith("_") and node.targets[0].id != "_ZH":   # not the catalogue itself
            values = node.value.values if isinstance(node.value, ast.Dict) else [node.value]
            for value in values:
                found += [t for t in templates(value, {}) if " " in t]
    for function in (n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.endswith("_hint")):
        inner = _bindings(function)
        for node in ast.walk(function):
            if isinstance(node, ast.Return) and node.value is not None:
                found += templates(node.value, dict(inner))
    for function in (n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "tokens"):
        for node in ast.walk(function):
            if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "hint":
                found += templates(node.value, {})
    return _unique(t for t in found if t.strip() and t != "{" + "hint" + "}")


def _from_loops(tree, names):
    """Hints given case by case: `for ..., hint in [(..., "hint"), ...]` (the element of each
    tuple at the position of a target named hint or problem)."""
    found = []
    for loop in (n for n in ast.walk(tree) if isinstance(n, (ast.For, ast.comprehension))):
        if not isinstance(loop.target, ast.Tuple) or not isinstance(loop.iter, (ast.List, ast.Tuple)):
            continue
        positions = [k for k, target in enumerate(loop.target.elts)
                     if isinstance(target, ast.Name) and target.id in MESSAGE_KEYWORDS]
        for item in loop.iter.elts:
            if isinstance(item, ast.Tuple) and len(item.elts) == len(loop.target.elts):
                for k in positions:
                    found += templates(item.elts[k], dict(names))
    return found


def of_test_cells(folder):
    """The templates of an assignment's test cells (source/<name>/test_cells/*.py)."""
    found = []
    for text in testcells.rendered(folder).values():
        tree = ast.parse(text)
        names = _bindings(tree)
        found += _from_calls(tree, names, {"array", "number", "call", "expect", "tokens", "same_shape",
                                           "prerequisite", "unchanged", "same_cache"}, {})
        found += _from_loops(tree, names)
    return _unique(found)


def _unique(texts):
    return list(dict.fromkeys(t for t in texts if re.search(r"[A-Za-z]{2}", _PLACEHOLDERS.sub("", t))))


_PLACEHOLDERS = re.compile(r"\{\w+\}")


def every(root):
    """Every message template of the checks module and of every English assignment's test cells."""
    from .assignments import discover

    found = of_checks()
    for assignment in discover(root):
        if not assignment.settings.get("edition_of"):
            found += of_test_cells(assignment.folder)
    return _unique(found)


def missing(match, texts):
    """The texts the catalogue gives no Chinese for; match: the checks module's _zh_match (the
    very lookup its messages go through)."""
    return [text for text in texts if match(text) is None]
