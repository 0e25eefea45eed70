"""A list's items worked on two cores: this process takes them from the front, a forked child from the back.

Loading 34,000 records at 10,000 incidents is reading each file (libyaml and our walk over its events) and
validating it (pydantic), about 0.4 ms a file, each file on its own. The two sides take a chunk at a time
until they meet, so the split settles itself whatever else runs on the machine. Only the child's results
cross between processes: the child pickles them as it goes and a thread of its own sends them, so that its
sending waits on this process, never its work; this process takes in what has arrived between its own
chunks, so that unpickling, too, counts in the split. Should the child fail or die, this process works
the items it did not send.

Written by hand: multiprocessing.Pool's workers are all children, and every result would cross a pipe
(at 10k, pickling and unpickling the records costs as much as validating them). Linux only (fork: the
child has the items and the code, nothing to pickle or import); elsewhere, with one core, or with another
thread in this process (a fork could catch it holding a lock), the items are worked here, in order.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import sys
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many items a second process costs more than it saves (a fork, and the results sent back).
MIN_ITEMS = 4000
CHUNK = 32  # items a side takes at once: about 10 ms of loading, so neither waits long for the other at the end


def available() -> bool:
    return ((os.cpu_count() or 1) >= 2 and sys.platform == "linux" and threading.active_count() == 1
            and "fork" in multiprocessing.get_all_start_methods())


def map_on_two_cores(work: Callable[[Item], Result], items: Sequence[Item]) -> list[Result]:
    """[work(item) for item in items], the same list, on two cores when there are many items. An error
    work raises here is raised; one it raises in the child is raised here when this process works that
    item again."""
    if len(items) < MIN_ITEMS or not available():
        return [work(item) for item in items]
    context = multiprocessing.get_context("fork")
    untaken = context.Array("q", [0, len(items)])  # [front, back): the items neither side has taken yet
    ours, theirs = context.Pipe(duplex=False)
    child = context.Process(target=_work_from_back, args=(work, items, untaken, theirs, ours), daemon=True)
    try:
        child.start()
    except OSError:  # no memory or processes to fork: one core, as without it
        return [work(item) for item in items]
    theirs.close()
    results: list = [None] * len(items)
    sent = bytearray(len(items))  # 1 where the child's result has arrived
    try:
        listening = True
        while listening:
            with untaken.get_lock():
                start = untaken[0]
                end = untaken[0] = min(start + CHUNK, untaken[1])
            if start >= end:
                break
            results[start:end] = [work(item) for item in items[start:end]]
            listening = _take_arrived(ours, results, sent, wait=False)
        if listening:
            _take_arrived(ours, results, sent, wait=True)
    finally:
        with untaken.get_lock():  # on an error here, the child stops after its chunk
            untaken[1] = untaken[0]
        ours.close()
        child.join()
    for index in range(untaken[0], len(items)):  # what the child did not send (or nobody took, if it stopped)
        if not sent[index]:
            results[index] = work(items[index])
    return results


def _take_arrived(conn, results: list, sent: bytearray, wait: bool) -> bool:
    """Put the child's results that have arrived in place (with wait, every one until it is done). False
    once the child is done, has died or sent what will not unpickle."""
    try:
        while wait or conn.poll():
            message = conn.recv()
            if message is None:
                return False
            start, worked = message
            results[start:start + len(worked)] = worked
            sent[start:start + len(worked)] = b"\1" * len(worked)
    except Exception:  # noqa: BLE001 - EOFError (the child died) or a result that will not unpickle
        return False
    return True


def _work_from_back(work, items, untaken, conn, parent_end) -> None:
    """In the child: take chunks from the back until the sides meet, and send each chunk's results."""
    parent_end.close()
    outbox: queue.SimpleQueue = queue.SimpleQueue()
    sender = threading.Thread(target=_send_all, args=(outbox, conn))
    sender.start()
    try:
        while True:
            with untaken.get_lock():
                end = untaken[1]
                start = untaken[1] = max(end - CHUNK, untaken[0])
            if start >= end:
                break
            outbox.put((start, [work(item) for item in items[start:end]]))
    except BaseException:  # noqa: BLE001 - the parent works the items not sent, and reports what is wrong
        pass
    finally:
        outbox.put(None)
        sender.join()


def _send_all(outbox: queue.SimpleQueue, conn) -> None:
    try:
        while (message := outbox.get()) is not None:
            conn.send(message)
        conn.send(None)
    except Exception:  # noqa: BLE001 - the parent is gone, or a result will not pickle: it works them itself
        pass
