// A plugin written against Extism's AssemblyScript PDK (@extism/as-pdk from npm) as its README
// shows, and nothing of Plinth's: the tests call it through Plinth's engine to show that such a
// plugin runs unchanged. Each export below exercises one part of the Extism ABI that the PDK wraps.
import { Config, Host, LogLevel, Memory, Var } from "@extism/as-pdk";
// The PDK declares http_request but wraps no HTTP API around it; plugins call the import directly.
import { http_request } from "@extism/as-pdk/lib/env";

// The module's abort (a failed assertion, an array index out of bounds): reported to the host as
// the call's error, then a trap, so the call fails with the message instead of hanging or lying.
export function reportAbort(message: string | null, fileName: string | null, line: u32, column: u32): void {
  const text = "abort: " + (message === null ? "(no message)" : message!) + " at "
    + (fileName === null ? "?" : fileName!) + ":" + line.toString() + ":" + column.toString();
  Host.log(LogLevel.Error, text);
  unreachable();
}

// input -> output: "Hello, <input>!" (UTF-8 in, UTF-8 out).
export function greet(): i32 {
  const name = Host.inputString();
  Host.output(Uint8Array.wrap(String.UTF8.encode("Hello, " + name + "!")));
  return 0;
}

// The same greeting through Host.outputString, the PDK's own string output that its README uses.
// (It allocates the string's length in UTF-16 code units, not its UTF-8 bytes: for text outside
// ASCII the PDK writes past the block it allocated; see the test.)
export function greet_string(): i32 {
  Host.outputString("Hello, " + Host.inputString() + "!");
  return 0;
}

// The input bytes back, unchanged (binary safe: every byte value, lengths not a multiple of 8).
export function echo(): i32 {
  Host.output(Host.input());
  return 0;
}

// The config value whose key is the input, or "<unset>".
export function config(): i32 {
  const value = Config.get(Host.inputString());
  Host.output(Uint8Array.wrap(String.UTF8.encode(value === null ? "<unset>" : value!)));
  return 0;
}

// A counter kept in the var "count" (decimal text): incremented and returned on each call.
export function count(): i32 {
  const previous = Var.getString("count");
  const next = (previous === null ? 0 : I64.parseInt(previous!)) + 1;
  Var.set("count", Uint8Array.wrap(String.UTF8.encode(next.toString())));
  Host.output(Uint8Array.wrap(String.UTF8.encode(next.toString())));
  return 0;
}

// Removes the var "count"; the output is what Var.get returns afterwards ("<removed>" when null).
export function reset(): i32 {
  Var.remove("count");
  const after = Var.getString("count");
  Host.output(Uint8Array.wrap(String.UTF8.encode(after === null ? "<removed>" : after!)));
  return 0;
}

// Logs the input once at each level the PDK offers.
export function log(): i32 {
  const text = Host.inputString();
  Host.log(LogLevel.Debug, "debug: " + text);
  Host.log(LogLevel.Info, "info: " + text);
  Host.log(LogLevel.Warn, "warn: " + text);
  Host.log(LogLevel.Error, "error: " + text);
  return 0;
}

// Fails as Extism plugins do: the error text through error_set, then a non-zero return.
export function fail(): i32 {
  const error = Memory.allocateString("as-pdk failed on purpose: " + Host.inputString());
  error_set(error.offset);
  return 7;
}

// An assertion that fails: the module's abort handler above turns it into an error and a trap.
export function abort_on_purpose(): i32 {
  assert(Host.inputString() == "never", "the input was not 'never'");
  return 0;
}

// An HTTP GET of the URL in the input; the output is the response body.
export function fetch(): i32 {
  const request = Memory.allocateString(
    '{"url": "' + Host.inputString() + '", "method": "GET", "headers": {"X-Pdk": "assemblyscript"}}');
  const response = http_request(request.offset, 0);
  if (response == 0) {
    Host.output(new Uint8Array(0));
    return 0;
  }
  Host.outputMemory(new Memory(response, length(response)));
  return 0;
}

import { error_set, length } from "@extism/as-pdk/lib/env";
