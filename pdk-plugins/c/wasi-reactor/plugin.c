/*
 * A C plugin built with wasi-libc as a WASI reactor (clang -mexec-model=reactor: it exports
 * _initialize, which runs the C constructors), against plinth-extism.h. It uses the C library
 * the way C plugin authors do: malloc, snprintf, a constructor, and stdout/stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>

#include <plinth-extism.h>

static int constructed;

__attribute__((constructor)) static void construct(void) {
    constructed++;
}

/* Reads the whole input into a fresh NUL-terminated malloc'd string. */
static char *input_string(void) {
    uint64_t n = extism_input_length();
    char *text = malloc(n + 1);
    if (text == NULL) {
        return NULL;
    }
    extism_input_read(text, n);
    text[n] = 0;
    return text;
}

/* "Hello, <input>! (constructors run: <n>)" through snprintf. */
PLINTH_EXTISM_EXPORT(greet) int32_t greet(void) {
    char *name = input_string();
    if (name == NULL) {
        return extism_fail(2, "out of memory");
    }
    int n = snprintf(NULL, 0, "Hello, %s! (constructors run: %d)", name, constructed);
    char *out = malloc((size_t)n + 1);
    snprintf(out, (size_t)n + 1, "Hello, %s! (constructors run: %d)", name, constructed);
    extism_output(out, (uint64_t)n);
    free(out);
    free(name);
    return 0;
}

/* Writes the input to stdout and to stderr (a line each); the output is empty. */
PLINTH_EXTISM_EXPORT(print) int32_t print(void) {
    char *text = input_string();
    if (text == NULL) {
        return extism_fail(2, "out of memory");
    }
    printf("stdout: %s\n", text);
    fflush(stdout);
    fprintf(stderr, "stderr: %s\n", text);
    free(text);
    return 0;
}

/* The value of the environment variable named by the input, or "<unset>". */
PLINTH_EXTISM_EXPORT(env) int32_t env(void) {
    char *name = input_string();
    if (name == NULL) {
        return extism_fail(2, "out of memory");
    }
    const char *value = getenv(name);
    free(name);
    extism_output_string(value == NULL ? "<unset>" : value);
    return 0;
}

/* The input's bytes sorted ascending (qsort), to show the C library at work on real data. */
static int compare_bytes(const void *a, const void *b) {
    return (int)*(const unsigned char *)a - (int)*(const unsigned char *)b;
}

PLINTH_EXTISM_EXPORT(sort) int32_t sort(void) {
    uint64_t n = extism_input_length();
    unsigned char *bytes = malloc(n == 0 ? 1 : n);
    if (bytes == NULL) {
        return extism_fail(2, "out of memory");
    }
    extism_input_read(bytes, n);
    qsort(bytes, n, 1, compare_bytes);
    extism_output(bytes, n);
    free(bytes);
    return 0;
}

/* Fails with strerror's text for ENOENT, through error_set. */
PLINTH_EXTISM_EXPORT(fail) int32_t fail(void) {
    char message[128];
    snprintf(message, sizeof message, "wasi-libc says: %s", strerror(ENOENT));
    return extism_fail(4, message);
}
