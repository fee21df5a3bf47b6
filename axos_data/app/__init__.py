"""The workbench app: the ASGI server that serves every notebook in notebooks/ from one
process, and the small shared pieces those notebooks use (context, widgets, formatting)."""
