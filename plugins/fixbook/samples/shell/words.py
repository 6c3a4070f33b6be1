"""Bash source read the way bash reads it, far enough to know what each command would run.

The shell evaluator needs two things a regular expression cannot give: the SQL inside
``psql -c "..."`` (with ``\\"`` escapes undone, possibly over several lines) and each command's
name and arguments (``rm -rf``, ``docker compose down -v``) so that refusals match words, not
substrings of comments or strings. This lexer does quote removal without expansion (``$VAR``
stays as written), splits commands at ``;``, ``&``, ``|``, ``&&``, ``||``, newlines and
parentheses, drops comments and redirections, reads here-documents, and lexes the insides of
``$(...)``, backquotes and ``bash -c '...'`` as commands of their own. Every character of every
word remembers its source line, so a position inside an extracted string maps back to the
block's line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

_OPERATOR_CHARS = ";&|()\n"
_BLANK = " \t"
_DOUBLE_QUOTE_ESCAPES = '$`"\\'
SHELLS = frozenset({"bash", "sh", "zsh", "dash", "ksh"})


@dataclass
class Word:
    text: str  # after quote removal, without expansion
    lines: list[int]  # 1-based source line of each character of ``text``
    line: int  # where the word starts

    def line_at(self, index: int) -> int:
        """Source line of ``text[index]`` (the word's last line past its end)."""
        if not self.lines:
            return self.line
        return self.lines[max(0, min(index, len(self.lines) - 1))]


@dataclass
class Command:
    words: list[Word]
    heredocs: list[Word] = field(default_factory=list)  # bodies fed to this command

    @property
    def line(self) -> int:
        return self.words[0].line if self.words else self.heredocs[0].line

    @property
    def argv(self) -> list[str]:
        return [word.text for word in self.words]


class ShellSyntaxError(ValueError):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


def parse_commands(source: str) -> list[Command]:
    """All commands of a script, those inside substitutions and ``sh -c`` strings included."""
    lines: list[int] = []
    line = 1
    for char in source:
        lines.append(line)
        if char == "\n":
            line += 1
    return _Lexer(source, lines).commands()


def _nested(word: Word) -> list[Command]:
    return _Lexer(word.text, word.lines).commands()


class _Lexer:
    def __init__(self, text: str, lines: list[int]) -> None:
        self.text = text
        self.lines = lines
        self.i = 0
        self.found: list[Command] = []  # commands from substitutions, in order
        self.pending_heredocs: list[tuple[str, bool, Command]] = []

    def line(self, index: int | None = None) -> int:
        index = self.i if index is None else index
        if not self.lines:
            return 1
        return self.lines[min(index, len(self.lines) - 1)]

    def commands(self) -> list[Command]:
        commands: list[Command] = []
        current = Command([])
        redirect_target = False
        while self.i < len(self.text):
            char = self.text[self.i]
            if char in _BLANK:
                self.i += 1
            elif char == "\\" and self.text.startswith("\\\n", self.i):
                self.i += 2  # line continuation
            elif char == "#":
                end = self.text.find("\n", self.i)
                self.i = len(self.text) if end < 0 else end
            elif char in _OPERATOR_CHARS:
                if char == "\n" and self.pending_heredocs:
                    self.i += 1
                    self._read_heredocs()
                else:
                    self.i += 1
                if current.words or current.heredocs:
                    commands.append(current)
                current = Command([])
            elif char in "<>":
                redirect_target = self._redirection(current)
            else:
                word = self._word()
                if redirect_target:
                    redirect_target = False
                else:
                    current.words.append(word)
        if current.words or current.heredocs:
            commands.append(current)
        if self.pending_heredocs:
            delimiter, _, command = self.pending_heredocs[0]
            raise ShellSyntaxError(
                f"here-document delimited by {delimiter!r} is not closed", command.line
            )
        result: list[Command] = []
        for command in [*commands, *self.found]:
            result.append(command)
            result.extend(_shell_c_commands(command))
        return result

    def _redirection(self, current: Command) -> bool:
        """Consume a redirection operator; True when a target word follows."""
        fd_number = self.i > 0 and self.text[self.i - 1].isdigit()
        if fd_number and current.words and current.words[-1].text.isdigit():
            current.words.pop()  # the fd number of `2>` (not the argument of `echo 2 >`)
        if self.text.startswith("<<<", self.i):
            self.i += 3
            return False  # a here-string is data; keep it as a word
        if self.text.startswith("<<", self.i):
            self.i += 2
            strip_tabs = self.text.startswith("-", self.i)
            if strip_tabs:
                self.i += 1
            while self.i < len(self.text) and self.text[self.i] in _BLANK:
                self.i += 1
            delimiter = self._word().text
            self.pending_heredocs.append((delimiter, strip_tabs, current))
            return False
        self.i += 1
        while self.i < len(self.text) and self.text[self.i] in "<>&|":
            self.i += 1
        return True

    def _read_heredocs(self) -> None:
        for delimiter, strip_tabs, command in self.pending_heredocs:
            body_chars: list[str] = []
            body_lines: list[int] = []
            start_line = self.line()
            closed = False
            while self.i < len(self.text):
                end = self.text.find("\n", self.i)
                end = len(self.text) if end < 0 else end
                raw = self.text[self.i : end]
                line_text = raw.lstrip("\t") if strip_tabs else raw
                if line_text == delimiter:
                    self.i = min(end + 1, len(self.text))
                    closed = True
                    break
                offset = self.i + (len(raw) - len(line_text))
                for k, ch in enumerate(line_text + "\n"):
                    body_chars.append(ch)
                    body_lines.append(self.line(min(offset + k, len(self.text) - 1)))
                self.i = end + 1
            if not closed:
                raise ShellSyntaxError(
                    f"here-document delimited by {delimiter!r} is not closed", start_line
                )
            command.heredocs.append(Word("".join(body_chars), body_lines, start_line))
        self.pending_heredocs = []

    def _word(self) -> Word:
        chars: list[str] = []
        lines: list[int] = []
        start = self.line()

        def keep(text: str, index: int) -> None:
            for k, ch in enumerate(text):
                chars.append(ch)
                lines.append(self.line(index + k))

        while self.i < len(self.text):
            char = self.text[self.i]
            if char in _BLANK or char in _OPERATOR_CHARS or char in "<>":
                break
            if char == "\\":
                if self.text.startswith("\\\n", self.i):
                    self.i += 2
                    continue
                keep(self.text[self.i + 1 : self.i + 2], self.i + 1)
                self.i += 2
            elif char == "'":
                end = self.text.find("'", self.i + 1)
                if end < 0:
                    raise ShellSyntaxError("unterminated single quote", self.line())
                keep(self.text[self.i + 1 : end], self.i + 1)
                self.i = end + 1
            elif char == '"':
                self._double_quoted(keep)
            elif char == "$" and self.text.startswith("$'", self.i):
                self._ansi_c_quoted(keep)
            elif not self._expansion(keep):
                keep(char, self.i)
                self.i += 1
        return Word("".join(chars), lines, start)

    def _double_quoted(self, keep) -> None:
        start_line = self.line()
        self.i += 1
        while self.i < len(self.text):
            char = self.text[self.i]
            if char == '"':
                self.i += 1
                return
            if char == "\\" and self.i + 1 < len(self.text):
                following = self.text[self.i + 1]
                if following == "\n":
                    self.i += 2
                    continue
                if following in _DOUBLE_QUOTE_ESCAPES:
                    keep(following, self.i + 1)
                    self.i += 2
                    continue
                keep(char, self.i)
                self.i += 1
            elif not self._expansion(keep):
                keep(char, self.i)
                self.i += 1
        raise ShellSyntaxError("unterminated double quote", start_line)

    def _ansi_c_quoted(self, keep) -> None:
        escapes = {"n": "\n", "t": "\t", "\\": "\\", "'": "'", '"': '"', "a": "\a", "e": "\x1b"}
        start_line = self.line()
        self.i += 2
        while self.i < len(self.text):
            char = self.text[self.i]
            if char == "'":
                self.i += 1
                return
            if char == "\\" and self.i + 1 < len(self.text):
                keep(escapes.get(self.text[self.i + 1], self.text[self.i + 1]), self.i)
                self.i += 2
            else:
                keep(char, self.i)
                self.i += 1
        raise ShellSyntaxError("unterminated $'...' string", start_line)

    def _expansion(self, keep) -> bool:
        """``$((...))``, ``${...}``, ``$(...)`` or backquotes at ``i``, kept as written."""
        if self.text.startswith("$((", self.i):
            end = self._matching(self.i + 1, "(", ")")
        elif self.text.startswith("${", self.i):
            end = self._matching(self.i + 1, "{", "}")
        elif self.text.startswith("$(", self.i):
            self._substitution(keep, self.i + 1)
            return True
        elif self.text.startswith("`", self.i):
            self._backquoted(keep)
            return True
        else:
            return False
        keep(self.text[self.i : end], self.i)
        self.i = end
        return True

    def _substitution(self, keep, open_index: int) -> None:
        """``$( ... )``: kept literally in the word, its commands lexed on their own."""
        end = self._matching(open_index, "(", ")")
        inner = _Lexer(self.text[open_index + 1 : end - 1], self.lines[open_index + 1 : end - 1])
        self.found.extend(inner.commands())
        keep(self.text[self.i : end], self.i)
        self.i = end

    def _backquoted(self, keep) -> None:
        end = self.text.find("`", self.i + 1)
        if end < 0:
            raise ShellSyntaxError("unterminated backquote", self.line())
        inner = _Lexer(self.text[self.i + 1 : end], self.lines[self.i + 1 : end])
        self.found.extend(inner.commands())
        keep(self.text[self.i : end + 1], self.i)
        self.i = end + 1

    def _matching(self, open_index: int, opening: str, closing: str) -> int:
        """Index after the bracket closing the one at ``open_index`` (quotes respected)."""
        depth = 0
        i = open_index
        while i < len(self.text):
            char = self.text[i]
            if char == "\\":
                i += 2
                continue
            if char in "'\"":
                end = self.text.find(char, i + 1)
                while char == '"' and end > 0 and self.text[end - 1] == "\\":
                    end = self.text.find(char, end + 1)
                if end < 0:
                    break
                i = end + 1
                continue
            if char == opening:
                depth += 1
            elif char == closing:
                depth -= 1
                if depth == 0:
                    return i + 1
            i += 1
        raise ShellSyntaxError(f"unclosed {opening!r}", self.line(open_index))


def _shell_c_commands(command: Command) -> list[Command]:
    """The commands of ``bash -c '...'`` (also behind ``docker compose exec app``)."""
    nested: list[Command] = []
    words = command.words
    for index, word in enumerate(words[:-2]):
        if word.text.rsplit("/", 1)[-1] in SHELLS and words[index + 1].text == "-c":
            nested.extend(_nested(words[index + 2]))
    return nested


def psql_sql(command: Command) -> list[Word]:
    """The SQL a ``psql`` command runs: ``-c``/``--command`` strings and here-documents."""
    sql: list[Word] = []
    for index, word in enumerate(command.words):
        if word.text.rsplit("/", 1)[-1] != "psql":
            continue
        args = command.words[index + 1 :]
        for position, arg in enumerate(args):
            if arg.text in {"-c", "--command"} and position + 1 < len(args):
                sql.append(args[position + 1])
            elif arg.text.startswith("--command="):
                value = arg.text[len("--command=") :]
                skip = len(arg.text) - len(value)
                sql.append(Word(value, arg.lines[skip:], arg.line_at(skip)))
        sql.extend(command.heredocs)
        break
    return sql
