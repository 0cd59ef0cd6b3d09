#!/usr/bin/env bash
# Builds bench/peers/sgemm.c against Debian's OpenBLAS (default) or BLIS and
# prints sgemm GFLOPS per shape ("MxNxK GFLOPS" on stdout; the kernel the
# library chose on stderr). Every product is checked against a float64
# reference; a wrong one exits 3.
#
#   usage: bench/peers/sgemm.sh [openblas|blis] [THREADS] [MxNxK ...]
#   CORETYPE=Haswell bench/peers/sgemm.sh openblas 1    # force OpenBLAS's AVX2 kernel
#
# Needs: apt-get install gcc libopenblas-dev libblis-dev
#
# OpenBLAS runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset, for this
# run only, so that it picks its best kernel for the CPU as on a user's
# machine (some machines preset them for old builds); CORETYPE chooses one.
set -euo pipefail
lib=${1:-openblas}
threads=${2:-1}
shift $(($# < 2 ? $# : 2))
here=$(cd "$(dirname "$0")" && pwd)
triple=$(gcc -dumpmachine)
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT

case $lib in
openblas)
	libdir=/usr/lib/$triple/openblas-pthread
	gcc -O2 -DPEER_OPENBLAS "$here/sgemm.c" -o "$bin/sgemm" \
		-I"/usr/include/$triple/openblas-pthread" -L"$libdir" -Wl,-rpath,"$libdir" -lopenblas -lm
	env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE ${CORETYPE:+OPENBLAS_CORETYPE=$CORETYPE} \
		OPENBLAS_NUM_THREADS="$threads" "$bin/sgemm" "$@"
	;;
blis)
	libdir=/usr/lib/$triple/blis-openmp
	gcc -O2 -DPEER_BLIS "$here/sgemm.c" -o "$bin/sgemm" \
		-I"/usr/include/$triple/blis-openmp" -L"$libdir" -Wl,-rpath,"$libdir" -lblis -fopenmp -lm
	BLIS_NUM_THREADS="$threads" OMP_NUM_THREADS="$threads" "$bin/sgemm" "$@"
	;;
*)
	echo "usage: $0 [openblas|blis] [THREADS] [MxNxK ...]" >&2
	exit 2
	;;
esac
