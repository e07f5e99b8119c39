"""python -m criteria.dataclass_code [PATH]: regenerate the store of compiled dataclass methods (see the package);
PATH: write it there instead of criteria/data/."""

import sys
from pathlib import Path

from criteria.dataclass_code import STORE, regenerate

path = Path(sys.argv[1]) if len(sys.argv) > 1 else STORE
count = regenerate(path)
print(f"{path}: {count} teksten", file=sys.stderr)
