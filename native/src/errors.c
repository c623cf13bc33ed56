/*
 * Errors thrown by the addon. They look like Node's own system errors (code, errno, syscall) so the
 * TypeScript side handles an ioctl failure exactly like an fs failure.
 */
#include "common.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#ifdef _WIN32
#include <windows.h>
#endif

/*
 * errno -> symbolic name. We do not call libuv's uv_err_name: that would tie the addon to libuv's
 * exported symbols, and node_api.h alone is the stable ABI. Only the errors a block-device ioctl,
 * fcntl or argument check can plausibly produce are listed; the rest report 'UNKNOWN' with .errno.
 */
static const char *errno_name(int err) {
  switch (err) {
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case EINTR: return "EINTR";
    case EIO: return "EIO";
    case ENXIO: return "ENXIO";
    case EBADF: return "EBADF";
    case EAGAIN: return "EAGAIN";
    case ENOMEM: return "ENOMEM";
    case EACCES: return "EACCES";
    case EFAULT: return "EFAULT";
#ifdef ENOTBLK
    case ENOTBLK: return "ENOTBLK";
#endif
    case EBUSY: return "EBUSY";
    case ENODEV: return "ENODEV";
    case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR";
    case EINVAL: return "EINVAL";
    case ENOTTY: return "ENOTTY";
    case EFBIG: return "EFBIG";
    case ENOSPC: return "ENOSPC";
    case ESPIPE: return "ESPIPE";
    case EROFS: return "EROFS";
    case ERANGE: return "ERANGE";
    case ENOSYS: return "ENOSYS";
#ifdef EOVERFLOW
    case EOVERFLOW: return "EOVERFLOW";
#endif
#ifdef EOPNOTSUPP
    case EOPNOTSUPP: return "EOPNOTSUPP";
#endif
#if defined(ENOTSUP) && (!defined(EOPNOTSUPP) || ENOTSUP != EOPNOTSUPP)
    /* Linux defines ENOTSUP == EOPNOTSUPP; macOS keeps them distinct. */
    case ENOTSUP: return "ENOTSUP";
#endif
#ifdef ENOMEDIUM
    case ENOMEDIUM: return "ENOMEDIUM"; /* Linux: card reader with no card */
#endif
#ifdef ETIMEDOUT
    case ETIMEDOUT: return "ETIMEDOUT";
#endif
    default: return "UNKNOWN";
  }
}

/* Errors we raise ourselves (argument checks, ENOSYS) also need a description on Windows, where
 * the CRT's strerror knows fewer of them; keep our own wording for those. */
static const char *errno_description(int err) {
  switch (err) {
    case ENOSYS: return "function not implemented on this platform";
#ifdef EOVERFLOW
    case EOVERFLOW: return "value too large for a JavaScript number";
#endif
    default: return strerror(err); /* glibc/macOS return static strings for known errors */
  }
}

static napi_value throw_system_error(napi_env env, const char *code, double err_number,
                                     const char *description, const char *syscall) {
  char message[512];
  napi_value js_code, js_message, error, js_errno, js_syscall;

  snprintf(message, sizeof message, "%s: %s, %s", code, description, syscall);
  if (napi_create_string_utf8(env, code, NAPI_AUTO_LENGTH, &js_code) != napi_ok ||
      napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &js_message) != napi_ok ||
      napi_create_error(env, js_code, js_message, &error) != napi_ok ||
      napi_create_double(env, err_number, &js_errno) != napi_ok ||
      napi_set_named_property(env, error, "errno", js_errno) != napi_ok ||
      napi_create_string_utf8(env, syscall, NAPI_AUTO_LENGTH, &js_syscall) != napi_ok ||
      napi_set_named_property(env, error, "syscall", js_syscall) != napi_ok ||
      napi_throw(env, error) != napi_ok) {
    imprint_throw_last_napi_error(env);
  }
  return NULL;
}

napi_value imprint_throw_errno(napi_env env, int err, const char *syscall) {
  return throw_system_error(env, errno_name(err), (double)err, errno_description(err), syscall);
}

#ifdef _WIN32
/*
 * Win32 error -> POSIX-style code. Mostly libuv's mapping (so a code means the same as in Node's fs
 * errors on Windows), except that an ioctl the device does not support (ERROR_INVALID_FUNCTION,
 * ERROR_NOT_SUPPORTED) is ENOTTY, as on POSIX, where libuv says EISDIR / ENOTSUP.
 */
static const char *win32_error_name(DWORD err) {
  switch (err) {
    case ERROR_ACCESS_DENIED: return "EPERM";
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND: return "ENOENT";
    case ERROR_INVALID_HANDLE: return "EBADF";
    case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_OUTOFMEMORY: return "ENOMEM";
    case ERROR_INVALID_PARAMETER: return "EINVAL";
    case ERROR_INVALID_FUNCTION:
    case ERROR_NOT_SUPPORTED: return "ENOTTY";
    case ERROR_WRITE_PROTECT: return "EROFS";
    case ERROR_SHARING_VIOLATION:
    case ERROR_LOCK_VIOLATION:
    case ERROR_BUSY: return "EBUSY";
    case ERROR_NOT_READY:
    case ERROR_DEV_NOT_EXIST:
    case ERROR_DEVICE_NOT_CONNECTED: return "ENODEV";
    case ERROR_IO_DEVICE:
    case ERROR_CRC: return "EIO";
    default: return "UNKNOWN";
  }
}

