#!/bin/sh
# Entry point of the service images: `expro serve` (default) or `expro migrate`.
#
#   serve    uvicorn with the service's app factory on 0.0.0.0:$PORT; extra arguments go to uvicorn
#   migrate  upgrade the service's database (<SERVICE>_DATABASE_URL) to the newest revision and exit
#   other    run it as a command (e.g. `python -c ...`)
set -eu

: "${EXPRO_SERVICE_PACKAGE:?EXPRO_SERVICE_PACKAGE names the service package, e.g. fund_svc}"

command="${1:-serve}"
[ "$#" -gt 0 ] && shift

case "$command" in
  serve)
    exec uvicorn "${EXPRO_SERVICE_PACKAGE}.bootstrap:create_app" --factory \
      --host 0.0.0.0 --port "${PORT:-8000}" --no-access-log \
      --timeout-graceful-shutdown "${EXPRO_GRACEFUL_SHUTDOWN_SECONDS:-10}" "$@"
    ;;
  migrate)
    exec python -m expro_shared.migrations "${EXPRO_SERVICE_PACKAGE}"
    ;;
  *)
    exec "$command" "$@"
    ;;
esac
