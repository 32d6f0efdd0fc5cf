//go:build wasip1

// Package extism is the Extism plugin ABI for Go guests, written for Plinth's tests from the
// ABI's description: the kernel's functions in the import module "extism:host/env" and small
// helpers over them. Extism's go-pdk does the same job, but its sources come from the Go module
// proxy, which these machines do not reach.
package extism

// Offsets into the host's memory (the Extism kernel's), not into the module's linear memory.

//go:wasmimport extism:host/env alloc
func alloc(n uint64) uint64

//go:wasmimport extism:host/env length
func length(block uint64) uint64

//go:wasmimport extism:host/env load_u8
func loadU8(offset uint64) uint32

//go:wasmimport extism:host/env load_u64
func loadU64(offset uint64) uint64

//go:wasmimport extism:host/env store_u8
func storeU8(offset uint64, value uint32)

//go:wasmimport extism:host/env store_u64
func storeU64(offset uint64, value uint64)

//go:wasmimport extism:host/env input_length
func inputLength() uint64

//go:wasmimport extism:host/env input_load_u8
func inputLoadU8(index uint64) uint32

//go:wasmimport extism:host/env input_load_u64
func inputLoadU64(index uint64) uint64

//go:wasmimport extism:host/env output_set
func outputSet(block uint64, n uint64)

//go:wasmimport extism:host/env error_set
func errorSet(block uint64)

//go:wasmimport extism:host/env config_get
func configGet(key uint64) uint64

//go:wasmimport extism:host/env var_get
func varGet(key uint64) uint64

//go:wasmimport extism:host/env var_set
func varSet(key uint64, value uint64)

//go:wasmimport extism:host/env log_info
func logInfo(text uint64)

//go:wasmimport extism:host/env log_warn
func logWarn(text uint64)

//go:wasmimport extism:host/env log_error
func logError(text uint64)

//go:wasmimport extism:host/env http_request
func httpRequest(request uint64, body uint64) uint64

//go:wasmimport extism:host/env http_status_code
func httpStatusCode() int32
