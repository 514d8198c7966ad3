/*
 * port/mps2/mps2_fault.h
 *
 * How a core of mps2-an521 ends the run on a fault or a failed assert: a message naming the
 * core (its console name) and the semihosting exit code the shell sees.
 */
#ifndef PORT_MPS2_MPS2_FAULT_H_
#define PORT_MPS2_MPS2_FAULT_H_

/* Print the fault name with CFSR/HFSR/MMFAR/BFAR, then mps2Fault_Fatal(what, code). */
void mps2Fault_Report(const char* what, int code) __attribute__((noreturn));

/* Print "<core>: FATAL <what>" and exit with code. For fault handlers and asserts. */
void mps2Fault_Fatal(const char* what, int code) __attribute__((noreturn));

#endif /* !PORT_MPS2_MPS2_FAULT_H_ */
