"""Note bodies: a safe Markdown subset, rendered by markdown-it-py and sanitised by nh3."""

from __future__ import annotations

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

# "js-default": CommonMark without raw HTML; tables and images are not needed in a log.
_md = MarkdownIt("js-default").disable(["image", "table"])
_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "code",
    "pre",
    "blockquote",
    "h3",
    "h4",
    "hr",
    "del",
}


@lru_cache(maxsize=4096)
def render(body: str) -> str:
    """Markdown to sanitised HTML; links get rel="noopener noreferrer"."""
    html = _md.render(body)
    # Headings shrink so a note cannot shout over the page structure.
    for level in ("h1", "h2"):
        html = html.replace(f"<{level}>", "<h3>").replace(f"</{level}>", "</h3>")
    for level in ("h5", "h6"):
        html = html.replace(f"<{level}>", "<h4>").replace(f"</{level}>", "</h4>")
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
