"""MkDocs plugin ``verified-snippets``: a badge under each code block saying how it is proven."""
