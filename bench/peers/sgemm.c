/*
 * sgemm.c: single-precision GEMM throughput of a C BLAS (OpenBLAS or BLIS),
 * the reference that corten's Sgemm is compared with (bench/sgemm_vs_openblas.sh).
 *
 * Build with -DPEER_OPENBLAS or -DPEER_BLIS (sgemm.sh does it). Arguments are
 * shapes MxNxK (C[m][n] = A[m][k] * B[k][n], all row-major, no transposes);
 * without arguments it runs square sizes 64..2048 and the MNIST MLP's shapes.
 *
 * stdout: one line per shape, "MxNxK GFLOPS", the best of five timed batches.
 * stderr: the library's kernel (OpenBLAS core name or BLIS architecture).
 * Every product is checked against a float64 sum before its figure is
 * printed; a wrong one exits with status 3, so no figure comes from a
 * kernel that computes the wrong thing.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#if defined(PEER_OPENBLAS)
#include <cblas.h>
static void say_kernel(void) { fprintf(stderr, "openblas kernel: %s\n", openblas_get_corename()); }
#elif defined(PEER_BLIS)
#include <blis.h>
static void say_kernel(void) { fprintf(stderr, "blis kernel: %s\n", bli_arch_string(bli_arch_query_id())); }
#else
#error "build with -DPEER_OPENBLAS or -DPEER_BLIS"
#endif

static double seconds(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Inputs in [-1, 1) from a fixed xorshift sequence, the same on every run. */
static uint64_t state = 0x9e3779b97f4a7c15u;
static float uniform(void) {
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return (float)(state >> 40) / (float)(1 << 23) - 1.0f;
}

static float *matrix(size_t n, int fill) {
	float *p = malloc(n * sizeof *p);
	if (p == NULL) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	for (size_t i = 0; i < n; i++)
		p[i] = fill ? uniform() : NAN; /* NaN: an output never written fails the check */
	return p;
}

static void product(int m, int n, int k, const float *a, const float *b, float *c) {
	cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1.0f, a, k, b, n, 0.0f, c, n);
}

/*
 * check compares C with a float64 product. The tolerance scales with the
 * sum of |a*b| terms, the bound on float32 rounding for any summation order.
 * Large shapes check a spread of rows (all columns) to keep the check short.
 */
static void check(int m, int n, int k, const float *a, const float *b, const float *c) {
	double work = (double)m * n * k;
	int step = work <= 1 << 27 ? 1 : (int)(work / (1 << 27)) + 1;
	for (int i = 0; i < m; i += step) {
		for (int j = 0; j < n; j++) {
			double sum = 0, mag = 0;
			for (int p = 0; p < k; p++) {
				double t = (double)a[(size_t)i * k + p] * (double)b[(size_t)p * n + j];
				sum += t;
				mag += fabs(t);
			}
			double got = c[(size_t)i * n + j];
			if (!(fabs(got - sum) <= 1e-5 * mag + 1e-6)) {
				fprintf(stderr, "%dx%dx%d: C[%d][%d] = %g, float64 reference %g\n", m, n, k, i, j, got, sum);
				exit(3);
			}
		}
	}
}

static void measure(int m, int n, int k) {
	float *a = matrix((size_t)m * k, 1), *b = matrix((size_t)k * n, 1), *c = matrix((size_t)m * n, 0);
	double flop = 2.0 * m * n * k;

	product(m, n, k, a, b, c); /* warm-up: threads, buffers, caches */
	check(m, n, k, a, b, c);

	/* Batches of about 0.2 s each (at 100 GFLOPS); keep the fastest. */
	long reps = (long)(2e10 / flop) + 1;
	double best = INFINITY;
	for (int batch = 0; batch < 5; batch++) {
		double t0 = seconds();
		for (long r = 0; r < reps; r++)
			product(m, n, k, a, b, c);
		double per = (seconds() - t0) / (double)reps;
		if (per < best)
			best = per;
	}
	check(m, n, k, a, b, c); /* the timed calls' result too */
	printf("%dx%dx%d %.1f\n", m, n, k, flop / best * 1e-9);
	fflush(stdout);
	free(a);
	free(b);
	free(c);
}

int main(int argc, char **argv) {
	say_kernel();
	if (argc == 1) {
		for (int s = 64; s <= 2048; s *= 2)
			measure(s, s, s);
		measure(64, 128, 784); /* MLP forward: batch x hidden x inputs */
		measure(784, 128, 64); /* MLP weight gradient */
		measure(64, 784, 128); /* MLP input gradient */
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		int m, n, k;
		char tail;
		if (sscanf(argv[i], "%dx%dx%d%c", &m, &n, &k, &tail) != 3 || m <= 0 || n <= 0 || k <= 0) {
			fprintf(stderr, "bad shape \"%s\": want MxNxK, e.g. 512x512x512\n", argv[i]);
			return 2;
		}
		measure(m, n, k);
	}
	return 0;
}
