"""One source of truth: release/ and solutions/ are exactly what the build makes
from source/, and the release carries no solution and no hidden test."""
import filecmp
import json
import re

import pytest

from autograder.course.build import build
from tests.conftest import ASSIGNMENT_IDS, ROOT

SOLUTION = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", re.S)


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    build(ASSIGNMENT_IDS, out)
    return out


def tree(root):
    return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())


@pytest.mark.parametrize("aid", ASSIGNMENT_IDS)
@pytest.mark.parametrize("kind", ["release", "solutions"])
def test_committed_output_is_not_stale(fresh, aid, kind):
    committed, rebuilt = ROOT / kind / aid, fresh / kind / aid
    assert tree(committed) == tree(rebuilt), f"{kind}/{aid} differs: run `make build`"
    for rel in tree(rebuilt):
        assert filecmp.cmp(committed / rel, rebuilt / rel, shallow=False), \
            f"{kind}/{aid}/{rel} is stale: run `make build` and commit"


@pytest.mark.parametrize("aid", ASSIGNMENT_IDS)
def test_release_has_no_solution_code_and_no_hidden_tests(aid):
    source = json.loads((ROOT / "source" / aid / f"{aid}.ipynb").read_text())
    release_text = (ROOT / "release" / aid / f"{aid}.ipynb").read_text()
    release = json.loads(release_text)
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "grade_exercise"):
        assert marker not in release_text
    released_code = "\n".join("".join(c["source"]) for c in release["cells"])
    for cell in source["cells"]:
        for region in SOLUTION.findall("".join(cell["source"])):
            for line in region.splitlines():
                line = line.strip()
                if len(line) > 25 and not line.startswith("#"):
                    assert line not in released_code, f"solution line leaked: {line}"


@pytest.mark.parametrize("aid", ASSIGNMENT_IDS)
def test_release_stubs_raise_not_implemented(aid):
    release = json.loads((ROOT / "release" / aid / f"{aid}.ipynb").read_text())
    answers = [c for c in release["cells"]
               if c.get("metadata", {}).get("nbgrader", {}).get("solution")]
    assert answers and all("raise NotImplementedError()" in "".join(c["source"]) for c in answers)
