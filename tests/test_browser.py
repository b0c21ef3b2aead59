"""When the browser tests skip (tests/browser.py). That the Jupyter server it
starts takes only its token and leaves nothing running: tests/test_jupyterlab.py."""
import pytest

from tests import browser


@pytest.mark.parametrize("ci, outcome", [(None, pytest.skip.Exception),
                                         ("true", pytest.fail.Exception)])
def test_a_missing_browser_skips_outside_ci_and_fails_in_ci(ci, outcome, tmp_path, monkeypatch):
    monkeypatch.setattr(browser, "CHROMIUM", tmp_path / "no-chromium")
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match="chromium"):
        browser.browser_or_skip()
