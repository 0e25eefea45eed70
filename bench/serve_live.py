"""A real `briefing serve` on a project the benchmark kept: seconds from saving an edit to the browser's reload.

    .venv/bin/python bench/run.py --sizes 10000 --stages load build regen reload --search pagefind --keep /tmp/keep
    .venv/bin/python bench/serve_live.py /tmp/keep/briefing-bench-10000-*/project \
        --incident 777 2000 --edits region status text

serve_edits.py times MkDocs' rebuild in one process, from the moment it starts. This runs the command a
journalist runs and times what they wait for: from writing the file until the server answers the page's
live-reload request with a new version of the site, so the time MkDocs takes to notice the change (it
polls what it watches; the content folder through a signal file, generator/preview/watch.py) and to rebuild are
both in it. The first build (minutes at 10,000 incidents, Pagefind's index included) is not timed. The
edits are left in the project's content; the server's log is written to serve.log beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from serve_edits import EDITS, _edited


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _epoch(base: str, after: int, request: int, timeout: float) -> int | None:
    """The site's version once it is newer than `after` (MkDocs' live-reload request, which waits up to a
    minute); None when the server does not answer."""
    try:
        with urllib.request.urlopen(f"{base}livereload/{after}/{request}", timeout=timeout) as response:
            return int(response.read())
    except OSError:
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("project", type=Path, help="a project folder kept by run.py --keep")
    parser.add_argument("--incident", type=int, nargs="+", default=[4321],
                        help="which incident files (in name order) to edit, one after another")
    parser.add_argument("--edits", nargs="+", choices=EDITS, default=list(EDITS), help="which edits to make")
    parser.add_argument("--start-timeout", type=float, default=3600, help="seconds to wait for the first build")
    parser.add_argument("--json", type=Path, help="also write the figures here, for run.py's report: merge them "
                        "into bench/RESULTS.json as the 10k entry's \"serve_live\"")
    args = parser.parse_args()
    project = args.project.resolve()
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    log = open(project / "serve.log", "wb")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        start = time.monotonic()
        epoch = None
        while epoch is None:
            if server.poll() is not None or time.monotonic() - start > args.start_timeout:
                sys.exit(f"the server did not start: see {project / 'serve.log'}")
            time.sleep(2)
            epoch = _epoch(base, 0, 0, timeout=5)
        print(f"first build: {time.monotonic() - start:.0f} s (with the search index)\n")
        print("| edit | from saving to the reload, s |\n|---|---:|")
        incidents = sorted((project / "content" / "incidents").rglob("*.md"))
        timed: list[dict] = []
        request = 1
        for number in args.incident:
            edited = incidents[number]
            for kind in args.edits:
                time.sleep(2)  # the server idle, as between a journalist's edits
                other = incidents[(number + 97) % len(incidents)].read_text(encoding="utf-8")
                text = _edited(edited.read_text(encoding="utf-8"), kind, other)
                saved = time.monotonic()
                edited.write_text(text, encoding="utf-8")
                newer = None
                while newer is None or newer <= epoch:
                    request += 1
                    newer = _epoch(base, epoch, request, timeout=120)
                    if server.poll() is not None:
                        sys.exit(f"the server stopped: see {project / 'serve.log'}")
                seconds = time.monotonic() - saved
                print(f"| {kind} ({number}) | {seconds:.1f} |", flush=True)
                timed.append({"edit": kind, "incident": number, "seconds": round(seconds, 2)})
                epoch = newer
        if args.json:
            commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                    cwd=Path(__file__).parent).stdout.strip()
            args.json.write_text(json.dumps({"commit": commit, "date": time.strftime("%Y-%m-%d %H:%M"),
                                             "command": " ".join(sys.argv), "edits": timed}, indent=1) + "\n")
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


if __name__ == "__main__":
    main()
