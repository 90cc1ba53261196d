"""The content contract, pages: the public pages of whatever `content/` holds.

As in test_content_published.py, each expectation is derived from the content
(tests/contract/): run on the repository's content and on each fixture partnership.
"""

from __future__ import annotations

from contract import (
    Project,
    archive_lists_every_document_by_year,
    every_document_page_names_its_source,
    every_record_links_to_its_themes,
    every_strategy_and_plan_has_its_pdf,
    every_theme_page_link_resolves,
    every_update_is_on_its_page_its_themes_and_the_feed,
    home_page_shows_the_partnerships_routes_and_news,
    no_page_has_an_empty_section_or_a_doubled_stop,
    quick_exit_on_sensitive_pages_only,
    reports_and_the_documents_they_discuss_link_both_ways,
    statement_is_honest_and_linked_from_every_page,
    themes_index_has_a_row_per_theme_and_years_in_order,
)


def test_home_page_shows_the_report_routes_and_latest_updates(project: Project) -> None:
    assert home_page_shows_the_partnerships_routes_and_news(project) == []


def test_archive_lists_every_document_by_year_newest_first(project: Project) -> None:
    assert archive_lists_every_document_by_year(project) == []


def test_document_pages_say_their_source_and_when_published(project: Project) -> None:
    assert every_document_page_names_its_source(project) == []


def test_reports_and_what_they_discuss_link_both_ways(project: Project) -> None:
    assert reports_and_the_documents_they_discuss_link_both_ways(project) == []


def test_statement_is_honest_and_linked_from_every_page(project: Project) -> None:
    assert statement_is_honest_and_linked_from_every_page(project) == []


def test_quick_exit_on_sensitive_pages_only_straight_after_the_skip_link(
    project: Project,
) -> None:
    assert quick_exit_on_sensitive_pages_only(project) == []


def test_every_update_is_on_its_page_its_themes_and_in_the_feed(project: Project) -> None:
    assert every_update_is_on_its_page_its_themes_and_the_feed(project) == []


def test_themes_index_is_a_theme_by_year_matrix(project: Project) -> None:
    assert themes_index_has_a_row_per_theme_and_years_in_order(project) == []


def test_theme_pages_link_only_to_what_exists(project: Project) -> None:
    assert every_theme_page_link_resolves(project) == []


def test_items_link_back_to_their_themes(project: Project) -> None:
    assert every_record_links_to_its_themes(project) == []


def test_no_page_has_an_empty_section_or_doubled_stop(project: Project) -> None:
    assert no_page_has_an_empty_section_or_a_doubled_stop(project) == []


def test_every_strategy_and_plan_links_its_tagged_pdf_holding_its_text(project: Project) -> None:
    assert every_strategy_and_plan_has_its_pdf(project) == []
