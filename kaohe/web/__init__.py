"""考核工作台: the web workspace (FastAPI + Jinja2, server-rendered Chinese pages)."""
