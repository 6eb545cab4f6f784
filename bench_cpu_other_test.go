//go:build !unix

package procuret_test

// processCPU returns -1: the CPU time of the process is read only on unix.
func processCPU() int64 { return -1 }
