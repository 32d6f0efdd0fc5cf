/*
 * plinth-extism.h: the Extism plugin ABI for C guests, written for Plinth from the ABI's
 * description (the kernel's functions in the import module "extism:host/env"). One header,
 * no library: include it in a plugin built for wasm32 with clang, freestanding or with wasi-libc.
 *
 * Memory that the host hands out is addressed by 64-bit offsets into the host's own memory (the
 * Extism "kernel" memory), not into the module's linear memory: data moves across with the
 * load and store functions. Offset 0 means "none" (no block, no value).
 *
 * An exported plugin function takes no parameters and returns an int32: 0 is success; anything
 * else is failure, with the text set by extism_error_set (if any) as the error.
 */
#ifndef PLINTH_EXTISM_H
#define PLINTH_EXTISM_H

#include <stddef.h>
#include <stdint.h>

/* An offset into the host's memory: the start of a block that alloc returned, or 0. */
typedef uint64_t extism_handle;

#define PLINTH_EXTISM_IMPORT(name) \
    __attribute__((import_module("extism:host/env"), import_name(#name)))

/* Exports a function under the given name; use on int32_t f(void). */
#define PLINTH_EXTISM_EXPORT(name) __attribute__((export_name(#name)))

/* ---- the kernel's functions, as the host provides them ---------------------------------- */

/* A new block of n bytes in host memory; 0 when it cannot be had. */
PLINTH_EXTISM_IMPORT(alloc) extism_handle extism_alloc(uint64_t n);
/* Gives a block back. */
PLINTH_EXTISM_IMPORT(free) void extism_free(extism_handle block);
/* The length of a block, 0 for an offset that starts no live block. */
PLINTH_EXTISM_IMPORT(length) uint64_t extism_length(extism_handle block);
/* Like length, without the check that the offset starts a block. */
PLINTH_EXTISM_IMPORT(length_unsafe) uint64_t extism_length_unsafe(extism_handle block);
/* One byte, and eight bytes little-endian, at an offset in host memory. */
PLINTH_EXTISM_IMPORT(load_u8) uint8_t extism_load_u8(uint64_t offset);
PLINTH_EXTISM_IMPORT(load_u64) uint64_t extism_load_u64(uint64_t offset);
PLINTH_EXTISM_IMPORT(store_u8) void extism_store_u8(uint64_t offset, uint8_t value);
PLINTH_EXTISM_IMPORT(store_u64) void extism_store_u64(uint64_t offset, uint64_t value);

/* The call's input: its block (newer kernels), its length and its bytes by index. */
PLINTH_EXTISM_IMPORT(input_offset) extism_handle extism_input_offset(void);
PLINTH_EXTISM_IMPORT(input_length) uint64_t extism_input_length(void);
PLINTH_EXTISM_IMPORT(input_load_u8) uint8_t extism_input_load_u8(uint64_t index);
PLINTH_EXTISM_IMPORT(input_load_u64) uint64_t extism_input_load_u64(uint64_t index);

/* The call's output: n bytes of the block at offset. */
PLINTH_EXTISM_IMPORT(output_set) void extism_output_set(extism_handle block, uint64_t n);
/* The call's error text: a block holding UTF-8. */
PLINTH_EXTISM_IMPORT(error_set) void extism_error_set(extism_handle block);

/* A config value by key (a block holding the key, which the host frees); a new block with the value, or 0. */
PLINTH_EXTISM_IMPORT(config_get) extism_handle extism_config_get(extism_handle key);
/* Vars: values that outlive a call. var_set with value 0 removes the var. The host frees the key
 * block (and var_set's value block) it is given, as Extism's runtime does: pass a new key each call. */
PLINTH_EXTISM_IMPORT(var_get) extism_handle extism_var_get(extism_handle key);
PLINTH_EXTISM_IMPORT(var_set) void extism_var_set(extism_handle key, extism_handle value);

/* HTTP: the request is a block of JSON {"url": ..., "method": ..., "headers": {...}}, the body a
 * block or 0; the result is a block holding the response body (0 when there is none). */
PLINTH_EXTISM_IMPORT(http_request) extism_handle extism_http_request(extism_handle request, extism_handle body);
/* The status code of the last response in this call (0 before any). */
PLINTH_EXTISM_IMPORT(http_status_code) int32_t extism_http_status_code(void);
/* The last response's headers as a block of JSON, or 0 when the host does not hand them out. */
PLINTH_EXTISM_IMPORT(http_headers) extism_handle extism_http_headers(void);

/* Logging: a block holding UTF-8 text, at a level. */
PLINTH_EXTISM_IMPORT(log_trace) void extism_log_trace(extism_handle text);
PLINTH_EXTISM_IMPORT(log_debug) void extism_log_debug(extism_handle text);
PLINTH_EXTISM_IMPORT(log_info) void extism_log_info(extism_handle text);
PLINTH_EXTISM_IMPORT(log_warn) void extism_log_warn(extism_handle text);
PLINTH_EXTISM_IMPORT(log_error) void extism_log_error(extism_handle text);
/* The lowest level the host writes: 0 trace, 1 debug, 2 info, 3 warn, 4 error; above 4: none. */
PLINTH_EXTISM_IMPORT(get_log_level) int32_t extism_get_log_level(void);

/* ---- helpers built on them --------------------------------------------------------------- */

/* Copies n bytes from host memory at offset into dst. */
static inline void extism_copy_from_host(void *dst, uint64_t offset, uint64_t n) {
    uint8_t *out = (uint8_t *)dst;
    uint64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t word = extism_load_u64(offset + i);
        __builtin_memcpy(out + i, &word, 8);
    }
    for (; i < n; i++) {
        out[i] = extism_load_u8(offset + i);
    }
}

/* Copies n bytes from src into host memory at offset. */
static inline void extism_copy_to_host(uint64_t offset, const void *src, uint64_t n) {
    const uint8_t *in = (const uint8_t *)src;
    uint64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t word;
        __builtin_memcpy(&word, in + i, 8);
        extism_store_u64(offset + i, word);
    }
    for (; i < n; i++) {
        extism_store_u8(offset + i, in[i]);
    }
}

/* A new host block holding n bytes of src (0 when the host has no room). */
static inline extism_handle extism_block_of(const void *src, uint64_t n) {
    extism_handle block = extism_alloc(n);
    if (block != 0) {
        extism_copy_to_host(block, src, n);
    }
    return block;
}

static inline uint64_t extism_strlen(const char *s) {
    uint64_t n = 0;
    while (s[n] != 0) {
        n++;
    }
    return n;
}

/* A new host block holding a NUL-terminated string, without the NUL. */
static inline extism_handle extism_block_of_string(const char *s) {
    return extism_block_of(s, extism_strlen(s));
}

/* Copies at most max bytes of the input into dst by index; returns the input's length. */
static inline uint64_t extism_input_read(void *dst, uint64_t max) {
    uint64_t n = extism_input_length();
    uint64_t take = n < max ? n : max;
    uint8_t *out = (uint8_t *)dst;
    uint64_t i = 0;
    for (; i + 8 <= take; i += 8) {
        uint64_t word = extism_input_load_u64(i);
        __builtin_memcpy(out + i, &word, 8);
    }
    for (; i < take; i++) {
        out[i] = extism_input_load_u8(i);
    }
    return n;
}

/* Sets the output to n bytes of src. */
static inline void extism_output(const void *src, uint64_t n) {
    extism_output_set(extism_block_of(src, n), n);
}

static inline void extism_output_string(const char *s) {
    extism_output(s, extism_strlen(s));
}

/* Sets the error text and returns code, for `return extism_fail(1, "...")`. */
static inline int32_t extism_fail(int32_t code, const char *message) {
    extism_error_set(extism_block_of_string(message));
    return code;
}

#undef PLINTH_EXTISM_IMPORT

#endif
