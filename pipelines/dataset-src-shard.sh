#!/bin/sh
# Decode one shard of a dataset: item i of the sorted dataset belongs to
# shard i mod SHARD_COUNT. The shard index comes from the scheduler: a
# Kubernetes Indexed Job sets JOB_COMPLETION_INDEX, a Slurm array sets
# SLURM_ARRAY_TASK_ID; SHARD_INDEX wins over both (docs/sharding.md).
#   SHARD_COUNT=4 SHARD_INDEX=1 pipelines/dataset-src-shard.sh photos
set -e
[ $# -eq 1 ] || { echo "usage: SHARD_COUNT=N $0 DIR" >&2; exit 2; }
: "${SHARD_COUNT:?set SHARD_COUNT to the number of shards}"
SHARD_INDEX=${SHARD_INDEX:-${JOB_COMPLETION_INDEX:-${SLURM_ARRAY_TASK_ID:-}}}
: "${SHARD_INDEX:?set SHARD_INDEX, JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID}"
: "${GST_PLUGIN_PATH:=$(dirname "$0")/../build/plugins}"
export GST_PLUGIN_PATH
echo "shard $SHARD_INDEX of $SHARD_COUNT: $1" >&2
gst-launch-1.0 -m dataset-src location="$1" \
    shard-index="$SHARD_INDEX" shard-count="$SHARD_COUNT" on-error=skip \
  ! decoder-pool ! fakesink sync=false |
  grep --line-buffered -E 'dataset-src-progress|WARNING|ERROR' || true
