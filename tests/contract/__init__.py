"""The content contract: what any partnership's built site must show of its own content.

Every check reads what it expects from the content itself (never a number or a name of
one partnership) and returns what is wrong, empty when the site is right, so the same
checks hold for Stevenage's content, a fixture partnership or a site fresh from
`sosafe init`, and an editor's change to `content/` never breaks them.
"""

from __future__ import annotations

from collections.abc import Callable

from .pages import (
    archive_lists_every_document_by_year,
    every_document_page_names_its_source,
    every_record_links_to_its_themes,
    every_theme_page_link_resolves,
    every_update_is_on_its_page_its_themes_and_the_feed,
    home_page_shows_the_partnerships_routes_and_news,
    no_page_has_an_empty_section_or_a_doubled_stop,
    quick_exit_on_sensitive_pages_only,
    reports_and_the_documents_they_discuss_link_both_ways,
    statement_is_honest_and_linked_from_every_page,
    themes_index_has_a_row_per_theme_and_years_in_order,
)
from .pdfs import every_strategy_and_plan_has_its_pdf, pdf_links, pdf_problems, pdf_text
from .project import Project, article, hrefs, resolves, text_of
from .records import (
    brand_is_the_sites_style,
    comments_name_documents_not_folders,
    counts_agree_with_the_content,
    every_chart_table_and_csv_holds_the_series,
    every_cited_document_is_named,
    every_content_file_survives_an_edit,
    every_figure_value_is_on_its_page,
    every_funding_amount_is_published,
    every_text_is_on_the_site,
    exported_records_reload_as_published,
    officers_names_are_not_published,
    people,
)

CHECKS: list[Callable[[Project], list[str]]] = [
    every_text_is_on_the_site,
    every_strategy_and_plan_has_its_pdf,
    every_cited_document_is_named,
    every_document_page_names_its_source,
    every_figure_value_is_on_its_page,
    every_chart_table_and_csv_holds_the_series,
    every_funding_amount_is_published,
    counts_agree_with_the_content,
    officers_names_are_not_published,
    exported_records_reload_as_published,
    brand_is_the_sites_style,
    every_content_file_survives_an_edit,
    comments_name_documents_not_folders,
    archive_lists_every_document_by_year,
    statement_is_honest_and_linked_from_every_page,
    quick_exit_on_sensitive_pages_only,
    home_page_shows_the_partnerships_routes_and_news,
    every_update_is_on_its_page_its_themes_and_the_feed,
    themes_index_has_a_row_per_theme_and_years_in_order,
    every_theme_page_link_resolves,
    every_record_links_to_its_themes,
    reports_and_the_documents_they_discuss_link_both_ways,
    no_page_has_an_empty_section_or_a_doubled_stop,
]


def breaches(p: Project) -> dict[str, list[str]]:
    """Every check's findings, by check; empty when the site keeps the whole contract."""
    found = {check.__name__: check(p) for check in CHECKS}
    return {name: problems for name, problems in found.items() if problems}


__all__ = [
    "CHECKS",
    "Project",
    "archive_lists_every_document_by_year",
    "article",
    "brand_is_the_sites_style",
    "breaches",
    "comments_name_documents_not_folders",
    "counts_agree_with_the_content",
    "every_chart_table_and_csv_holds_the_series",
    "every_cited_document_is_named",
    "every_content_file_survives_an_edit",
    "every_document_page_names_its_source",
    "every_figure_value_is_on_its_page",
    "every_funding_amount_is_published",
    "every_record_links_to_its_themes",
    "every_strategy_and_plan_has_its_pdf",
    "every_text_is_on_the_site",
    "every_theme_page_link_resolves",
    "every_update_is_on_its_page_its_themes_and_the_feed",
    "exported_records_reload_as_published",
    "home_page_shows_the_partnerships_routes_and_news",
    "hrefs",
    "no_page_has_an_empty_section_or_a_doubled_stop",
    "officers_names_are_not_published",
    "pdf_links",
    "pdf_problems",
    "pdf_text",
    "people",
    "quick_exit_on_sensitive_pages_only",
    "reports_and_the_documents_they_discuss_link_both_ways",
    "resolves",
    "statement_is_honest_and_linked_from_every_page",
    "text_of",
    "themes_index_has_a_row_per_theme_and_years_in_order",
]
