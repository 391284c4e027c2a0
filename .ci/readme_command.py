"""Print the README's Nth ```bash block, so CI runs the commands exactly as a newcomer pastes them."""

from __future__ import annotations

import re
import sys
from pathlib import Path

blocks = re.findall(r"```bash\n(.*?)```", Path(sys.argv[1]).read_text(encoding="utf-8"), re.DOTALL)
print(blocks[int(sys.argv[2]) - 1].strip())
