// A WASI command built by a standard toolchain (clang for wasm32-wasi, wrapped into a component by jco new
// with the preview1 command adapter), called through plinth call: it prints the GREETING variable and the
// file /in/hello.txt (each only if granted), tries a path that climbs out of its preopen, and exits 0.
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  const char* greeting = getenv("GREETING");
  printf("env: %s\n", greeting ? greeting : "unset");
  FILE* f = fopen("/in/hello.txt", "r");
  if (f) {
    char buf[128];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = 0;
    printf("file: %s\n", buf);
    fclose(f);
  } else {
    printf("file: none\n");
  }
  FILE* up = fopen("/in/../../etc/passwd", "r");
  printf("climb: %s\n", up ? "OPEN" : "refused");
  return 0;
}
