//go:build amd64 && gc && !purego

#include "textflag.h"

// func AddBias(x, bias []float32)
TEXT ·AddBias(SB), NOSPLIT, $0-48
	MOVQ  x_base+0(FP), DI
	MOVQ  x_len+8(FP), R8
	MOVQ  bias_base+24(FP), R10
	MOVQ  bias_len+32(FP), R9
	TESTQ R9, R9
	JE    done

row:
	// DI walks x continuously: the end of one row is the start of the next.
	CMPQ R8, R9
	JL   done
	SUBQ R9, R8
	MOVQ R9, CX
	MOVQ R10, SI

loop32:
	CMPQ    CX, $32
	JL      loop8
	VMOVUPS (DI), Y0
	VMOVUPS 32(DI), Y1
	VMOVUPS 64(DI), Y2
	VMOVUPS 96(DI), Y3
	VADDPS  (SI), Y0, Y0
	VADDPS  32(SI), Y1, Y1
	VADDPS  64(SI), Y2, Y2
	VADDPS  96(SI), Y3, Y3
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, 64(DI)
	VMOVUPS Y3, 96(DI)
	ADDQ    $128, SI
	ADDQ    $128, DI
	SUBQ    $32, CX
	JMP     loop32

loop8:
	CMPQ    CX, $8
	JL      tail
	VMOVUPS (DI), Y0
	VADDPS  (SI), Y0, Y0
	VMOVUPS Y0, (DI)
	ADDQ    $32, SI
	ADDQ    $32, DI
	SUBQ    $8, CX
	JMP     loop8

tail:
	TESTQ  CX, CX
	JE     row
	VMOVSS (DI), X0
	VADDSS (SI), X0, X0
	VMOVSS X0, (DI)
	ADDQ   $4, SI
	ADDQ   $4, DI
	DECQ   CX
	JMP    tail

done:
	VZEROUPPER
	RET

// func AddColSums(dst, x []float32)
//
// Columns are processed in blocks of 64, 8 and 1; for each block the
// partial sums stay in registers while the loop walks down the rows with
// stride n. Eight accumulators in the wide block hide the add latency.
TEXT ·AddColSums(SB), NOSPLIT, $0-48
	MOVQ  dst_base+0(FP), DI
	MOVQ  dst_len+8(FP), R9
	MOVQ  x_base+24(FP), SI
	MOVQ  x_len+32(FP), AX
	TESTQ R9, R9
	JE    done
	XORQ  DX, DX
	DIVQ  R9           // AX = number of rows
	MOVQ  AX, R12
	MOVQ  R9, R11
	SHLQ  $2, R11      // row stride in bytes
	MOVQ  R9, CX       // columns left

col64:
	CMPQ    CX, $64
	JL      col8
	VMOVUPS (DI), Y0
	VMOVUPS 32(DI), Y1
	VMOVUPS 64(DI), Y2
	VMOVUPS 96(DI), Y3
	VMOVUPS 128(DI), Y4
	VMOVUPS 160(DI), Y5
	VMOVUPS 192(DI), Y6
	VMOVUPS 224(DI), Y7
	MOVQ    SI, BX
	MOVQ    R12, R13

rows64:
	TESTQ  R13, R13
	JE     store64
	VADDPS (BX), Y0, Y0
	VADDPS 32(BX), Y1, Y1
	VADDPS 64(BX), Y2, Y2
	VADDPS 96(BX), Y3, Y3
	VADDPS 128(BX), Y4, Y4
	VADDPS 160(BX), Y5, Y5
	VADDPS 192(BX), Y6, Y6
	VADDPS 224(BX), Y7, Y7
	ADDQ   R11, BX
	DECQ   R13
	JMP    rows64

store64:
	VMOVUPS Y0, (DI)
	VMOVUPS Y1, 32(DI)
	VMOVUPS Y2, 64(DI)
	VMOVUPS Y3, 96(DI)
	VMOVUPS Y4, 128(DI)
	VMOVUPS Y5, 160(DI)
	VMOVUPS Y6, 192(DI)
	VMOVUPS Y7, 224(DI)
	ADDQ    $256, DI
	ADDQ    $256, SI
	SUBQ    $64, CX
	JMP     col64

col8:
	CMPQ    CX, $8
	JL      col1
	VMOVUPS (DI), Y0
	MOVQ    SI, BX
	MOVQ    R12, R13

rows8:
	TESTQ  R13, R13
	JE     store8
	VADDPS (BX), Y0, Y0
	ADDQ   R11, BX
	DECQ   R13
	JMP    rows8

store8:
	VMOVUPS Y0, (DI)
	ADDQ    $32, DI
	ADDQ    $32, SI
	SUBQ    $8, CX
	JMP     col8

col1:
	TESTQ  CX, CX
	JE     done
	VMOVSS (DI), X0
	MOVQ   SI, BX
	MOVQ   R12, R13

rows1:
	TESTQ  R13, R13
	JE     store1
	VADDSS (BX), X0, X0
	ADDQ   R11, BX
	DECQ   R13
	JMP    rows1

store1:
	VMOVSS X0, (DI)
	ADDQ   $4, DI
	ADDQ   $4, SI
	DECQ   CX
	JMP    col1

done:
	VZEROUPPER
	RET
