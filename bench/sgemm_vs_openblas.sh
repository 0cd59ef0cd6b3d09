#!/usr/bin/env bash
# Measures corten's Sgemm and OpenBLAS sgemm side by side on the shapes of
# BenchmarkSgemm, alternating the two in each round (these machines are
# shared and noisy), and prints the median GFLOPS of each and their ratio.
#
#   usage: bench/sgemm_vs_openblas.sh [ROUNDS] [THREADS ...]   (default: 5 rounds, 1 and 2 threads)
#
# OpenBLAS runs through bench/peers/sgemm.sh (needs gcc and Debian's
# libopenblas-dev), which checks every product and prints the kernel
# OpenBLAS chose; CORETYPE=Haswell passes through to it. Threads are set per
# process with GOMAXPROCS and OPENBLAS_NUM_THREADS.
set -euo pipefail
rounds=${1:-5}
shift || true
threads=("$@")
[[ ${#threads[@]} -gt 0 ]] || threads=(1 2)
root=$(cd "$(dirname "$0")/.." && pwd)
shapes=(256x256x256 512x512x512 1024x1024x1024 2048x2048x2048 64x128x784 784x128x64 64x784x128)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

(cd "$root" && go test -c -o "$tmp/bench.test" ./bench)
filter="Sgemm/impl=simd/($(IFS='|'; echo "${shapes[*]}"))\$"
for ((r = 1; r <= rounds; r++)); do
	for t in "${threads[@]}"; do
		GOMAXPROCS=$t "$tmp/bench.test" -test.run XXX -test.bench "$filter" -test.benchtime 1s |
			awk -v t="$t" '/GFLOPS/ { split($1, p, "/"); sub(/-[0-9]+$/, "", p[3]);
				for (i = 2; i <= NF; i++) if ($i == "GFLOPS") print "corten", t, p[3], $(i-1) }' >>"$tmp/runs"
		"$root/bench/peers/sgemm.sh" openblas "$t" "${shapes[@]}" | awk -v t="$t" '{ print "openblas", t, $1, $2 }' >>"$tmp/runs"
	done
	echo "round $r of $rounds done" >&2
done

# Median per (library, threads, shape), then one line per shape and thread count.
sort -k1,1 -k2,2n -k3,3 -k4,4g "$tmp/runs" | awk '
	{ key = $1 " " $2 " " $3; v[key, ++n[key]] = $4 }
	END {
		for (key in n) {
			c = n[key]
			med[key] = (c % 2) ? v[key, (c + 1) / 2] : (v[key, c / 2] + v[key, c / 2 + 1]) / 2
			lo[key] = v[key, 1]; hi[key] = v[key, c]
		}
		for (key in n) {
			split(key, k, " ")
			if (k[1] != "corten") continue
			o = "openblas " k[2] " " k[3]
			printf "%-16s %d thread(s)  corten %6.1f (%5.1f-%5.1f)  openblas %6.1f (%5.1f-%5.1f)  ratio %.2f\n",
				k[3], k[2], med[key], lo[key], hi[key], med[o], lo[o], hi[o], med[key] / med[o]
		}
	}' | sort -k2,2n -k1,1V
