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
set -euo pipefail
rounds=${1:?rounds}; epochs=${2:?epochs}; threads=${3:?threads}; shift 3
models=("$@")
[[ ${#models[@]} -gt 0 ]] || models=(mlp cnn lstm gru vit)
root=$(cd "$(dirname "$0")/.." && pwd)
data=$root/testdata/mnist
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

(cd "$root" && go build -o "$tmp/mnist" ./cmd/mnist)
for ((r = 1; r <= rounds; r++)); do
	for m in "${models[@]}"; do
		"$tmp/mnist" -data "$data" -model "$m" -epochs "$epochs" -threads "$threads" -schedule const -seed "$r" -json 2>/dev/null |
			python3 -c 'import json,sys; r=json.load(sys.stdin); [print("corten", sys.argv[1], s, r["test_accuracy"]) for s in r["epoch_seconds"]]' "$m" >>"$tmp/runs"
		/usr/bin/python3 "$root/bench/peers/torch_mnist.py" "$data" "$m" "$epochs" "$threads" |
			awk -v m="$m" '/epoch/ { for (i = 1; i <= NF; i++) { if ($i == "s") s = $(i-1); if ($i == "acc") a = $(i+1) } sub(/%/, "", a); print "torch", m, s, a }' >>"$tmp/runs"
	done
	echo "round $r of $rounds done" >&2
done

sort -k1,1 -k2,2 -k3,3g "$tmp/runs" | awk -v t="$threads" '
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
			printf "%-8s %d thread(s)  corten %6.2f s (%.2f-%.2f, acc %s%%)  pytorch %6.2f s (%.2f-%.2f, acc %s%%)  speed-up %.2fx\n",
				k[2], t, med[key], lo[key], hi[key], acc[key], med[o], lo[o], hi[o], acc[o], med[o] / med[key]
		}
	}' | sort
