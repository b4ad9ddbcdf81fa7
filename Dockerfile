# The service image: Python 3.11, dependencies from the lock file, the `complaintdesk` command.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 UV_PROJECT_ENVIRONMENT=/opt/venv PATH=/opt/venv/bin:$PATH
RUN pip install --no-cache-dir uv
WORKDIR /app
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-install-project --no-dev
COPY core core
COPY channels channels
COPY nlu nlu
COPY bots bots
COPY complaintdesk complaintdesk
RUN uv sync --frozen --no-dev
RUN useradd --create-home desk && mkdir -p /app/var && chown desk /app/var
USER desk
EXPOSE 8000
CMD ["complaintdesk", "serve", "--host", "0.0.0.0", "--port", "8000"]
