"""Python's worker and the modules it imports: the build names the shared worker Python
runs in after all of them (selfhost.stamp_runtime_id), so that a page never talks to a
worker of another build, even when only one of its modules changed."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import selfhost

GLUE = Path(__file__).resolve().parent.parent / "docs" / "assets" / "calculators"


def test_every_module_the_worker_imports_is_in_the_runtime_id():
    source = (GLUE / "worker.mjs").read_text("utf-8")
    own = set(re.findall(r'import\(\s*"\./([\w.-]+\.mjs)"\s*\)', source))
    own |= set(re.findall(r'^import\s.*?from\s+"\./([\w.-]+\.mjs)"', source, re.M))
    assert own, "worker.mjs imports none of its own modules: update this test"
    assert own <= set(selfhost.WORKER_MODULES), own - set(selfhost.WORKER_MODULES)
    assert all((GLUE / name).is_file() for name in selfhost.WORKER_MODULES)


def test_a_change_in_any_worker_module_changes_the_runtime_id(built_site, tmp_path):
    ids = set()
    for changed in (None, *selfhost.WORKER_MODULES):
        site = tmp_path / f"site-{changed}"
        shutil.copytree(built_site / "assets", site / "assets")
        page = site / "calculators" / "fba-fee" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(f'<script data-runtime="{selfhost.RUNTIME_ID_MARKER}"></script>', "utf-8")
        if changed:
            module = site / "assets" / "calculators" / changed
            module.write_text(module.read_text("utf-8") + "\n// changed\n", "utf-8")
        runtime_id = selfhost.stamp_runtime_id(site)
        assert page.read_text("utf-8") == f'<script data-runtime="{runtime_id}"></script>'
        ids.add(runtime_id)
    assert len(ids) == 1 + len(selfhost.WORKER_MODULES)
