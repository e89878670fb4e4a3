"""The tests' own form reader posts what a browser would post."""

from django.http import HttpResponse

from tests.helpers import form_data

PAGE = """
<form method="post" action="/accounts/logout/"><input type="hidden" name="csrf" value="out"></form>
<form method="get" action="/"><input name="q" value="searched"></form>
<form method="post" action="/events/add/">
  <input type="hidden" name="loaded_version" value="3">
  <input type="hidden" name="initial-title" value="Old">
  <input name="title" value="Caf&eacute; &amp; co">
  <input name="untyped">
  <input type="search" name="q" value="ignored">
  <input type="submit" name="_create" value="company">
  <button type="submit" name="add_row" value="quotes">Add</button>
  <input type="checkbox" name="DELETE">
  <input type="checkbox" name="binding" checked>
  <input type="checkbox" name="companies-box" value="7" checked>
  <input type="radio" name="side" value="from">
  <input type="radio" name="side" value="to" checked>
  <input name="off" value="x" disabled>
  <textarea name="summary">
First line
second line</textarea>
  <textarea name="empty"></textarea>
  <select name="kind"><option value="mou">MOU</option><option value="loi">LOI</option></select>
  <select name="agreement"><option value="">None</option><option value="4" selected>Four</option></select>
  <select name="labelled"><option>  Plain   text </option></select>
  <select name="companies" multiple>
    <option value="1" selected>One</option><option value="2">Two</option>
    <option value="3" selected>Three</option>
  </select>
  <select name="nobody" multiple><option value="1">One</option></select>
</form>
<form method="post" action="/second/"><input name="second" value="no"></form>
"""


def test_form_data_reads_the_first_posting_form_as_a_browser_would():
    data = form_data(HttpResponse(PAGE))

    assert data == {
        "loaded_version": ["3"],
        "initial-title": ["Old"],
        "title": ["Café & co"],
        "untyped": [""],
        "binding": ["on"],
        "companies-box": ["7"],
        "side": ["to"],
        "summary": ["First line\nsecond line"],
        "empty": [""],
        "kind": ["mou"],
        "agreement": ["4"],
        "labelled": ["Plain text"],
        "companies": ["1", "3"],
    }


def test_form_data_changes_replace_fields_with_lists():
    data = form_data(HttpResponse(PAGE), title="New", companies=["2"], added="yes")

    assert (data["title"], data["companies"], data["added"]) == (["New"], ["2"], ["yes"])
