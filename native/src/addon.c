/*
 * Imprint native addon: module registration, aligned buffers, and the ENOSYS stand-ins.
 *
 * Every platform exports the same names so the TypeScript wrapper has one shape; a function the
 * current OS does not implement throws an Error with code 'ENOSYS'.
 */
#include "common.h"

#include <errno.h>
#include <string.h>

/* All block-device functions, whichever platform implements them. */
static const char *const block_function_names[] = {
    "blockDeviceSize", "logicalSectorSize", "isReadOnly", "flushBuffers",
    "rereadPartitionTable", "setNoCache", "lockVolume", "dismountVolume",
    "diskSeq", "setDumpable", "isDumpable", "acceptPipeClient",
};
#define BLOCK_FUNCTION_COUNT (sizeof block_function_names / sizeof block_function_names[0])

#if !defined(__linux__) && !defined(__APPLE__) && !defined(_WIN32)
const char imprint_platform_name[] = "unsupported";

const imprint_function *imprint_platform_functions(size_t *count) {
  *count = 0;
  return NULL;
}
#endif

/*
 * alignedOffset(arrayBuffer, alignment): offset of the first byte of the ArrayBuffer's backing
 * store whose address is a multiple of `alignment`. Unbuffered I/O (O_DIRECT, F_NOCACHE,
 * FILE_FLAG_NO_BUFFERING) needs sector-aligned memory, and Electron 21+ forbids ArrayBuffers over
 * external memory, so JS allocates alignment extra bytes and views them from this offset.
 * V8 never moves an ArrayBuffer's backing store, so the offset stays valid for the buffer's life.
 */
static napi_value aligned_offset(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  bool is_array_buffer = false, is_detached = false;
  void *data = NULL;
  size_t length = 0;
  double alignment;
  napi_valuetype type;
  uintptr_t mask, offset;

  if (!imprint_get_args(env, info, 2, argv)) return NULL;
  IMPRINT_NAPI(env, napi_is_arraybuffer(env, argv[0], &is_array_buffer));
  if (!is_array_buffer) return imprint_throw_type_error(env, "expected an ArrayBuffer");
  IMPRINT_NAPI(env, napi_is_detached_arraybuffer(env, argv[0], &is_detached));
  if (is_detached) return imprint_throw_type_error(env, "the ArrayBuffer is detached");

  IMPRINT_NAPI(env, napi_typeof(env, argv[1], &type));
  if (type != napi_number) return imprint_throw_type_error(env, "alignment must be a number");
  IMPRINT_NAPI(env, napi_get_value_double(env, argv[1], &alignment));
  /* Power of two up to 1 GiB: larger is no sector or page size anyone has. */
  if (!(alignment >= 1 && alignment <= 1073741824.0) || (double)(uintptr_t)alignment != alignment ||
      ((uintptr_t)alignment & ((uintptr_t)alignment - 1)) != 0) {
    return imprint_throw_range_error(env, "alignment must be a power of two between 1 and 2^30");
  }

  IMPRINT_NAPI(env, napi_get_arraybuffer_info(env, argv[0], &data, &length));
  mask = (uintptr_t)alignment - 1;
  offset = (uintptr_t)(((uintptr_t)data + mask) & ~mask) - (uintptr_t)data;
  if (offset > length) {
    return imprint_throw_range_error(env, "the ArrayBuffer is too small to hold an aligned address");
  }
  return imprint_number(env, (double)offset);
}

static napi_value not_implemented(napi_env env, napi_callback_info info) {
  void *name = NULL;

  IMPRINT_NAPI(env, napi_get_cb_info(env, info, NULL, NULL, NULL, &name));
  return imprint_throw_errno(env, ENOSYS, name != NULL ? (const char *)name : "native function");
}

static napi_callback platform_callback(const char *name) {
  size_t count = 0, i;
  const imprint_function *functions = imprint_platform_functions(&count);

  for (i = 0; i < count; i++) {
    if (strcmp(functions[i].name, name) == 0) return functions[i].callback;
  }
  return NULL;
}

static int export_function(napi_env env, napi_value exports, const char *name,
                           napi_callback callback, void *data) {
  napi_value fn;
  return napi_create_function(env, name, NAPI_AUTO_LENGTH, callback, data, &fn) == napi_ok &&
         napi_set_named_property(env, exports, name, fn) == napi_ok;
}

NAPI_MODULE_INIT() {
  napi_value platform;
  size_t i;

  if (!export_function(env, exports, "alignedOffset", aligned_offset, NULL)) goto fail;
  for (i = 0; i < BLOCK_FUNCTION_COUNT; i++) {
    const char *name = block_function_names[i];
    napi_callback callback = platform_callback(name);
    /* The stand-in gets the name as callback data so its error says which function is missing. */
    if (!export_function(env, exports, name, callback != NULL ? callback : not_implemented,
                         callback != NULL ? NULL : (void *)name)) {
      goto fail;
    }
  }
  if (napi_create_string_utf8(env, imprint_platform_name, NAPI_AUTO_LENGTH, &platform) != napi_ok ||
      napi_set_named_property(env, exports, "platform", platform) != napi_ok) {
    goto fail;
  }
  return exports;

fail:
  imprint_throw_last_napi_error(env);
  return NULL;
}
