// A WASI command built by a standard toolchain (clang for wasm32-wasi, then wrapped into a component with
// jco new and the wasi preview1 command adapter): prints, reads its environment, a granted file, the clock
// and random bytes, writes to stderr, and with an argument misbehaves on purpose.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char** argv) {
  printf("hello from C, argc=%d\n", argc);
  const char* greeting = getenv("GREETING");
  printf("GREETING=%s\n", greeting ? greeting : "(unset)");
  const char* secret = getenv("HOME");
  printf("HOME=%s\n", secret ? secret : "(unset)");
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
  FILE* out = fopen("/etc/passwd", "r");
  printf("/etc/passwd: %s\n", out ? "OPEN" : "refused");
  FILE* up = fopen("/data/../../etc/passwd", "r");
  printf("climb: %s\n", up ? "OPEN" : "refused");
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  printf("time %s\n", ts.tv_sec > 1600000000 ? "real" : "frozen");
  unsigned char r[16];
  arc4random_buf(r, sizeof r);
  int nonzero = 0;
  for (int i = 0; i < 16; i++) nonzero |= r[i];
  printf("random %s\n", nonzero ? "ok" : "zero");
  fprintf(stderr, "to stderr\n");
  const char* mode = getenv("MODE");
  if (mode && strcmp(mode, "exit") == 0) {
    exit(3);
  }
  if (mode && strcmp(mode, "write") == 0) {
    FILE* w = fopen("/data/out.txt", "w");
    if (w) {
      fputs("written by C\n", w);
      printf("write %s\n", fclose(w) == 0 ? "ok" : "failed");
    } else {
      printf("write refused\n");
    }
  }
  if (mode && strcmp(mode, "flood") == 0) {
    for (long i = 0; i < 5000; i++) {
      printf("flood line %ld with some text to make it longer than a few bytes\n", i);
    }
  }
  return 0;
}
