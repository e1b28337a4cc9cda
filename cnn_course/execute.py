"""nbgrader's Execute, for grading: a kernel that ignores the interrupt is stopped.

nbgrader interrupts a cell that runs past ``Execute.timeout`` and goes on with the next
cell.  A submission whose loop swallows the interrupt (``except BaseException: pass``) keeps
the kernel busy, and then every following cell waits out its own timeout: 40 cells, 20
minutes, for one student.  ``GuardedExecute`` waits a few seconds after the interrupt for
the interrupted cell to finish; if it does not, it shuts the kernel down, so nbgrader stops
this notebook at once (it records the submission with no points, and ``make grade`` lists it
for review) and the batch goes on.

Every cell that runs past its limit is logged on one line starting with TIMEOUT_MARKER and
saying which cell it was, so that ``make grade`` can name it in the review list.

A notebook's outputs are kept in the grading worker's memory (nbgrader holds the notebook
while it runs), so a submission that prints or displays without end would exhaust it:
``GuardedExecute`` keeps at most ``max_output_bytes`` of outputs per notebook and replaces the
rest with one note per cell.  Errors are always kept (with their traceback cut short): a
failed test must stay failed, however much was printed before.
"""

import asyncio
import time
from queue import Empty

from jupyter_core.utils import ensure_async
from nbgrader.preprocessors import Execute
from nbformat.v4 import new_output
from traitlets import Integer

TIMEOUT_MARKER = "cell past its time limit:"


def describe(nb, cell):
    """Where a cell is, for a person: its number, its grade_id or the graded cell above it,
    and its first line of code."""
    cells = list(nb.cells)
    index = next((i for i, c in enumerate(cells) if c is cell), None)
    if index is None:
        return "a cell"
    grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
    above = next((c.get("metadata", {}).get("nbgrader", {}).get("grade_id") for c in reversed(cells[:index])
                  if c.get("metadata", {}).get("nbgrader", {}).get("grade_id")), None)
    where = f"cell {index + 1} of {len(cells)}"
    where += f" ({grade_id})" if grade_id else (f" (below {above})" if above else "")
    first = next((line.strip() for line in cell.source.splitlines() if line.strip()), "")
    return f"{where}: {first[:60]}"


OUTPUT_TYPES = {"stream", "display_data", "execute_result", "update_display_data"}
TRACEBACK_BYTES = 20_000


def _size(content):
    """About how many bytes an output message adds to the notebook."""
    if "text" in content:
        return len(content["text"])
    return sum(len(value) if isinstance(value, str) else 200 for value in content.get("data", {}).values()) + 200


class GuardedExecute(Execute):
    interrupt_grace = Integer(5, help="Seconds a kernel has to stop after an interrupt.").tag(config=True)
    max_output_bytes = Integer(50 * 1024 ** 2, help="Outputs kept per notebook; beyond, a note.").tag(config=True)

    def preprocess(self, *args, **kwargs):
        self._output_bytes, self._truncated = 0, set()
        return super().preprocess(*args, **kwargs)

    def process_message(self, msg, cell, cell_index):
        kind = msg.get("msg_type") or msg.get("header", {}).get("msg_type")
        content = msg.get("content", {})
        if kind == "error":
            traceback, kept = content.get("traceback", []), 0
            for n, line in enumerate(traceback):
                kept += len(line)
                if kept > TRACEBACK_BYTES:
                    content["traceback"] = traceback[:n] + ["... (traceback cut short by the grader)"]
                    break
        elif kind in OUTPUT_TYPES:
            self._output_bytes += _size(content)
            if self._output_bytes > self.max_output_bytes:
                if cell_index not in self._truncated:
                    self._truncated.add(cell_index)
                    cell.outputs.append(new_output("stream", name="stdout", text=(
                        f"\n[the grader kept the first {self.max_output_bytes // 1024 ** 2} MB of this notebook's "
                        "outputs; the rest is not shown]\n")))
                return None
        return super().process_message(msg, cell, cell_index)

    async def _async_handle_timeout(self, timeout, cell=None):
        if cell is not None:
            self.log.warning("%s %s", TIMEOUT_MARKER, describe(self.nb, cell))
        reply = await super()._async_handle_timeout(timeout, cell)
        if not await self._stopped_after_interrupt():
            self.log.error("Kernel ignored the interrupt; shutting it down")
            await ensure_async(self.km.shutdown_kernel(now=True))
        return reply

    async def _stopped_after_interrupt(self):
        """True if an execute_reply (the interrupted cell's) arrives within the grace time."""
        deadline = time.monotonic() + self.interrupt_grace
        while (left := deadline - time.monotonic()) > 0:
            try:
                msg = await ensure_async(self.kc.shell_channel.get_msg(timeout=left))
            except (Empty, asyncio.TimeoutError):
                return False
            if msg.get("msg_type") == "execute_reply" or msg.get("header", {}).get("msg_type") == "execute_reply":
                return True
        return False
