"""A small loopback load generator shared by the benchmarks (127.0.0.1 only, bounded)."""

import http.client
import statistics
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass
class LoadResult:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.latencies) + self.errors

    @property
    def p95_ms(self) -> float:
        if not self.latencies:
            return float("nan")
        return 1000 * statistics.quantiles(self.latencies, n=20)[18]

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


def run_load(
    base: str,
    paths: list[str],
    clients: int,
    seconds: float,
    max_requests: int = 200_000,
    pause: float = 0.0,
) -> LoadResult:
    """Have `clients` threads GET `paths` in turn for `seconds` over keep-alive connections.

    `pause` is each client's reading time between pages (0: back to back).
    """
    parts = urlsplit(base)
    assert parts.hostname in ("127.0.0.1", "localhost"), "loopback only"
    result = LoadResult()
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client(offset: int) -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        n = offset
        while time.perf_counter() < deadline and result.requests < max_requests:
            path = paths[n % len(paths)]
            n += 1
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
            elapsed = time.perf_counter() - started
            with lock:
                if ok:
                    result.latencies.append(elapsed)
                else:
                    result.errors += 1
            if pause:
                time.sleep(pause)
        connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    return result


def wait_for(base: str, path: str = "/", timeout: float = 30.0) -> None:
    """Wait until the server answers."""
    parts = urlsplit(base)
    end = time.time() + timeout
    while time.time() < end:
        try:
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=2)
            connection.request("GET", path)
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{base} did not start")
