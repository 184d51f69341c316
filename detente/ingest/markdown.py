"""Markdown to plain text: drop the markup, keep the words; the first heading is the title."""

from __future__ import annotations

import re
from typing import Any

import yaml

MAX_FRONT_MATTER_DEPTH = 32  # deeper "[[[[..." front matter is read as text, not parsed
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n(?:---|\.\.\.)\n", re.DOTALL)
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s(.*))?$")
_SETEXT_UNDERLINE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_REFERENCE_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+")
_BLOCK_PREFIX = re.compile(r"^\s{0,3}(>\s?)+|^\s*([-*+]|\d{1,9}[.)])\s+")

# (pattern, replacement) applied in order to each line of prose. What a span may contain
# excludes its own opening mark, so a search from one mark stops at the next one: the time
# stays linear in the line's length however the marks are arranged ("_a _a _a ...").
_INLINE_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"!\[[^\[\]]*\]\([^()]*\)"), ""),  # images
    (re.compile(r"!\[[^\[\]]*\]\[[^\[\]]*\]"), ""),
    (re.compile(r"\[([^\[\]]*)\]\([^()]*\)"), r"\1"),  # links
    (re.compile(r"\[([^\[\]]+)\]\[[^\[\]]*\]"), r"\1"),
    (re.compile(r"<((?:https?|mailto):[^<>\s]+)>"), r"\1"),  # autolinks
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>"), ""),  # inline HTML tags
    (re.compile(r"`([^`]+)`"), r"\1"),
    (re.compile(r"\*\*(?=\S)((?:[^*]|\*(?!\*))+?)(?<=\S)\*\*"), r"\1"),
    (re.compile(r"__(?=\S)((?:[^_]|_(?!_))+?)(?<=\S)__"), r"\1"),
    (re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)([^_]+?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"~~((?:[^~]|~(?!~))+?)~~"), r"\1"),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|])"), r"\1"),  # backslash escapes
)


class _FrontMatterLoader(yaml.SafeLoader):
    """Safe YAML without aliases: "a: &x [...]; b: [*x, *x, ...]" cannot multiply itself."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise yaml.YAMLError("aliases are not allowed in front matter")
        return super().compose_node(parent, index)


def split_front_matter(source: str) -> tuple[dict[str, Any], str]:
    """Split a leading YAML block (``---`` ... ``---``) off; ({}, source) if there is none."""
    match = _FRONT_MATTER.match(source)
    if match is None or _flow_depth(match.group(1)) > MAX_FRONT_MATTER_DEPTH:
        return {}, source
    try:
        fields = yaml.load(match.group(1), Loader=_FrontMatterLoader)  # noqa: S506 (safe)
    except (yaml.YAMLError, ValueError, OverflowError, RecursionError):
        # bad YAML, an impossible date ("date: 2025-02-30"), nesting past the stack
        return {}, source
    if not isinstance(fields, dict):
        return {}, source
    return {str(key): value for key, value in fields.items()}, source[match.end():]


def _flow_depth(block: str) -> int:
    """How deep "[" and "{" nest in a YAML block (quotes ignored: an upper bound)."""
    depth = deepest = 0
    for char in block:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(depth - 1, 0)
    return deepest


def markdown_to_text(source: str) -> tuple[str | None, str]:
    """Return (title, plain text). The title is the first heading, removed from the text."""
    title: str | None = None
    lines: list[str] = []
    in_fence = False
    for line in _atx_headings(source.split("\n")):
        if _FENCE.match(line):
            in_fence = not in_fence
        elif in_fence:
            lines.append(line)
        elif _RULE.match(line) or _REFERENCE_DEFINITION.match(line):
            continue
        elif heading := _HEADING.match(line):
            text = strip_inline(_heading_text(heading.group(1) or ""))
            if title is None:
                title = text
            else:
                lines.append(text)
        else:
            lines.append(strip_inline(_BLOCK_PREFIX.sub("", line)))
    return title or None, _tidy(lines)


def _heading_text(raw: str) -> str:
    """"Talks resume ##" -> "Talks resume": the closing hashes are not part of the heading."""
    text = raw.strip()
    closed = text.rstrip("#")
    if closed != text and (not closed or closed[-1].isspace()):
        text = closed
    return text.strip()


def strip_inline(line: str) -> str:
    for pattern, replacement in _INLINE_RULES:
        line = pattern.sub(replacement, line)
    return line


def _atx_headings(lines: list[str]) -> list[str]:
    """Rewrite setext headings ("Title" over "=====") as "# Title"."""
    out: list[str] = []
    for line in lines:
        previous = out[-1] if out else ""
        is_paragraph_line = previous.strip() and not _HEADING.match(previous)
        if _SETEXT_UNDERLINE.match(line) and is_paragraph_line and not _RULE.match(previous):
            out[-1] = "# " + previous.strip()
        else:
            out.append(line)
    return out


def _tidy(lines: list[str]) -> str:
    text = "\n".join(line.rstrip() for line in lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
