"""Stage 2, site: every page and file of the site planned from the content, before rendering.

The page and site types hold the URL scheme; one planner per kind of page adds its pages.
"""
