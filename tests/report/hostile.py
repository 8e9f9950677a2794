"""Strings that would run or inject markup if a report wrote them as HTML."""

SCRIPT = "<script>alert(1)</script>"
IMAGE = '<img src=x onerror="alert(2)">'
QUOTE = '" onmouseover="alert(3)'
HOSTILE = (SCRIPT, IMAGE, QUOTE)
