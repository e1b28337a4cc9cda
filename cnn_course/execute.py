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

Test cells with hidden tests are graded outside the kernel (outside.py): the kernel runs the
cell without its hidden tests, then this process runs the whole cell again and asks the
kernel to call the student's functions (``_ask``, a request in files of the notebook's folder
answered by ``cnn_checks.serve``, each within the cell's time limit).

A notebook's outputs are kept in the grading worker's memory (nbgrader holds the notebook
while it runs), so a submission that prints or displays without end would exhaust it:
``GuardedExecute`` keeps at most ``max_output_bytes`` of outputs per notebook and replaces the
rest with one note per cell.  Errors are always kept (with their traceback cut short): a
failed test must stay failed, however much was printed before.
"""

import asyncio
import base64
import io
import json
import shutil
import time
import zipfile
from pathlib import Path
from queue import Empty

import numpy as np
from jupyter_core.utils import ensure_async, run_sync
from nbformat.v4 import new_output
from nbgrader.preprocessors import Execute
from nbgrader.utils import is_grade
from traitlets import Integer

from . import limits, outside

MIME = "application/vnd.cnn-course.call+json"      # cnn_checks.MIME

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
TRACEBACK_BYTES = limits.TRACEBACK_BYTES
REQUESTS = ".cnn-hidden"                 # the grader's requests to the kernel, in the notebook's folder
ANSWER_BYTES = limits.ANSWER_BYTES      # the largest answer the kernel may send back


def _size(content):
    """About how many bytes an output message adds to the notebook."""
    if "text" in content:
        return len(content["text"])
    return sum(len(value) if isinstance(value, str) else 200 for value in content.get("data", {}).values()) + 200


class GuardedExecute(Execute):
    interrupt_grace = Integer(limits.INTERRUPT_GRACE, help="Seconds a kernel has to stop after an interrupt.").tag(
        config=True)
    max_output_bytes = Integer(limits.OUTPUT_BYTES, help="Outputs kept per notebook; beyond, a note.").tag(config=True)

    def preprocess(self, nb, resources=None, *args, **kwargs):
        self._output_bytes, self._truncated = 0, set()
        self._assignment, self._requests, self._long_cells = None, 0, None
        self._resources_for_outside = resources or {}
        try:
            return super().preprocess(nb, resources, *args, **kwargs)
        finally:
            shutil.rmtree(self._request_folder(), ignore_errors=True)

    # ------------------------------------------------------------ grading outside the kernel

    def _notebook_folder(self):
        return Path(self._resources_for_outside.get("metadata", {}).get("path") or ".").resolve()

    def _request_folder(self):
        return self._notebook_folder() / REQUESTS

    def _source_folder(self):
        """The assignment's folder in the course's source/ (trusted: the student's copy is not read)."""
        converter = getattr(self.parent, "parent", None)
        coursedir = getattr(converter, "coursedir", None)
        assignment = self._resources_for_outside.get("nbgrader", {}).get("assignment") \
            or self._notebook_folder().name
        if coursedir is not None:
            return Path(coursedir.format_path(coursedir.source_directory, ".", assignment))
        return Path.cwd() / "source" / assignment

    def _trusted(self):
        """The assignment's trusted modules, from the course's source/ (loaded once a notebook)."""
        if self._assignment is None:
            self._assignment = outside.Assignment(self._source_folder())
        return self._assignment

    def _get_timeout(self, cell):
        """The cell time limit (Execute.timeout), or more for the cells the assignment names in
        its assignment.toml ([limits] cell_seconds, e.g. training a network: limits.py)."""
        timeout = super()._get_timeout(cell)
        if self._long_cells is None:
            self._long_cells = limits.cell_seconds(self._source_folder())
        longer = self._long_cells.get(cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")) if cell else None
        return max(timeout, longer) if timeout and longer else timeout

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        if cell.cell_type != "code" or not is_grade(cell):
            return await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        source = cell.source
        in_kernel, hidden = outside.split_cell(source)
        if not hidden:
            return await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        cell.source = in_kernel                  # the kernel never gets the hidden tests
        try:
            cell = await super().async_execute_cell(cell, cell_index, execution_count, store_history)
        finally:
            cell.source = source
        loop = asyncio.get_running_loop()

        def ask(request, arrays):
            return asyncio.run_coroutine_threadsafe(self._ask(request, arrays, cell), loop).result()

        assignment = self._trusted()
        kernel = outside.KernelNames(ask, assignment.checks)
        failure = await asyncio.to_thread(outside.run_cell, source, assignment, kernel)
        try:
            await self._ask({"op": "end"}, {}, cell)
        except outside.KernelGone:
            pass
        clean_test_outputs(cell, failure)
        return cell

    execute_cell = run_sync(async_execute_cell)   # nbconvert calls the synchronous one

    async def _ask(self, request, arrays, cell):
        """Send one request to the kernel's cnn_checks.serve and return its answer (with its
        arrays under "_arrays"); KernelGone if it does not answer within the cell's time limit."""
        if not await ensure_async(self.km.is_alive()):
            raise outside.KernelGone("the notebook's kernel is gone (it died or was stopped), so the hidden "
                                     "tests could not run")
        folder = self._request_folder()
        folder.mkdir(mode=0o755, exist_ok=True)
        self._requests += 1
        base = folder / str(self._requests)
        base.with_suffix(".json").write_text(json.dumps(request))
        np.savez(base.with_suffix(".npz"), **arrays)
        for path in (base.with_suffix(".json"), base.with_suffix(".npz")):
            path.chmod(0o644)
        code = f"__import__('cnn_checks').serve({str(base)!r})"
        msg_id = self.kc.execute(code, silent=False, store_history=False, allow_stdin=False, stop_on_error=False)
        what = request.get("name") or request["op"]
        try:
            payload = await self._collect_answer(msg_id, self.timeout or 60)
        except asyncio.TimeoutError:
            self.log.warning("%s %s (a hidden case of %s)", TIMEOUT_MARKER, describe(self.nb, cell), what)
            await ensure_async(self.km.interrupt_kernel())
            try:
                await self._collect_answer(msg_id, self.interrupt_grace)
            except asyncio.TimeoutError:
                self.log.error("Kernel ignored the interrupt; shutting it down")
                await ensure_async(self.km.shutdown_kernel(now=True))
            raise outside.KernelGone(f"{what}: a hidden case ran past the time limit of {self.timeout} s "
                                     "(an endless loop, or much slower than needed?)") from None
        finally:
            for path in (base.with_suffix(".json"), base.with_suffix(".npz")):
                path.unlink(missing_ok=True)
        if payload is None:
            raise outside.KernelGone(f"the grader could not call {what} in the notebook's kernel (did the "
                                     "notebook replace the cnn_checks module?)")
        return decode_answer(payload)

    async def _collect_answer(self, msg_id, timeout):
        """The MIME output the kernel published in answer to msg_id (None if it published
        none), once the kernel is idle again."""
        deadline = time.monotonic() + timeout
        payload = None
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise asyncio.TimeoutError()
            try:
                msg = await ensure_async(self.kc.iopub_channel.get_msg(timeout=left))
            except Empty:
                raise asyncio.TimeoutError() from None
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg.get("msg_type"), msg.get("content", {})
            if kind == "display_data" and MIME in content.get("data", {}):
                payload = content["data"][MIME]
            elif kind == "status" and content.get("execution_state") == "idle":
                return payload

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


def decode_answer(payload):
    """The kernel's answer: its JSON, and its arrays (an npz, read without pickles, its size
    checked before it is unpacked) under "_arrays"."""
    if not isinstance(payload, dict) or not isinstance(payload.get("answer"), dict):
        raise outside.KernelGone("the kernel's answer to the grader is malformed")
    raw = base64.b64decode(str(payload.get("npz", "")), validate=False)
    if len(raw) > ANSWER_BYTES:
        raise outside.KernelGone("the kernel's answer to the grader is too large")
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        if sum(info.file_size for info in archive.infolist()) > ANSWER_BYTES:
            raise outside.KernelGone("the kernel's answer to the grader is too large")
    with np.load(io.BytesIO(raw), allow_pickle=False) as stored:
        arrays = {key: stored[key] for key in stored.files}
    answer = dict(payload["answer"])
    answer["_arrays"] = arrays
    return answer


def clean_test_outputs(cell, failure):
    """A graded test cell's outputs after grading: no execute_result (nbgrader would read it as
    partial credit), stderr shown as stdout (printing a warning costs nothing), and the
    failure found outside the kernel, if any, first (unless the cell failed in the kernel)."""
    kept = []
    for output in cell.outputs:
        if output.output_type == "execute_result":
            continue
        if output.output_type == "stream" and output.name == "stderr":
            output.name = "stdout"
        kept.append(output)
    cell.outputs = kept
    if failure and not any(output.output_type == "error" for output in kept):
        cell.outputs.insert(0, new_output("error", ename="CheckFailed", evalue=failure,
                                          traceback=[f"CheckFailed: {failure}"]))
