#!/bin/sh
# Runs versitygw (posix backend) with its root keys read from secret files, so that they never
# appear in the environment of `docker inspect` or in argv. Accounts live in IAM_DIR: the
# services sign in with a least-privilege account that setup-s3.sh creates.
#   ROOT_ACCESS_KEY_FILE, ROOT_SECRET_KEY_FILE  files holding the root keys (Compose secrets)
#   VGW_PORT  listen address (versitygw reads it), e.g. :7070
set -eu

: "${ROOT_ACCESS_KEY_FILE:?ROOT_ACCESS_KEY_FILE must name the file of the root access key}"
: "${ROOT_SECRET_KEY_FILE:?ROOT_SECRET_KEY_FILE must name the file of the root secret key}"
DATA_DIR=${DATA_DIR:-/data/buckets}
META_DIR=${META_DIR:-/data/meta}
IAM_DIR=${IAM_DIR:-/data/iam}
VERSITYGW=${VERSITYGW:-versitygw}

ROOT_ACCESS_KEY_ID=$(cat "$ROOT_ACCESS_KEY_FILE")
ROOT_SECRET_ACCESS_KEY=$(cat "$ROOT_SECRET_KEY_FILE")
export ROOT_ACCESS_KEY_ID ROOT_SECRET_ACCESS_KEY

# Metadata goes to a sidecar folder outside the bucket root: not every volume has xattrs.
mkdir -p "$DATA_DIR" "$META_DIR" "$IAM_DIR"
exec "$VERSITYGW" --iam-dir "$IAM_DIR" --health /health --quiet posix --sidecar "$META_DIR" "$DATA_DIR"
