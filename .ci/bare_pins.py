"""Give every pin with extras a bare twin in a hashed lock: "lxml[html_clean]==6.1.3" also as "lxml==6.1.3".

pip 23.2 (Python 3.11's) treats "lxml[html_clean]" and a dependency's bare "lxml>=6.1.3" as two
requirements; in --require-hashes mode it resolves the bare one to the index's newest release and
refuses it as unpinned.  With extras stripped the same happens the other way round (a dependency's
"smart-open[http]>=5.2.1", see .ci/lock).  So the lock holds both forms, with the same hashes: the
README's first command broke the day lxml 6.2.0 came out (session 14), as it had for smart-open 9.0.4.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

PIN = re.compile(r"^(?P<name>[A-Za-z0-9_.-]+)\[[^\]]+\](?P<version>==\S+) \\$")


def with_bare_twins(text: str) -> str:
    lines = text.splitlines(keepends=True)
    bare = {m.group(1).lower() for m in (re.match(r"^([A-Za-z0-9_.-]+)==", line) for line in lines) if m}
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        out.append(line)
        match = PIN.match(line.rstrip("\n"))
        index += 1
        if not match:
            continue
        block = []
        while index < len(lines) and lines[index].startswith("    --hash="):
            block.append(lines[index])
            index += 1
        out.extend(block)
        if match.group("name").lower() not in bare:
            # The hash lines as they stand: each but the last already ends in a continuation.
            out.extend([f"{match.group('name')}{match.group('version')} \\\n", *block,
                        "    # the same pin without its extras (.ci/bare_pins.py)\n"])
    return "".join(out)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        path = Path(name)
        path.write_text(with_bare_twins(path.read_text()))
