/* A wasm32-wasi reactor: libc initialized by _initialize, then its exports called any number of times. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned calls;

__attribute__((export_name("add"))) unsigned add(unsigned a, unsigned b) {
    char *scratch = malloc(64);
    snprintf(scratch, 64, "add %u %u (call %u)", a, b, ++calls);
    puts(scratch);
    fflush(stdout);
    free(scratch);
    return a + b;
}
