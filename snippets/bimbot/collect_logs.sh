#!/bin/bash
# collect_logs.sh - gather the logs and status of every BimBot service into debug_logs.tar.gz
set -u
mkdir -p debug_logs
docker compose logs bimbot_backend > debug_logs/backend.log
docker compose logs bimbot_worker > debug_logs/worker.log
docker compose logs bimbot_postgres > debug_logs/postgres.log
docker compose logs bimbot_redis > debug_logs/redis.log
docker compose logs bimbot_frontend > debug_logs/frontend.log
docker compose ps > debug_logs/services_status.txt
docker stats --no-stream > debug_logs/resource_usage.txt
tar -czf debug_logs.tar.gz debug_logs/
