// Constants and the vector e^x of the transcendental kernels
// (exp_amd64.s, sigmoid_amd64.s). Each step mirrors package kernels'
// expParts and ldexp2, so the results are bit-identical to the Go path.

#define MC_EXPMIN 0
#define MC_EXPMAX 4
#define MC_LOG2E 8
#define MC_LN2HI 12
#define MC_LN2LO 16
#define MC_P5 20
#define MC_P4 24
#define MC_P3 28
#define MC_P2 32
#define MC_P1 36
#define MC_P0 40
#define MC_ONE 44
#define MC_BIAS 48
#define MC_ABS 52
#define MC_SIGN 56
#define MC_TANHSMALL 60
#define MC_Q4 64
#define MC_Q3 68
#define MC_Q2 72
#define MC_Q1 76
#define MC_Q0 80
#define MC_TWO 84

// EXP replaces the eight lanes of Y0 by e^Y0; it clobbers Y1-Y4. The
// clamps take x as the second source of VMAXPS/VMINPS, which is what
// they return when an operand is NaN, so NaN passes through.
#define EXP \
	VBROADCASTSS mathc<>+MC_EXPMIN(SB), Y1; \
	VMAXPS       Y0, Y1, Y0; \
	VBROADCASTSS mathc<>+MC_EXPMAX(SB), Y1; \
	VMINPS       Y0, Y1, Y0; \
	VBROADCASTSS mathc<>+MC_LOG2E(SB), Y1; \
	VMULPS       Y1, Y0, Y1; \
	VROUNDPS     $0, Y1, Y1; \
	VBROADCASTSS mathc<>+MC_LN2HI(SB), Y2; \
	VFNMADD231PS Y2, Y1, Y0; \
	VBROADCASTSS mathc<>+MC_LN2LO(SB), Y2; \
	VFNMADD231PS Y2, Y1, Y0; \
	VBROADCASTSS mathc<>+MC_P5(SB), Y2; \
	VBROADCASTSS mathc<>+MC_P4(SB), Y3; \
	VFMADD213PS  Y3, Y0, Y2; \
	VBROADCASTSS mathc<>+MC_P3(SB), Y3; \
	VFMADD213PS  Y3, Y0, Y2; \
	VBROADCASTSS mathc<>+MC_P2(SB), Y3; \
	VFMADD213PS  Y3, Y0, Y2; \
	VBROADCASTSS mathc<>+MC_P1(SB), Y3; \
	VFMADD213PS  Y3, Y0, Y2; \
	VBROADCASTSS mathc<>+MC_P0(SB), Y3; \
	VFMADD213PS  Y3, Y0, Y2; \
	VMULPS       Y0, Y0, Y3; \
	VFMADD213PS  Y0, Y3, Y2; \
	VBROADCASTSS mathc<>+MC_ONE(SB), Y3; \
	VADDPS       Y3, Y2, Y0; \
	VCVTPS2DQ    Y1, Y1; \
	VPSRAD       $1, Y1, Y2; \
	VPSUBD       Y2, Y1, Y1; \
	VPBROADCASTD mathc<>+MC_BIAS(SB), Y3; \
	VPADDD       Y3, Y2, Y2; \
	VPSLLD       $23, Y2, Y2; \
	VPADDD       Y3, Y1, Y1; \
	VPSLLD       $23, Y1, Y1; \
	VMULPS       Y2, Y0, Y0; \
	VMULPS       Y1, Y0, Y0
