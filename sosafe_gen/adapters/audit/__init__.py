"""`sosafe audit`: a built site in a real browser, checked as the statement claims.

Modules: `command` (the subcommand), `run` (from tools to report), `tools` (chromium, Java,
vnu.jar), `server` (the site on 127.0.0.1), `sensitive` (which pages need the quick exit),
`browser` (one visit per page and width, every browser check), `keyboard` (+ `keyboard_js`),
`scripts` (the other in-page JavaScript), `html` (the Nu Html Checker), `report` (summary,
files). The report's format and reader are in `site/audit_report.py`, where the
accessibility statement can read them.
"""
