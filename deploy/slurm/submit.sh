#!/bin/bash
# Submit a sharded canalsim run to SLURM: the job array of canalsim.sbatch
# (one shard per task), then merge.sbatch, which starts only once every
# task has succeeded (--dependency=afterok). Run it from the folder the
# results should go under; results end in $OUT/$NAME/.
#
#   deploy/slurm/submit.sh
#   SCENARIO=drought-2023 REPLICATIONS=4000 SHARDS=32 deploy/slurm/submit.sh
#   SCENARIO=studies/my.yaml NAME=my-scenario OUT=/scratch/$USER/canalsim deploy/slurm/submit.sh
#
# Variables (environment): SCENARIO, REPLICATIONS, OUT, NAME, CANALSIM as
# in the two scripts; SHARDS, the number of array tasks (default: the
# script's #SBATCH --array); any other arguments go to both sbatch calls
# (--account=..., --partition=...).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)

export SCENARIO=${SCENARIO:-ppc-closure}
export REPLICATIONS=${REPLICATIONS:-1000}
export OUT=${OUT:-out}
export NAME=${NAME:-$SCENARIO}
export CANALSIM=${CANALSIM:-canalsim}

array=()
if [[ -n ${SHARDS:-} ]]; then
	array=(--array="0-$((SHARDS - 1))")
fi

# --parsable prints "JOBID" or "JOBID;CLUSTER"; --export=ALL passes the
# variables above on even where SBATCH_EXPORT says otherwise.
shards=$(sbatch --parsable --export=ALL ${array[@]+"${array[@]}"} "$@" "$here/canalsim.sbatch")
shards=${shards%%;*}
merge=$(sbatch --parsable --export=ALL --dependency=afterok:"$shards" "$@" "$here/merge.sbatch")
merge=${merge%%;*}

echo "shards: job array $shards -> $OUT/$NAME.shard-*"
echo "merge:  job $merge, after every shard succeeds -> $OUT/$NAME/"
echo "watch:  squeue -j $shards,$merge"
echo "        (if a shard fails, the merge never starts: scancel $merge, fix, resubmit)"
