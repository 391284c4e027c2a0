"""Print the packages whose installed version differs from the lock (drift report)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)", re.MULTILINE)


def pins(path: str) -> dict[str, str]:
    return {re.sub(r"[-_.]+", "-", name).lower(): version for name, version in PIN.findall(Path(path).read_text())}


locked, newest = pins(sys.argv[1]), pins(sys.argv[2])
changed = sorted((name, locked.get(name, "-"), version) for name, version in newest.items()
                 if locked.get(name) != version and name != "claimtrack")
gone = sorted(set(locked) - set(newest))
print(f"{len(changed)} packages differ from the lock" + (":" if changed else "."))
for name, old, new in changed:
    print(f"  {name}: {old} -> {new}")
if gone:
    print("locked but no longer installed:", ", ".join(gone))
