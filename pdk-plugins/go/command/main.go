//go:build wasip1

// A Go plugin built as a WASI command module (GOOS=wasip1, the default build mode): its one
// export is _start, which runs main. The host calls "_start" as the plugin function, the way
// Extism runs command modules; main greets the input, and fails on the input "fail" with an
// error text and exit code 3 (os.Exit ends a command module through proc_exit).
package main

import (
	"os"

	"plinth.dev/pdk-plugins/go/extism"
)

func main() {
	name := string(extism.Input())
	if name == "fail" {
		extism.SetError("go command failed on purpose")
		os.Exit(3)
	}
	extism.Log(extism.Info, "go command greeting "+name)
	extism.Output([]byte("Hello, " + name + "!"))
}
