"""Stage 3, render: planned pages to text (Jinja templates, Markdown with nh3, charts, feed)."""
