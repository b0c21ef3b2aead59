"""The skeleton of the self-contained HTML pages (student feedback, reports).

No script, no external resource: one file that opens anywhere, offline.
Every string that goes into a page passes through :func:`esc`.
"""
import html

STYLE = """
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: #1f2328; background: #f6f8fa; margin: 0; }
main { max-width: 980px; margin: 0 auto; padding: 24px 28px 48px; background: #fff;
       min-height: 100vh; box-sizing: border-box; }
header { border-bottom: 1px solid #d0d7de; margin-bottom: 20px; padding-bottom: 12px; }
.course { color: #57606a; font-size: 13px; text-transform: uppercase; letter-spacing: .04em; }
h1 { font-size: 26px; margin: 4px 0 8px; }
h2 { font-size: 19px; margin: 28px 0 10px; }
.meta { color: #57606a; font-size: 14px; }
.meta span + span::before { content: " \\00b7  "; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
              font-size: 13px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px;
         border-bottom: 1px solid #eaeef2; }
th { font-size: 13px; color: #57606a; font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
.box { border: 1px solid; border-radius: 6px; padding: 10px 14px; margin: 12px 0; }
.box.error { background: #fff1f0; border-color: #ffb3ad; }
.box.warn { background: #fff8e6; border-color: #f0c868; }
.box.hint { background: #eef6ff; border-color: #a8cbf5; }
.box h3 { font-size: 15px; margin: 0 0 6px; }
.box ul { margin: 4px 0; padding-left: 20px; }
.badge { display: inline-block; min-width: 62px; text-align: center; border-radius: 10px;
         padding: 0 8px; font-size: 12px; font-weight: 600; }
.badge.pass { background: #dafbe1; color: #116329; }
.badge.fail { background: #ffebe9; color: #a40e26; }
.badge.void { background: #eaeef2; color: #57606a; }
.bar { background: #eaeef2; border-radius: 3px; height: 8px; width: 100%; }
.bar > div { background: #2da44e; border-radius: 3px; height: 8px; }
.wrap { overflow-wrap: anywhere; }
.muted { color: #57606a; }
footer { margin-top: 32px; color: #57606a; font-size: 13px; }
"""


def esc(value) -> str:
    """Any value as HTML text, quotes included."""
    return html.escape(str(value), quote=True)


def page(title, body, extra_style="") -> str:
    """A complete HTML document: ``title`` (plain text), ``body`` (HTML)."""
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(title)}</title>\n<style>{STYLE}{extra_style}</style>\n</head>\n"
            f"<body><main>\n{body}\n</main></body>\n</html>\n")


def number(value) -> str:
    """A score as people write it: 20, 7.5, 0.333333."""
    return f"{round(float(value), 6):g}"
