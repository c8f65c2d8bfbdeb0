"""What the benchmarks share: the best of several timed runs."""
from __future__ import annotations

import time
from typing import Callable


def best_of(repeats: int, func: Callable[[], object]) -> float:
    """The shortest of ``repeats`` wall-clock times of ``func()``, in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)
