# The ChungBaek service image: the Python application only. Neo4j runs as its own container
# (see docker-compose.yml) and is reached through NEO4J_URI.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    CHUNGBAEK_STATE_DIR=/var/lib/chungbaek

RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY core ./core
COPY chungbaek ./chungbaek
COPY graph ./graph
COPY loaders ./loaders
COPY linkage ./linkage
COPY detectors ./detectors
COPY cases ./cases
COPY api ./api
RUN pip install --no-cache-dir . \
    && if [ -f api/explorer/package.json ]; then cd api/explorer && npm ci --omit=dev --no-audit --no-fund; fi

RUN useradd --system --home /var/lib/chungbaek chungbaek && mkdir -p /var/lib/chungbaek \
    && chown chungbaek /var/lib/chungbaek
USER chungbaek
EXPOSE 8000
CMD ["chungbaek", "serve", "--host", "0.0.0.0", "--port", "8000"]
