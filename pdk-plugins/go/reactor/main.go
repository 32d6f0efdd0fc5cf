//go:build wasip1

// A Go plugin built as a WASI reactor (Go 1.24+, -buildmode=c-shared): the runtime starts in
// _initialize, and each //go:wasmexport function below is a plugin function of type () -> i32.
package main

import (
	"strconv"

	"plinth.dev/pdk-plugins/go/extism"
)

func main() {}

// calls counts the calls this instance served: state in the Go heap, kept between calls.
var calls int

//go:wasmexport greet
func greet() int32 {
	calls++
	extism.Output([]byte("Hello, " + string(extism.Input()) + "!"))
	return 0
}

//go:wasmexport calls
func callsSoFar() int32 {
	calls++
	extism.Output([]byte(strconv.Itoa(calls)))
	return 0
}

//go:wasmexport config
func config() int32 {
	value, ok := extism.Config(string(extism.Input()))
	if !ok {
		value = "<unset>"
	}
	extism.Output([]byte(value))
	return 0
}

//go:wasmexport count
func count() int32 {
	n := 0
	if old := extism.Var("count"); old != nil {
		parsed, err := strconv.Atoi(string(old))
		if err != nil {
			extism.SetError("var count is not a number: " + err.Error())
			return 1
		}
		n = parsed
	}
	n++
	extism.SetVar("count", []byte(strconv.Itoa(n)))
	extism.Output([]byte(strconv.Itoa(n)))
	return 0
}

//go:wasmexport log
func log() int32 {
	text := string(extism.Input())
	extism.Log(extism.Info, "info: "+text)
	extism.Log(extism.Warn, "warn: "+text)
	extism.Log(extism.Error, "error: "+text)
	return 0
}

//go:wasmexport fail
func fail() int32 {
	extism.SetError("go reactor failed on purpose: " + string(extism.Input()))
	return 5
}

//go:wasmexport panic
func panicking() int32 {
	var values []int
	return int32(values[len(extism.Input())+3])
}

//go:wasmexport fetch
func fetch() int32 {
	status, body := extism.Get(string(extism.Input()), map[string]string{"X-Pdk": "go"})
	extism.Output(append([]byte(strconv.Itoa(int(status))+"\n"), body...))
	return 0
}
