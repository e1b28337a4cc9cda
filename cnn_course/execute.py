"""nbgrader's Execute, for grading: a kernel that ignores the interrupt is stopped.

nbgrader interrupts a cell that runs past ``Execute.timeout`` and goes on with the next
cell.  A submission whose loop swallows the interrupt (``except BaseException: pass``) keeps
the kernel busy, and then every following cell waits out its own timeout: 40 cells, 20
minutes, for one student.  ``GuardedExecute`` waits a few seconds after the interrupt for
the interrupted cell to finish; if it does not, it shuts the kernel down, so nbgrader stops
this notebook at once (it records the submission with no points, and ``make grade`` lists it
for review) and the batch goes on.
"""

import asyncio
import time
from queue import Empty

from jupyter_core.utils import ensure_async
from nbgrader.preprocessors import Execute
from traitlets import Integer


class GuardedExecute(Execute):
    interrupt_grace = Integer(5, help="Seconds a kernel has to stop after an interrupt.").tag(config=True)

    async def _async_handle_timeout(self, timeout, cell=None):
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
