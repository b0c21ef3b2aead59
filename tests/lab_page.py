"""Drive JupyterLab's notebook page as a student does: menus, clicks, keys.

Actions go through the page's own UI: the Run menu, a click on a cell's
prompt, Ctrl+S, and text entered into a cell's editor as the browser's text
input (what a paste does). ``window.jupyterapp`` (exposed by
``--LabApp.expose_app_in_browser``) is only read, to know when the kernel is
done and the document saved.
"""
import json
from pathlib import Path

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

#: Seconds for JupyterLab to load and start the kernel; for one Run action.
LOAD_SECONDS, RUN_SECONDS = 120, 120
POLL = 0.2

#: Server arguments and user settings the page needs: the app readable from
#: the page; every cell in the DOM (no windowing), so cells can be clicked in
#: order; no "Jupyter news?" toast over the notebook.
LAB_ARGS = ("--LabApp.expose_app_in_browser=True",)
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false"},
}

_STATE = """
if (!window.jupyterapp) return null;
const panel = window.jupyterapp.shell.currentWidget;
if (!panel || !panel.content || !panel.sessionContext || !panel.context.isReady) return null;
const session = panel.sessionContext.session, kernel = session && session.kernel;
const prompts = Array.from(document.querySelectorAll('.jp-Notebook .jp-InputPrompt'));
return {kernel: kernel ? kernel.status : null, dirty: panel.context.model.dirty,
        queued: prompts.filter(p => p.textContent.includes('*')).length,
        counts: panel.content.widgets.map(c => c.model.type === 'code' ? c.model.executionCount : 'md')};
"""


def write_settings(settings_dir):
    """Write ``LAB_SETTINGS`` as JupyterLab user settings under ``settings_dir``;
    return the directory (for ``JUPYTERLAB_SETTINGS_DIR``)."""
    for plugin, values in LAB_SETTINGS.items():
        package, name = plugin.split(":")
        target = Path(settings_dir) / package / f"{name}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values))
    return Path(settings_dir)


def state(driver):
    """The open notebook as the page sees it: ``{kernel, dirty, queued, counts}``
    (``counts``: each cell's execution count, None if not run, 'md' for markdown),
    or None while the page or the notebook is loading."""
    return driver.execute_script(_STATE)


def _settled(driver):
    """The state once the kernel is idle and no cell is queued, else None."""
    current = state(driver)
    ok = current and current["kernel"] == "idle" and current["queued"] == 0
    return current if ok else None


#: The id of the notebook panel in the main area once its document is loaded
#: (found without focus: ``shell.currentWidget`` follows focus, and a headless
#: page opens without it), else null.
_OPENED_PANEL = """
if (!window.jupyterapp) return null;
const panel = Array.from(window.jupyterapp.shell.widgets('main'))
    .find(w => w.content && w.sessionContext && w.context && w.context.isReady);
return panel ? panel.id : null;
"""

_DIALOGS = """return Array.from(document.querySelectorAll('.jp-Dialog, .jp-toast-message'))
    .map(e => e.innerText.trim()).filter(t => t);"""


def open_notebook(driver, server, name):
    """Open ``name`` in JupyterLab, click its tab (a headless page opens
    without focus, and the menus act on the focused notebook); return its
    state once the kernel is idle.

    A page that has not settled in ``LOAD_SECONDS`` is reloaded once, as a
    student would; a second timeout fails with what the page and the server
    showed each time (panel, state, dialogs, the server log's tail)."""
    driver.get(f"{server.url}/lab/tree/{name}?token={server.token}")
    seen = []
    for attempt in ("first load", "after a reload"):
        panel = None
        try:
            panel = WebDriverWait(driver, LOAD_SECONDS, POLL).until(
                lambda d: d.execute_script(_OPENED_PANEL))
            driver.find_element(By.CSS_SELECTOR, f"li.lm-TabBar-tab[data-id='{panel}']").click()
            return WebDriverWait(driver, LOAD_SECONDS, POLL).until(_settled)
        except TimeoutException:
            seen.append(f"{attempt}: panel {panel}, state {state(driver)}, "
                        f"dialogs {driver.execute_script(_DIALOGS)}")
            print(f"JupyterLab did not settle in {LOAD_SECONDS} s ({seen[-1]})")
            driver.refresh()
    log = server.log.read_text(errors="replace")[-3000:]
    raise AssertionError(f"JupyterLab never settled on {name}: " + "; ".join(seen)
                         + f"\nserver log:\n{log}")


