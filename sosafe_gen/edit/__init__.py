"""Stage 4, edit: changes to content files (progress, new plans and updates, imports, exports).

Every edit is checked against the whole content folder before one file is replaced.
"""