napi_value imprint_throw_win32(napi_env env, unsigned long err, const char *syscall) {
  char description[256];
  DWORD length = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL,
                                (DWORD)err, MAKELANGID(LANG_ENGLISH, SUBLANG_DEFAULT), description,
                                (DWORD)sizeof description, NULL);
  if (length == 0) {
    snprintf(description, sizeof description, "Windows error %lu", err);
  } else {
    /* FormatMessage ends its text with ".\r\n"; the message format adds its own punctuation. */
    while (length > 0 && (description[length - 1] == '\r' || description[length - 1] == '\n' ||
                          description[length - 1] == '.')) {
      description[--length] = '\0';
    }
  }
  return throw_system_error(env, win32_error_name((DWORD)err), (double)err, description, syscall);
}
#endif

static napi_value throw_argument_error(napi_env env, const char *message, int range) {
  napi_status status = range ? napi_throw_range_error(env, "EINVAL", message)
                             : napi_throw_type_error(env, "EINVAL", message);
  if (status != napi_ok) imprint_throw_last_napi_error(env);
  return NULL;
}

napi_value imprint_throw_type_error(napi_env env, const char *message) {
  return throw_argument_error(env, message, 0);
}

napi_value imprint_throw_range_error(napi_env env, const char *message) {
  return throw_argument_error(env, message, 1);
}

void imprint_throw_last_napi_error(napi_env env) {
  bool pending = false;
  const napi_extended_error_info *info = NULL;

  if (napi_is_exception_pending(env, &pending) == napi_ok && pending) return;
  napi_get_last_error_info(env, &info);
  napi_throw_error(env, NULL,
                   info != NULL && info->error_message != NULL ? info->error_message
                                                               : "N-API call failed");
}

int imprint_get_args(napi_env env, napi_callback_info info, size_t expected, napi_value *argv) {
  size_t argc = expected;
  char message[96];

  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) {
    imprint_throw_last_napi_error(env);
    return 0;
  }
  if (argc < expected) {
    snprintf(message, sizeof message, "expected %u argument(s), got %u", (unsigned)expected,
             (unsigned)argc);
    imprint_throw_type_error(env, message);
    return 0;
  }
  return 1;
}

/* A JS number that is an integer in [0, max]. Returns 1 ok, 0 not a number, -1 out of range. */
static int get_integer(napi_env env, napi_value value, double max, double *out) {
  napi_valuetype type;

  if (napi_typeof(env, value, &type) != napi_ok || type != napi_number) return 0;
  if (napi_get_value_double(env, value, out) != napi_ok) return 0;
  if (!(*out >= 0 && *out <= max) || floor(*out) != *out) return -1; /* also rejects NaN */
  return 1;
}

int imprint_get_fd(napi_env env, napi_value value, int *fd) {
  double number;
  int ok = get_integer(env, value, 2147483647.0, &number);

  if (ok == 0) {
    imprint_throw_type_error(env, "fd must be a number");
    return 0;
  }
  if (ok < 0) {
    imprint_throw_range_error(env, "fd must be a non-negative integer");
    return 0;
  }
  *fd = (int)number;
  return 1;
}

int imprint_get_uint53(napi_env env, napi_value value, const char *what, uint64_t *out) {
  char message[128];
  double number;
  int ok = get_integer(env, value, IMPRINT_MAX_SAFE_INTEGER, &number);

  if (ok <= 0) {
    snprintf(message, sizeof message, "%s must be a non-negative safe integer", what);
    if (ok == 0) imprint_throw_type_error(env, message);
    else imprint_throw_range_error(env, message);
    return 0;
  }
  *out = (uint64_t)number;
  return 1;
}

int imprint_get_bool(napi_env env, napi_value value, const char *what, int *out) {
  char message[128];
  bool result;

  if (napi_get_value_bool(env, value, &result) != napi_ok) {
    snprintf(message, sizeof message, "%s must be a boolean", what);
    imprint_throw_type_error(env, message);
    return 0;
  }
  *out = result ? 1 : 0;
  return 1;
}

napi_value imprint_number(napi_env env, double value) {
  napi_value result;
  IMPRINT_NAPI(env, napi_create_double(env, value, &result));
  return result;
}

napi_value imprint_boolean(napi_env env, int value) {
  napi_value result;
  IMPRINT_NAPI(env, napi_get_boolean(env, value != 0, &result));
  return result;
}

napi_value imprint_undefined(napi_env env) {
  napi_value result;
  IMPRINT_NAPI(env, napi_get_undefined(env, &result));
  return result;
}

napi_value imprint_size(napi_env env, uint64_t value, const char *syscall) {
  if ((double)value > IMPRINT_MAX_SAFE_INTEGER) {
#ifdef EOVERFLOW
    return imprint_throw_errno(env, EOVERFLOW, syscall);
#else
    return imprint_throw_errno(env, ERANGE, syscall);
#endif
  }
  return imprint_number(env, (double)value);
}
