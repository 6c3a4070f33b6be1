"""Reading bash far enough to find commands and the SQL they carry, with source lines."""

from __future__ import annotations

import pytest
from fixbook.samples.shell.words import ShellSyntaxError, parse_commands, psql_sql


def test_commands_are_split_at_operators_and_newlines() -> None:
    commands = parse_commands("a 1 && b 2 | c; d\n# comment\ne \\\n  3 > out.txt 2>&1\n")

    assert [c.argv for c in commands] == [["a", "1"], ["b", "2"], ["c"], ["d"], ["e", "3"]]
    assert [c.line for c in commands] == [1, 1, 1, 1, 3]


def test_quotes_are_removed_and_escapes_undone_without_expansion() -> None:
    (command,) = parse_commands(
        """psql $URL -c "SELECT \\"User\\".id FROM \\"User\\" WHERE a='$X'" """
    )

    assert command.argv == ["psql", "$URL", "-c", """SELECT "User".id FROM "User" WHERE a='$X'"""]


def test_each_character_of_a_multi_line_string_keeps_its_line() -> None:
    (command,) = parse_commands('psql -c "\nSELECT 1,\n  oops\n"')
    (sql,) = psql_sql(command)

    assert sql.line_at(sql.text.index("oops")) == 3


def test_commands_inside_substitutions_and_sh_c_are_found() -> None:
    commands = parse_commands(
        'echo "$(rm -rf x)"\ndocker compose exec app bash -c "kill -9 1; ls"\n'
    )

    argvs = [c.argv for c in commands]
    assert ["rm", "-rf", "x"] in argvs
    assert ["kill", "-9", "1"] in argvs
    assert [c.line for c in commands if c.argv[0] == "kill"] == [2]


def test_a_here_document_is_the_commands_input() -> None:
    (command, after) = parse_commands("psql <<-'SQL'\n\tSELECT 1;\n\tSQL\necho done\n")

    assert [w.text for w in psql_sql(command)] == ["SELECT 1;\n"]
    assert psql_sql(command)[0].line_at(0) == 2
    assert (after.argv, after.line) == (["echo", "done"], 4)


def test_an_unterminated_quote_names_its_line() -> None:
    with pytest.raises(ShellSyntaxError) as raised:
        parse_commands("echo ok\necho 'oops\n")
    assert raised.value.line == 2
