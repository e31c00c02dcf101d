"""The command line's texts for the message catalogue: the usual keywords (`Text`, `Plural`), and the
help texts click shows, which are their own msgids: commands' docstrings and options' `help=`.

babel.cfg has `pybabel extract` read survey/cli/*.py through `extract`, so the English catalogue keeps
them like any other text (survey/cli/common.py shows them in the language of the run).
"""
from __future__ import annotations

import ast
from typing import IO, Any, Iterator

COMMAND_DECORATORS = {"command", "group"}


def _makes_a_command(decorator: ast.expr) -> bool:
    """`@command()`, `@click.group()`, `@unit.command("list")` …"""
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
    return name in COMMAND_DECORATORS


def help_texts(source: str) -> Iterator[tuple[int, str]]:
    """(line, text) of every command's docstring and every `help="…"` in a module's source."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef) and any(_makes_a_command(d) for d in node.decorator_list):
            doc = ast.get_docstring(node)  # cleaned as click cleans it
            if doc:
                yield node.lineno, doc
        elif isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg == "help" and isinstance(keyword.value, ast.Constant) \
                        and isinstance(keyword.value.value, str):
                    yield keyword.value.lineno, keyword.value.value


def extract(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict) -> Iterator[tuple]:
    """A Babel extraction method: Python's, and the help texts."""
    from babel.messages.extract import extract_python

    source = fileobj.read()
    fileobj.seek(0)
    yield from extract_python(fileobj, keywords, comment_tags, options)
    for line, text in help_texts(source.decode(options.get("encoding", "utf-8"))):
        yield line, None, text, []