def _menu(driver, top, command):
    """Click menu ``top`` in the menu bar, then its item running ``command``."""
    driver.find_element(
        By.XPATH, f"//li[contains(@class,'lm-MenuBar-item')][.//div[text()='{top}']]").click()
    item = f"li.lm-Menu-item[data-command='{command}']"
    WebDriverWait(driver, 10, POLL).until(lambda d: d.find_element(By.CSS_SELECTOR, item)).click()


def _cell(driver, index):
    """The DOM element of cell ``index``, scrolled into view."""
    element = driver.find_elements(By.CSS_SELECTOR, ".jp-Notebook .jp-Cell")[index]
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    return element


def _run(driver, index, action):
    """Do ``action``; return the state once cell ``index`` has run afresh."""
    before = max([c for c in state(driver)["counts"] if isinstance(c, int)], default=0)
    action()

    def ran(d):
        current = _settled(d)
        fresh = current and isinstance(current["counts"][index], int) \
            and current["counts"][index] > before
        return current if fresh else None
    return WebDriverWait(driver, RUN_SECONDS, POLL).until(ran)


def run_all(driver):
    """Run > Run All Cells; return the state when the kernel is done."""
    first = next(i for i, c in enumerate(state(driver)["counts"]) if c != "md")
    return _run(driver, first, lambda: _menu(driver, "Run", "runmenu:run-all"))


def run_all_past_errors(driver):
    """Run every code cell: Run All Cells, then, as long as an error stopped
    the run (JupyterLab skips the cells queued after a failing one), click the
    first cell not run and Run > Run Selected Cell and All Below. Return the
    final state and the number of restarts."""
    current, restarts = run_all(driver), 0
    while None in current["counts"] and restarts < len(current["counts"]):
        index = current["counts"].index(None)
        _cell(driver, index).find_element(By.CSS_SELECTOR, ".jp-InputPrompt").click()
        current = _run(driver, index, lambda: _menu(driver, "Run", "notebook:run-all-below"))
        restarts += 1
    return current, restarts


def replace_cell_text(driver, index, text):
    """Click into cell ``index``'s editor, select all of it (Ctrl+A) and enter
    ``text`` as one text input, as a paste would (typing key by key would let
    the editor auto-indent and close brackets); leave edit mode."""
    _cell(driver, index).find_element(By.CSS_SELECTOR, ".cm-content").click()
    _keys(driver, Keys.CONTROL, "a")
    driver.execute_cdp_cmd("Input.insertText", {"text": text})
    ActionChains(driver).send_keys(Keys.ESCAPE).perform()


def save(driver):
    """Ctrl+S; return once the document is no longer dirty."""
    _keys(driver, Keys.CONTROL, "s")
    WebDriverWait(driver, 30, POLL).until(lambda d: not state(d)["dirty"])


def _keys(driver, modifier, key):
    """Press ``modifier`` + ``key`` in the focused element."""
    ActionChains(driver).key_down(modifier).send_keys(key).key_up(modifier).perform()


def show(driver, index, part=".jp-OutputArea"):
    """Hide the left sidebar (Ctrl+B) and scroll ``part`` of cell ``index`` to
    the top of the notebook view, for a screenshot."""
    _keys(driver, Keys.CONTROL, "b")
    target = _cell(driver, index).find_element(By.CSS_SELECTOR, part)
    driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", target)
