//go:build wasip1

package extism

import "encoding/binary"

// Input is the call's input, read by index.
func Input() []byte {
	n := inputLength()
	data := make([]byte, n)
	i := uint64(0)
	for ; i+8 <= n; i += 8 {
		binary.LittleEndian.PutUint64(data[i:], inputLoadU64(i))
	}
	for ; i < n; i++ {
		data[i] = byte(inputLoadU8(i))
	}
	return data
}

// Output sets the call's output.
func Output(data []byte) {
	outputSet(block(data), uint64(len(data)))
}

// SetError sets the call's error text.
func SetError(message string) {
	errorSet(block([]byte(message)))
}

// Config is the config value for key, and whether it is set.
func Config(key string) (string, bool) {
	value := configGet(block([]byte(key)))
	if value == 0 {
		return "", false
	}
	return string(read(value)), true
}

// Var is the var's value, or nil when it is not set.
func Var(key string) []byte {
	value := varGet(block([]byte(key)))
	if value == 0 {
		return nil
	}
	return read(value)
}

// SetVar sets a var; a nil value removes it.
func SetVar(key string, value []byte) {
	var valueBlock uint64
	if value != nil {
		valueBlock = block(value)
	}
	varSet(block([]byte(key)), valueBlock)
}

// Level is a log level that Log knows.
type Level int

const (
	Info Level = iota
	Warn
	Error
)

// Log writes text to the host's log at level.
func Log(level Level, text string) {
	b := block([]byte(text))
	switch level {
	case Info:
		logInfo(b)
	case Warn:
		logWarn(b)
	default:
		logError(b)
	}
}

// Get makes an HTTP GET request with the given headers; it returns the status and the body.
func Get(url string, headers map[string]string) (int32, []byte) {
	request := []byte(`{"url": ` + quote(url) + `, "method": "GET", "headers": {`)
	first := true
	for name, value := range headers {
		if !first {
			request = append(request, ',')
		}
		first = false
		request = append(request, quote(name)+": "+quote(value)...)
	}
	request = append(request, "}}"...)
	response := httpRequest(block(request), 0)
	status := httpStatusCode()
	if response == 0 {
		return status, nil
	}
	return status, read(response)
}

func quote(s string) string {
	out := []byte{'"'}
	for _, c := range []byte(s) {
		switch {
		case c == '"' || c == '\\':
			out = append(out, '\\', c)
		case c < 0x20:
			const hex = "0123456789abcdef"
			out = append(out, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
		default:
			out = append(out, c)
		}
	}
	return string(append(out, '"'))
}

// block copies data into a new block of host memory.
func block(data []byte) uint64 {
	n := uint64(len(data))
	offset := alloc(n)
	i := uint64(0)
	for ; i+8 <= n; i += 8 {
		storeU64(offset+i, binary.LittleEndian.Uint64(data[i:]))
	}
	for ; i < n; i++ {
		storeU8(offset+i, uint32(data[i]))
	}
	return offset
}

// read copies a block of host memory into a new slice.
func read(offset uint64) []byte {
	n := length(offset)
	data := make([]byte, n)
	i := uint64(0)
	for ; i+8 <= n; i += 8 {
		binary.LittleEndian.PutUint64(data[i:], loadU64(offset+i))
	}
	for ; i < n; i++ {
		data[i] = byte(loadU8(offset + i))
	}
	return data
}
