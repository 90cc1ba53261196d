"""The content contract, records: nothing in `content/` is lost on the way to the site.

Every expectation is read from the content itself (tests/contract/), so these hold for
whichever partnership's content the repository holds and for every fixture partnership,
and an editor's change to `content/` never breaks them. Engine tests (what the generator
does with particular input) run on the fixture partnerships in the other test modules.
"""

from __future__ import annotations

import pytest
from contract import (
    Project,
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


def test_every_text_of_every_record_is_on_the_site(project: Project) -> None:
    assert every_text_is_on_the_site(project) == []


def test_every_record_names_its_source(project: Project) -> None:
    assert every_cited_document_is_named(project) == []


def test_every_figure_value_is_on_its_page(project: Project) -> None:
    assert every_figure_value_is_on_its_page(project) == []


def test_chart_table_and_csv_hold_the_series_numbers(project: Project) -> None:
    assert every_chart_table_and_csv_holds_the_series(project) == []


def test_every_funding_amount_is_published(project: Project) -> None:
    assert every_funding_amount_is_published(project) == []


def test_counts_of_records(project: Project) -> None:
    """The numbers pages report are the content's own, counted from the loaded content."""
    assert counts_agree_with_the_content(project) == []


def test_officers_names_are_not_published_by_default(project: Project) -> None:
    """Organisations always; the names of officers (leads, partners, report authors,
    meeting contacts) on no page, in no search entry and in no open data."""
    if project.options.show_officer_names:
        pytest.skip("this partnership's config shows officers' names")
    if not people(project.content):
        pytest.skip("the content names no officers")
    assert officers_names_are_not_published(project) == []


def test_open_data_reloads_to_the_records_as_published(project: Project) -> None:
    assert exported_records_reload_as_published(project) == []


def test_brand_is_the_sites_style(project: Project) -> None:
    assert brand_is_the_sites_style(project) == []


def test_every_content_file_survives_an_edit_untouched(project: Project) -> None:
    assert every_content_file_survives_an_edit(project) == []


def test_comments_in_content_name_documents_not_folders(project: Project) -> None:
    assert comments_name_documents_not_folders(project) == []
