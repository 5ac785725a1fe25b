"""nbgrader's Execute step, made to lose only the cell that stops the kernel.

nbgrader runs the notebook in one kernel. A cell that kills the kernel (os._exit, a signal)
or runs past the time limit while ignoring the interrupt makes nbgrader give up on the whole
submission. Here such a cell is noted and the notebook is run again from the start, in a fresh
kernel, without it: that cell (and so its question) gets an error and 0, the rest is graded.

Also: text on stderr in a graded test cell is removed before the marks are counted, so
stderr costs nothing (nbgrader would give that cell 0); the integrity report flags code that
writes there on purpose.
"""
from __future__ import annotations

import copy
import os
import shutil
import tempfile

from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat import NotebookNode
from nbgrader.preprocessors import Execute
from traitlets import Integer

from .sandbox import KERNEL

# What the last run found, for the worker that called nbgrader in this process.
LAST_RUN: dict = {}


class _Stopped(Exception):
    def __init__(self, index: int, ename: str, reason: str):
        super().__init__(reason)
        self.index, self.ename, self.reason = index, ename, reason


class SandboxedExecute(Execute):
    """Execute in the grading kernel (sandbox.py), over Unix sockets, re-running past a stopped cell."""

    max_stops = Integer(3, help="cells that may stop the kernel before grading gives up").tag(config=True)

    def create_kernel_manager(self):
        self.kernel_name = KERNEL
        km = super().create_kernel_manager()
        private = tempfile.mkdtemp(prefix="kernel-")    # only this kernel's sockets: bound into its sandbox
        self._private.append(private)
        km.transport = "ipc"
        km.connection_file = os.path.join(private, "kernel.json")
        return km

    async def _async_handle_timeout(self, timeout, cell=None):
        raise _Stopped(self._index, "CellTimeoutError",
                       f"this cell ran for more than {timeout} seconds and was stopped")

    def preprocess_cell(self, cell, resources, index):
        self._index = index
        if index in self._skip:
            ename, reason = self._skip[index]
            cell.outputs = [NotebookNode(output_type="error", ename=ename, evalue=reason,
                                         traceback=[f"{ename}: {reason}"])]
            cell.execution_count = None
            return cell, self.resources
        try:
            return super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            raise _Stopped(index, "DeadKernelError", "this cell stopped the Python kernel") from None
        except CellTimeoutError:
            raise _Stopped(index, "CellTimeoutError", "this cell stopped answering and was stopped") from None

    def preprocess(self, nb, resources=None, km=None):
        self.shutdown_kernel = "immediate"
        self._skip, self._private = {}, []
        original = copy.deepcopy(nb)
        try:
            while True:
                try:
                    nb, resources = super().preprocess(copy.deepcopy(original), resources, km)
                    break
                except _Stopped as stop:
                    if stop.index in self._skip or len(self._skip) >= self.max_stops:
                        raise RuntimeError(f"cells {sorted(self._skip)} and {stop.index} stopped the kernel; "
                                           "grading gave up on this notebook") from None
                    self._skip[stop.index] = (stop.ename, stop.reason)
        finally:
            for folder in self._private:
                shutil.rmtree(folder, ignore_errors=True)
        stderr = []
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade"):
                kept = [o for o in cell.outputs if not (o.output_type == "stream" and o.name == "stderr")]
                if len(kept) != len(cell.outputs):
                    stderr.append(index)
                    cell.outputs = kept
        LAST_RUN.clear()
        LAST_RUN.update(stopped={i: reason for i, (_, reason) in self._skip.items()},
                        stopped_ids={i: nb.cells[i].metadata.get("nbgrader", {}).get("grade_id") for i in self._skip},
                        stderr_removed=stderr)
        return nb, resources
