#!/bin/sh
# Prepares the namespace of the operations once the Temporal frontend answers: creates it, or
# updates the retention of one that exists, registers the search attributes, and returns only
# once a workflow start that sets them succeeds (each frontend refreshes its search-attribute
# cache about every 10 s, so "registered" is not yet "usable"). Safe on every run.
# Needs only the Temporal CLI, which reads Temporal's standard client variables itself.
#
# Environment:
#   TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE (default default), TEMPORAL_API_KEY, TEMPORAL_TLS,
#   TEMPORAL_TLS_CLIENT_CERT_PATH, TEMPORAL_TLS_CLIENT_KEY_PATH, TEMPORAL_TLS_SERVER_CA_CERT_PATH,
#   TEMPORAL_TLS_SERVER_NAME (and their _DATA forms), TEMPORAL_CONFIG_FILE, TEMPORAL_PROFILE
#                       where the frontend is and how to reach it, as for the API and the worker
#   OPERATION_RETENTION how long closed operations are kept, as the worker's file cleanup reads
#                       it: <n>d, <n>h or <n>m (default 7d; Temporal accepts 1d at least)
#   OPERATION_SEARCH_ATTRIBUTES  NAME=TYPE pairs
#                       (default "userId=Keyword operationJob=Keyword operationStatus=Keyword")
#   TEMPORAL_CLI        the CLI's path (default temporal on PATH)
#   MAX_ATTEMPTS        tries, 2 s apart, for each step (default 60)
set -eu

NAMESPACE=${TEMPORAL_NAMESPACE:-default}
RETENTION=${OPERATION_RETENTION:-7d}
ATTRIBUTES=${OPERATION_SEARCH_ATTRIBUTES:-userId=Keyword operationJob=Keyword operationStatus=Keyword}
CLI=${TEMPORAL_CLI:-temporal}
MAX_ATTEMPTS=${MAX_ATTEMPTS:-60}

case $RETENTION in
  *[0-9]d) RETENTION_HOURS=$((${RETENTION%d} * 24))h ;;
  *[0-9]h) RETENTION_HOURS=$RETENTION ;;
  *[0-9]m) RETENTION_HOURS=$RETENTION ;;
  *)
    echo "OPERATION_RETENTION=$RETENTION is invalid (e.g. 7d, 36h)" >&2
    exit 1
    ;;
esac

# Runs a step until it succeeds, at most MAX_ATTEMPTS times, 2 s apart; the last output is kept
# for the line that says why it gave up.
retry() {
  what=$1
  shift
  attempt=1
  until output=$("$@" 2>&1); do
    if [ "$attempt" -ge "$MAX_ATTEMPTS" ]; then
      echo "Gave up $what after $attempt attempts: $(printf '%s' "$output" | tail -n 1)" >&2
      exit 1
    fi
    attempt=$((attempt + 1))
    sleep 2
  done
}

temporal_cli() {
  "$CLI" --namespace "$NAMESPACE" --command-timeout 10s "$@"
}

server_serving() {
  temporal_cli operator cluster health
}

# One retention for the namespace and the file cleanup: an existing namespace is updated too.
ensure_namespace() {
  if temporal_cli operator namespace describe >/dev/null 2>&1; then
    temporal_cli operator namespace update --retention "$RETENTION_HOURS"
  else
    temporal_cli operator namespace create --retention "$RETENTION_HOURS"
  fi
}

# The CLI keeps an attribute that already exists with the same type and fails on another type.
create_attribute() {
  temporal_cli operator search-attribute create --name "$1" --type "$2"
}

# The proof that the attributes are usable: a start that sets them all. Nothing polls the task
# queue; the workflow is deleted at once.
CHECK_ID="operations-setup-check-$(date +%s)-$$"
start_with_attributes() {
  set --
  for spec in $ATTRIBUTES; do
    set -- "$@" --search-attribute "${spec%%=*}=\"setup-check\""
  done
  temporal_cli workflow start --type operations-setup-check --task-queue operations-setup-check \
    --workflow-id "$CHECK_ID" "$@"
}

retry "waiting for Temporal at ${TEMPORAL_ADDRESS:-its configured address}" server_serving
retry "creating or updating namespace $NAMESPACE" ensure_namespace
for spec in $ATTRIBUTES; do
  retry "creating search attribute $spec" create_attribute "${spec%%=*}" "${spec#*=}"
done
retry "starting a workflow with the search attributes $ATTRIBUTES" start_with_attributes
temporal_cli workflow delete --workflow-id "$CHECK_ID" >/dev/null
echo "Namespace $NAMESPACE (retention $RETENTION) accepts workflows with the search attributes: $ATTRIBUTES"
