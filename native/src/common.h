/*
 * Shared helpers of the Imprint native addon: argument parsing, errors, and the per-platform
 * function tables. Everything here is synchronous and runs on the calling JS thread.
 */
#ifndef IMPRINT_COMMON_H
#define IMPRINT_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include <node_api.h>

/* Largest integer a JS number holds exactly (Number.MAX_SAFE_INTEGER). */
#define IMPRINT_MAX_SAFE_INTEGER 9007199254740991.0

/* Evaluates a N-API call; on failure makes sure an exception is pending and returns NULL. */
#define IMPRINT_NAPI(env, call)                \
  do {                                         \
    if ((call) != napi_ok) {                   \
      imprint_throw_last_napi_error(env);      \
      return NULL;                             \
    }                                          \
  } while (0)

/* One exported function that the current platform implements. */
typedef struct {
  const char *name;
  napi_callback callback;
} imprint_function;

/*
 * Implemented by exactly one of block_linux.c / block_darwin.c / block_win32.c (or addon.c on any
 * other OS): the functions this platform supports. Every other exported name throws ENOSYS.
 */
const imprint_function *imprint_platform_functions(size_t *count);

/* process.platform spelling of the platform this file was compiled for. */
extern const char imprint_platform_name[];

/* Ensures a JS exception is pending after a failed napi_* call. */
void imprint_throw_last_napi_error(napi_env env);

/*
 * Throws an Error like Node's system errors: message "CODE: description, syscall",
 * .code = errno name ('EINVAL', 'ENOTTY', ...), .errno = the OS error number (positive errno on
 * POSIX, the Win32 error code on Windows), .syscall = what failed ("ioctl BLKGETSIZE64").
 * Always returns NULL so callers can `return imprint_throw_errno(...)`.
 */
napi_value imprint_throw_errno(napi_env env, int err, const char *syscall);
#ifdef _WIN32
napi_value imprint_throw_win32(napi_env env, unsigned long err, const char *syscall);
#endif

/* Throws a TypeError/RangeError with .code 'EINVAL' for a bad argument. Returns NULL. */
napi_value imprint_throw_type_error(napi_env env, const char *message);
napi_value imprint_throw_range_error(napi_env env, const char *message);

/*
 * Reads the JS arguments; throws (and returns 0) unless exactly `expected` or more were passed.
 * On success returns 1.
 */
int imprint_get_args(napi_env env, napi_callback_info info, size_t expected, napi_value *argv);

/* argument -> file descriptor: an integer in [0, INT32_MAX]. Returns 1, or 0 with an exception. */
int imprint_get_fd(napi_env env, napi_value value, int *fd);

/* argument -> non-negative safe integer (byte offsets and lengths). Returns 1, or 0 with an exception. */
int imprint_get_uint53(napi_env env, napi_value value, const char *what, uint64_t *out);

/* argument -> boolean. Returns 1, or 0 with an exception. */
int imprint_get_bool(napi_env env, napi_value value, const char *what, int *out);

/* Return values. NULL (with an exception pending) on failure. */
napi_value imprint_number(napi_env env, double value);
napi_value imprint_boolean(napi_env env, int value);
napi_value imprint_undefined(napi_env env);

/* uint64 byte count -> JS number, or throws EOVERFLOW if it is not exactly representable. */
napi_value imprint_size(napi_env env, uint64_t value, const char *syscall);

#endif
