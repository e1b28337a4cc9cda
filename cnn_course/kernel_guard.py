"""Run inside every grading kernel before any notebook cell (sandbox.py loads it with
``--IPKernelApp.exec_lines``): stop student code from rewriting the cells that follow.

IPython lets code register *input transformers* and *AST transformers* that rewrite every
later cell before it runs, so a submission could turn the test cells into ``pass``.  This
guard empties and freezes those hooks: the transformer lists ignore additions, and the
shell refuses to have them, or the methods that run and transform cells, replaced.  It is
a speed bump inside a process the student's code shares, not a wall; the wall is the OS
sandbox and the fact that grades come from nbgrader outside the kernel.
"""

from IPython import get_ipython


class _FrozenList(list):
    """A list that keeps its items and silently ignores every change."""

    def _ignore(self, *args, **kwargs):
        return None

    append = extend = insert = remove = pop = clear = sort = reverse = _ignore
    __setitem__ = __delitem__ = _ignore

    def __iadd__(self, other):
        return self


PROTECTED = {"input_transformers_post", "ast_transformers", "input_transformer_manager", "transform_cell",
             "transform_ast", "run_cell", "run_cell_async", "run_ast_nodes", "run_code", "should_run_async"}


def install(shell):
    manager = shell.input_transformer_manager
    for name in ("cleanup_transforms", "line_transforms", "token_transformers"):
        setattr(manager, name, _FrozenList(getattr(manager, name)))
    frozen_post, frozen_ast = _FrozenList(shell.input_transformers_post), _FrozenList(shell.ast_transformers)
    base = type(shell)

    class GuardedShell(base):
        input_transformers_post = property(lambda self: frozen_post, lambda self, value: None)
        ast_transformers = property(lambda self: frozen_ast, lambda self, value: None)

        def __setattr__(self, name, value):
            if name in PROTECTED:
                return
            super().__setattr__(name, value)

    GuardedShell.__name__ = base.__name__
    shell.__class__ = GuardedShell


install(get_ipython())
del install, get_ipython
