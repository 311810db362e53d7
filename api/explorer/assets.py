"""The front-end libraries the explorer serves under /explorer/vendor/, and where they come from.

In a checkout they are read from `node_modules` (installed by `npm ci`, see `make node-deps`). An image
copies them into `api/explorer/vendor/` at build time (`python -m api.explorer.assets`), so they ship as
package data and the runtime needs no Node.js. Standard library only: the build stage runs it before the
package's dependencies are installed.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
NODE_MODULES = HERE / "node_modules"
VENDOR_DIR = HERE / "vendor"

# name under /explorer/vendor/ -> file under node_modules (UMD builds, loaded with <script>)
VENDOR = {
    "cytoscape.js": "cytoscape/dist/cytoscape.min.js",
    "layout-base.js": "layout-base/layout-base.js",
    "cose-base.js": "cose-base/cose-base.js",
    "cytoscape-fcose.js": "cytoscape-fcose/cytoscape-fcose.js",
}


def vendor_file(name: str) -> Path | None:
    """The file served as /explorer/vendor/<name>: the packaged copy, else node_modules' (None if unknown)."""
    rel = VENDOR.get(name)
    if rel is None:
        return None
    packaged = VENDOR_DIR / name
    return packaged if packaged.is_file() else NODE_MODULES / rel


def copy_vendor_files(target: Path = VENDOR_DIR) -> list[Path]:
    """Copy every vendor file from node_modules into `target` (for an image or a wheel)."""
    missing = [rel for rel in VENDOR.values() if not (NODE_MODULES / rel).is_file()]
    if missing:
        raise SystemExit(f"not installed: {', '.join(missing)}; run `npm ci` in {HERE} first")
    target.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copyfile(NODE_MODULES / rel, target / name)) for name, rel in VENDOR.items()]


if __name__ == "__main__":
    for path in copy_vendor_files(Path(sys.argv[1]) if len(sys.argv) > 1 else VENDOR_DIR):
        print(path)
