package main

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/pflag"
)

// shard is shard k of n (1 <= k <= n); the zero shard is the whole run.
type shard struct{ k, n int }

// reps returns the replications of a study of total that the shard runs:
// those i with i mod n == k-1 (all for the zero shard).
func (s shard) reps(total int) []int {
	var out []int
	for i := range total {
		if s.n == 0 || i%s.n == s.k-1 {
			out = append(out, i)
		}
	}
	return out
}

// folder names the records folder of the shard for scenario name.
func (s shard) folder(name string) string { return fmt.Sprintf("%s.shard-%d-of-%d", name, s.k, s.n) }

// parseShard reads --shard K/N; 1/1 is the whole run (which turns off the
// shard a job array's environment would give).
func parseShard(v string) (shard, error) {
	var s shard
	var extra string
	if n, _ := fmt.Sscanf(v, "%d/%d%s", &s.k, &s.n, &extra); n != 2 || s.n < 1 || s.k < 1 || s.k > s.n {
		return shard{}, usagef("--shard %q: expected K/N with 1 <= K <= N, such as 3/8", v)
	}
	if s.n == 1 {
		return shard{}, nil
	}
	return s, nil
}

// shardFlags returns the shard that --shard K/N (shardFlag) or --shards N
// with the environment (shardFromEnv) asks for, the zero shard for none,
// and says on stderr where a shard from the environment came from.
func shardFlags(fs *pflag.FlagSet, shardFlag string, shards int, quiet bool, stderr io.Writer) (shard, error) {
	switch {
	case shardFlag != "" && fs.Changed("shards"):
		return shard{}, usagef("give --shard K/N or --shards N, not both")
	case shardFlag != "":
		return parseShard(shardFlag)
	case fs.Changed("shards") && shards < 1:
		return shard{}, usagef("--shards must be at least 1, got %d", shards)
	}
	s, from, err := shardFromEnv(os.Getenv, shards)
	if err != nil {
		return shard{}, err
	}
	if from != "" && !quiet {
		fmt.Fprintf(stderr, "canalsim: shard %d of %d (from %s)\n", s.k, s.n, from)
	}
	return s, nil
}

// shardFromEnv reads the shard from a cluster scheduler's environment:
// a SLURM job array (SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT and
// SLURM_ARRAY_TASK_MIN) or, given shards (--shards N), a Kubernetes
// Indexed Job (JOB_COMPLETION_INDEX, from 0). It returns the zero shard
// when neither applies, and says where the shard came from.
func shardFromEnv(getenv func(string) string, shards int) (shard, string, error) {
	atoi := func(name string) (int, error) {
		var x int
		v := getenv(name)
		if _, err := fmt.Sscan(v, &x); err != nil {
			return 0, usagef("%s=%q: expected a whole number", name, v)
		}
		return x, nil
	}
	if shards > 0 {
		if getenv("JOB_COMPLETION_INDEX") != "" {
			i, err := atoi("JOB_COMPLETION_INDEX")
			if err != nil {
				return shard{}, "", err
			}
			if i < 0 || i >= shards {
				return shard{}, "", usagef("JOB_COMPLETION_INDEX=%d is outside 0..%d (--shards %d)", i, shards-1, shards)
			}
			return shard{i + 1, shards}, "JOB_COMPLETION_INDEX", nil
		}
		if getenv("SLURM_ARRAY_TASK_ID") == "" {
			return shard{}, "", usagef("--shards %d needs JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID in the environment (or use --shard K/N)", shards)
		}
	}
	if getenv("SLURM_ARRAY_TASK_ID") == "" || getenv("SLURM_ARRAY_TASK_COUNT") == "" && shards == 0 {
		return shard{}, "", nil
	}
	id, err := atoi("SLURM_ARRAY_TASK_ID")
	if err != nil {
		return shard{}, "", err
	}
	lo := 0
	if getenv("SLURM_ARRAY_TASK_MIN") != "" {
		if lo, err = atoi("SLURM_ARRAY_TASK_MIN"); err != nil {
			return shard{}, "", err
		}
	}
	n := shards
	if n == 0 {
		if n, err = atoi("SLURM_ARRAY_TASK_COUNT"); err != nil {
			return shard{}, "", err
		}
	}
	s := shard{id - lo + 1, n}
	if s.k < 1 || s.k > s.n {
		return shard{}, "", usagef("SLURM_ARRAY_TASK_ID=%d is outside the array (min %d, %d tasks)", id, lo, n)
	}
	return s, "SLURM_ARRAY_TASK_ID", nil
}
