#!/bin/sh
# Creates the namespace and the operation search attributes once the Temporal server answers.
# Runs in temporalio/admin-tools; safe to run on every `up` (existing ones are kept).
#   OPERATION_SEARCH_ATTRIBUTES="userId=Keyword operationJob=Keyword operationStatus=Keyword"
set -eu

: "${TEMPORAL_ADDRESS:?TEMPORAL_ADDRESS must be host:port of the Temporal frontend}"
: "${OPERATION_SEARCH_ATTRIBUTES:?OPERATION_SEARCH_ATTRIBUTES must list NAME=TYPE pairs}"
NAMESPACE=${TEMPORAL_NAMESPACE:-default}
RETENTION=${NAMESPACE_RETENTION:-72h}
MAX_ATTEMPTS=${MAX_ATTEMPTS:-60}
export TEMPORAL_ADDRESS

# Runs a command until it succeeds, at most MAX_ATTEMPTS times, 2 s apart.
retry() {
  what=$1
  shift
  attempt=1
  until "$@"; do
    if [ "$attempt" -ge "$MAX_ATTEMPTS" ]; then
      echo "Gave up $what after $attempt attempts" >&2
      exit 1
    fi
    attempt=$((attempt + 1))
    sleep 2
  done
}

# Fails until the frontend's gRPC health check answers SERVING.
server_serving() {
  temporal operator cluster health >/dev/null 2>&1
}

ensure_namespace() {
  temporal operator namespace describe --namespace "$NAMESPACE" >/dev/null 2>&1 ||
    temporal operator namespace create --namespace "$NAMESPACE" --retention "$RETENTION"
}

# The CLI keeps an attribute that already exists with the same type and fails on another type.
create_attribute() {
  temporal operator search-attribute create --namespace "$NAMESPACE" --name "$1" --type "$2"
}

# A new namespace reaches every frontend only after its cache refreshes (about 10 s).
attributes_listed() {
  listed=$(temporal operator search-attribute list --namespace "$NAMESPACE" 2>/dev/null) || return 1
  for spec in $OPERATION_SEARCH_ATTRIBUTES; do
    printf '%s\n' "$listed" | grep -qw "${spec%%=*}" || return 1
  done
}

retry "waiting for Temporal at $TEMPORAL_ADDRESS" server_serving
retry "creating namespace $NAMESPACE" ensure_namespace
for spec in $OPERATION_SEARCH_ATTRIBUTES; do
  retry "creating search attribute $spec" create_attribute "${spec%%=*}" "${spec#*=}"
done
retry "waiting for the search attributes to be listed" attributes_listed
echo "Namespace $NAMESPACE has the search attributes: $OPERATION_SEARCH_ATTRIBUTES"
