"""Grading on a Dask distributed cluster (``grade-all --dask ADDRESS``).

Each task goes to the cluster with the same function the local pool runs,
``grading_task.grade``; each Dask worker process keeps its own warm zygote
after its first task. Tasks carry the submission's bytes, so workers need the
course installed (``pip install -e .``) but not the submissions' folder.
A task whose worker is lost is retried once by Dask; a second loss, or any
exception, becomes that submission's error.
"""
import itertools

from autograder.batch import grading_task

IN_FLIGHT = 2  # tasks queued per worker thread: enough to keep it busy, no more bytes


class DaskPool:
    """Same interface as :class:`autograder.batch.pool.WorkerPool`."""

    def __init__(self, address, assignment_ids, deadline):
        self.address = address
        self.assignment_ids = list(assignment_ids)
        self.client = None

    @property
    def size(self):
        return max(1, sum(w.get("nthreads", 1) for w in
                          self.client.scheduler_info()["workers"].values()))

    def __enter__(self):
        from distributed import Client
        self.client = Client(self.address, timeout="30s")
        return self

    def __exit__(self, *exc):
        self.client.close()

    def run(self, tasks):
        """Keep ``IN_FLIGHT`` tasks per worker thread queued on the cluster."""
        from distributed import as_completed
        tasks, futures = iter(tasks), {}
        pending = as_completed()
        for task in itertools.islice(tasks, IN_FLIGHT * self.size):
            self._submit(task, futures, pending)
        for future in pending:
            task = futures.pop(future)
            try:
                record = future.result()
            except Exception as exc:  # noqa: BLE001 - a lost worker costs one submission
                record = grading_task.failed(
                    task, f"grading this submission failed on the cluster "
                          f"({type(exc).__name__}: {exc}); ask the course staff to look at it")
            following = next(tasks, None)
            if following is not None:
                self._submit(following, futures, pending)
            yield task, record

    def _submit(self, task, futures, pending):
        future = self.client.submit(grading_task.grade, task, pure=False, retries=1)
        futures[future] = task
        pending.add(future)
