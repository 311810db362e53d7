# The ChungBaek service image: the Python application only, installed from its wheel. Neo4j runs as its
# own container (see docker-compose.yml) and is reached through NEO4J_URI.

# Build stage: Node.js fetches the explorer's front-end libraries, which are copied into the package
# (api/explorer/vendor/) and built into the wheel with the rest of the package data.
FROM python:3.11-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml README.md ./
COPY core ./core
COPY chungbaek ./chungbaek
COPY graph ./graph
COPY loaders ./loaders
COPY linkage ./linkage
COPY detectors ./detectors
COPY cases ./cases
COPY api ./api
RUN cd api/explorer && npm ci --omit=dev --no-audit --no-fund \
    && cd /src && python -m api.explorer.assets \
    && rm -rf api/explorer/node_modules \
    && pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

# Runtime stage: the wheel and its dependencies; no Node.js, no source tree, nothing read from a checkout.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    CHUNGBAEK_STATE_DIR=/var/lib/chungbaek
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels \
    && useradd --system --home /var/lib/chungbaek chungbaek && mkdir -p /var/lib/chungbaek \
    && chown chungbaek /var/lib/chungbaek
USER chungbaek
EXPOSE 8000
CMD ["chungbaek", "serve", "--host", "0.0.0.0", "--port", "8000"]
