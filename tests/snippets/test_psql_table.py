"""SQL result sets are shown as psql's aligned format, so expected outputs read like psql."""

from __future__ import annotations

from decimal import Decimal

from fixbook.samples.evaluators.psql_table import aligned_table


def test_headers_are_centred_numbers_right_and_text_left_aligned() -> None:
    table = aligned_table(["id", "state"], [(1, "idle"), (12, "active")])

    assert table == (" id | state\n----+--------\n  1 | idle\n 12 | active\n(2 rows)\n")


def test_one_row_says_row_and_null_is_an_empty_cell() -> None:
    table = aligned_table(["count", "note"], [(Decimal("3"), None)])

    assert table.splitlines()[-1] == "(1 row)"
    assert table.splitlines()[2] == "     3 |"


def test_booleans_print_as_t_and_f() -> None:
    assert aligned_table(["ok"], [(True,), (False,)]).splitlines()[2:4] == [" t", " f"]


def test_an_empty_result_still_has_its_header_and_footer() -> None:
    assert aligned_table(["datname"], []) == " datname\n---------\n(0 rows)\n"
