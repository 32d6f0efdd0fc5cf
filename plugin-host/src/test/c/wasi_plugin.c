// A WASI command built by a standard toolchain (clang for wasm32-wasi, wrapped into a component by jco new
// with the preview1 command adapter), loaded as a plugin. Its first argument is the plugin's name, which says
// what it does: prints and reads its data directory; "sleeper" sleeps an hour (a wasi:io/poll wait on the
// monotonic clock); "clock-spinner" reads the clock for ever (host calls in a loop).
#include <stdio.h>
#include <string.h>
#include <time.h>

int main(int argc, char** argv) {
  const char* name = argc > 0 ? argv[0] : "";
  printf("hello from %s\n", name);
  FILE* f = fopen("/data/in.txt", "r");
  if (f) {
    char buf[128];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = 0;
    printf("file: %s\n", buf);
    fclose(f);
  } else {
    printf("no file\n");
  }
  FILE* up = fopen("/data/../../etc/passwd", "r");
  printf("climb: %s\n", up ? "OPEN" : "refused");
  fprintf(stderr, "to stderr\n");
  if (strstr(name, "sleeper")) {
    struct timespec hour = {3600, 0};
    nanosleep(&hour, NULL);
    printf("woke\n");
  }
  if (strstr(name, "clock-spinner")) {
    struct timespec ts;
    for (;;) {
      clock_gettime(CLOCK_MONOTONIC, &ts);
    }
  }
  return 0;
}
