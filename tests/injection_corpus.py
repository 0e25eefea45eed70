"""Strings that try to become markup, script or template code, for the injection tests.

Each is something seen in the wild or in this pipeline's own history (SECURITY.md):
script and event handlers, javascript: links in HTML, Markdown and autolinks, entities
that decode to markup, SVG, attr_list, snippets, fences, tables, Jinja and MkDocs macros.
"""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).parent / "data"

_TAGS = ["img src=x", "svg", "body", "iframe src=about:blank", "video src=x", "audio src=x",
         "details open", "input autofocus", "select autofocus", "marquee", "object data=x", "embed src=x"]
_HANDLERS = ["onerror", "onload", "onfocus", "ontoggle", "onmouseover", "onstart", "onbegin"]

CORPUS: list[str] = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//example.com/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "</script><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "<style>*{display:none}</style>",
    "<link rel=stylesheet href=//example.com/x.css>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "<base href=//example.com/>",
    "<a href=javascript:alert(1)>click</a>",
    "<a href=\"jav&#x61;script:alert(1)\">entity</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">case</a>",
    "<a href=\"java\tscript:alert(1)\">tab</a>",
    "<a href=\"data:text/html,<script>alert(1)</script>\">data</a>",
    "<a href=\"vbscript:msgbox(1)\">vb</a>",
    "[md link](javascript:alert(1))",
    "[md link entity](jav&#x61;script:alert(1))",
    "[md link spaced](javascript :alert(1))",
    "[ref link][x]\n\n[x]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "<https://example.com/\"onmouseover=\"alert(1)>",
    "![img](x\" onerror=\"alert(1))",
    "![img](javascript:alert(1))",
    "[a](https://example.com/)x) [b](javascript:alert(1))",
    "[a](https://example.com/ \"title\" onclick=alert(1))",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "&#x3C;img src=x onerror=alert(1)&#x3E;",
    "&amp;lt;b&amp;gt;",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "<svg><script>alert(1)</script></svg>",
    "<svg/onload=alert(1)>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text x=20 y=20>x</text></a></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<!--<img src=x onerror=alert(1)>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<div style=\"background:url(javascript:alert(1))\">css</div>",
    "<p style=\"position:fixed;top:0;left:0;width:100%;height:100%\">overlay</p>",
    "<form action=javascript:alert(1)><button>go</button></form>",
    "<button formaction=javascript:alert(1)>b</button>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "\"><script>alert(1)</script>",
    "'><script>alert(1)</script>",
    "\" onmouseover=\"alert(1)",
    "' onfocus='alert(1)' autofocus='",
    "{: onclick=alert(1) }",
    "{ onclick=alert(1) }",
    "text\n{: .x onmouseover=alert(1) }",
    "[x](https://example.com/){ onclick=alert(1) }",
    "# heading {: #id onclick=alert(1) }",
    "--8<-- \"/etc/passwd\"",
    ";--8<-- \"/etc/hostname\"",
    "--8<--\n/etc/passwd\n--8<--",
    "```\n</code></pre><script>alert(1)</script>\n```",
    "~~~html\n<script>alert(1)</script>\n~~~",
    "    indented <script>alert(1)</script>",
    "`code <script>alert(1)</script>`",
    "``` onload=alert(1)",
    "| a | b |\n|---|---|\n| <script>alert(1)</script> | x |",
    "| broken | table\n|---",
    "cell | with | pipes",
    "=== \"Tab\"\n\n    <script>alert(1)</script>",
    "!!! note \"<img src=x onerror=alert(1)>\"",
    "??? danger \"x\"\n    <script>alert(1)</script>",
    "{{ 7*7 }}",
    "{{ config }}",
    "{{ ''.__class__.__mro__ }}",
    "{% raw %}{{ 7*7 }}{% endraw %}",
    "{% for x in range(9999999) %}x{% endfor %}",
    "{# comment #}",
    "${7*7}",
    "#{7*7}",
    "<%= 7*7 %>",
    "{{ page.meta }}",
    ":smile: :material-alert:",
    "$$ x^2 $$",
    "*emphasis* **strong** _u_ __uu__ ~~del~~ ^^ins^^ ==mark==",
    "# not a heading",
    "1. not a list",
    "- not a list",
    "> not a quote",
    "---",
    "***",
    "<br><hr>",
    "line one\nline two\r\nline three",
    "trailing backslash \\",
    "\\<script\\>alert(1)\\</script\\>",
    "\u202eevil\u202c reversed",
    "zero\u200bwidth",
    "null\x00byte",
    "bell\x07 and escape\x1b[31m",
    "Пишите <b>жирным</b> и *курсивом*",
    "引用 <script>alert('xss')</script>",
    "emoji 🚀 <img src=x onerror=alert(1)>",
    "<img src=x onerror=alert(1)//",
    "<img/src=x/onerror=alert(1)>",
    "<IMG SRC=\"jav&#x0A;ascript:alert(1)\">",
    "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">dec</a>",
]
CORPUS += [f"<{tag} {handler}=alert(1)>" for tag in _TAGS for handler in _HANDLERS[:2]]


def _naughty_strings() -> list[str]:
    """The Big List of Naughty Strings (tests/data/blns.txt; tests/data/README.md says where it comes from, and
    blns.LICENSE is its licence): one string a line; lines starting with '#' are the list's comments. Read as
    bytes so that a carriage return inside a string stays in it."""
    text = (DATA / "blns.txt").read_bytes().decode("utf-8")
    return [line for line in text.split("\n") if line and not line.startswith("#")]


BLNS = _naughty_strings()
# Every string of the corpus goes into every text field, joined; a field holds at most 20,000 characters and the
# whole list makes 19,000 alone. Every other string, in the list's order, keeps each of its sections in.
CORPUS += BLNS[::2]


def _owasp_vectors() -> list[str]:
    """OWASP's XSS filter evasion vectors as bleach's regression data holds them (tests/data/owasp-xss/, whose
    README entry says where they come from and LICENSE is their licence): each file's text before its `--`
    line."""
    files = sorted((DATA / "owasp-xss").glob("*.test"), key=lambda path: int(path.stem))
    return [path.read_bytes().decode("utf-8").split("\n--\n", 1)[0] for path in files]


OWASP = _owasp_vectors()
CORPUS += OWASP
