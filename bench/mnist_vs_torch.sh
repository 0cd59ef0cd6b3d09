#!/usr/bin/env bash
# Times MNIST training per epoch with corten's example and with the PyTorch
# reference script side by side, alternating the two in each round (these
# machines are shared and noisy), and prints the median seconds per epoch
# of each, their ratio, and the last test accuracy.
#
#   usage: bench/mnist_vs_torch.sh ROUNDS EPOCHS THREADS MODEL...
#   e.g.   bench/mnist_vs_torch.sh 3 1 1 mlp cnn lstm gru vit
#
# A round trains each model for EPOCHS epochs with each system; the epoch
# times of all rounds are pooled. Needs Debian's python3-torch for the
# reference (bench/peers/torch_mnist.py, run with /usr/bin/python3). corten
# runs with -schedule const, as the reference script does.
#
# Before and after every run it measures a cache line's round trip between
# two OS threads (parallel's BenchmarkRoundTrip): on a VM whose vCPUs the
# host runs sometimes near each other and sometimes far apart, PyTorch's
# time follows it even on one thread (bench/TUNING.md). A run whose two
# probes are both under RT_FAR ns (default 250) counts as near, both at or
# over it as far; the medians of near and far runs are printed apart too.
set -euo pipefail
rounds=${1:?rounds}; epochs=${2:?epochs}; threads=${3:?threads}; shift 3
models=("$@")
[[ ${#models[@]} -gt 0 ]] || models=(mlp cnn lstm gru vit)
root=$(cd "$(dirname "$0")/.." && pwd)
data=$root/testdata/mnist
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

(cd "$root" && go build -o "$tmp/mnist" ./cmd/mnist && go test -c -o "$tmp/parallel.test" ./parallel)
rtfar=${RT_FAR:-250}
probe() {
	"$tmp/parallel.test" -test.run '^$' -test.bench '^BenchmarkRoundTrip$' -test.cpu 2 -test.benchtime 200000x |
		awk '/^BenchmarkRoundTrip/ { printf "%d", $3 }'
}
# place P0 P1: near, far or mixed.
place() {
	if (($1 < rtfar && $2 < rtfar)); then echo near
	elif (($1 >= rtfar && $2 >= rtfar)); then echo far
	else echo mixed; fi
}
for ((r = 1; r <= rounds; r++)); do
	for m in "${models[@]}"; do
		p0=$(probe)
		"$tmp/mnist" -data "$data" -model "$m" -epochs "$epochs" -threads "$threads" -schedule const -seed "$r" -json 2>/dev/null |
			python3 -c 'import json,sys; r=json.load(sys.stdin); [print("corten", sys.argv[1], s, r["test_accuracy"]) for s in r["epoch_seconds"]]' "$m" >"$tmp/run"
		p1=$(probe)
		awk -v p="$(place "$p0" "$p1")" '{ print $0, p }' "$tmp/run" >>"$tmp/runs"
		/usr/bin/python3 "$root/bench/peers/torch_mnist.py" "$data" "$m" "$epochs" "$threads" |
			awk -v m="$m" '/epoch/ { for (i = 1; i <= NF; i++) { if ($i == "s") s = $(i-1); if ($i == "acc") a = $(i+1) } sub(/%/, "", a); print "torch", m, s, a }' >"$tmp/run"
		p2=$(probe)
		awk -v p="$(place "$p1" "$p2")" '{ print $0, p }' "$tmp/run" >>"$tmp/runs"
		echo "round $r $m: round trips $p0 $p1 $p2 ns" >&2
	done
	echo "round $r of $rounds done" >&2
done

# summary [PLACE]: the medians of all runs, or of the runs at PLACE.
summary() {
	awk -v want="${1:-}" '!want || $5 == want' "$tmp/runs" | sort -k1,1 -k2,2 -k3,3g | awk -v t="$threads" -v place="${1:-all}" '
	{ key = $1 " " $2; v[key, ++n[key]] = $3; acc[key] = $4 }
	END {
		for (key in n) {
			c = n[key]
			med[key] = (c % 2) ? v[key, (c + 1) / 2] : (v[key, c / 2] + v[key, c / 2 + 1]) / 2
			lo[key] = v[key, 1]; hi[key] = v[key, c]
		}
		for (key in n) {
			split(key, k, " ")
			if (k[1] != "corten") continue
			o = "torch " k[2]
			if (!(o in n)) continue
			printf "%-8s %d thread(s)  corten %6.2f s (%.2f-%.2f, acc %s%%)  pytorch %6.2f s (%.2f-%.2f, acc %s%%)  speed-up %.2fx  [%s: %d+%d runs]\n",
				k[2], t, med[key], lo[key], hi[key], acc[key], med[o], lo[o], hi[o], acc[o], med[o] / med[key], place, n[key], n[o]
		}
	}' | sort
}
summary
summary near
summary far
