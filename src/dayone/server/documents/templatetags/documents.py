"""Template filters of documents: Markdown rendered safely."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from dayone.server.documents.writing import render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    """Markdown as sanitised HTML (raw HTML escaped, only safe tags and links kept)."""
    return mark_safe(render_markdown(str(text)))  # noqa: S308 - sanitised by nh3
