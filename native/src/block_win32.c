/*
 * Windows volume and disk control codes (<winioctl.h>). The fd comes from Node's fs.open on
 * \\.\PhysicalDriveN or \\.\X:, opened synchronously (not FILE_FLAG_OVERLAPPED) by libuv, so
 * DeviceIoControl without an OVERLAPPED is correct.
 *
 * The fd is a C-runtime descriptor in node.exe's own statically linked CRT. Our addon has a
 * separate CRT, whose _get_osfhandle() knows nothing of that fd (and may abort on it), so the
 * HANDLE must come from libuv's uv_get_osfhandle(), which node.exe and electron.exe export for
 * exactly this (nodejs/node#6369, libuv/libuv#1323).
 */
#if defined(_WIN32)

#include "common.h"

#include <windows.h>
#include <winioctl.h>
#include <uv.h>

const char imprint_platform_name[] = "win32";

/* fd argument -> HANDLE; returns INVALID_HANDLE_VALUE with a JS exception pending on failure. */
static HANDLE handle_argument(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  int fd;
  HANDLE handle;

  if (!imprint_get_args(env, info, 1, argv) || !imprint_get_fd(env, argv[0], &fd)) {
    return INVALID_HANDLE_VALUE;
  }
  handle = uv_get_osfhandle(fd);
  if (handle == INVALID_HANDLE_VALUE) imprint_throw_win32(env, ERROR_INVALID_HANDLE, "uv_get_osfhandle");
  return handle;
}

/* A control code without input; output into `out` of `size` bytes (may be NULL/0). */
static BOOL control(HANDLE handle, DWORD code, void *out, DWORD size) {
  DWORD returned = 0;
  return DeviceIoControl(handle, code, NULL, 0, out, size, &returned, NULL);
}

/*
 * FSCTL_LOCK_VOLUME on a volume handle (\\.\X:) gives us exclusive access. Fails with
 * ERROR_ACCESS_DENIED while another process has files open on the volume, so callers retry a
 * few times and then dismount anyway.
 */
static napi_value lock_volume(napi_env env, napi_callback_info info) {
  HANDLE handle = handle_argument(env, info);

  if (handle == INVALID_HANDLE_VALUE) return NULL;
  if (!control(handle, FSCTL_LOCK_VOLUME, NULL, 0)) {
    return imprint_throw_win32(env, GetLastError(), "DeviceIoControl FSCTL_LOCK_VOLUME");
  }
  return imprint_undefined(env);
}

/*
 * FSCTL_DISMOUNT_VOLUME invalidates every open handle on the volume, so writes to the physical
 * drive cannot be overwritten by a cached file system. The volume stays dismounted while we hold
 * the lock; closing the handle lets Windows mount whatever we wrote.
 */
static napi_value dismount_volume(napi_env env, napi_callback_info info) {
  HANDLE handle = handle_argument(env, info);

  if (handle == INVALID_HANDLE_VALUE) return NULL;
  if (!control(handle, FSCTL_DISMOUNT_VOLUME, NULL, 0)) {
    return imprint_throw_win32(env, GetLastError(), "DeviceIoControl FSCTL_DISMOUNT_VOLUME");
  }
  return imprint_undefined(env);
}

/* IOCTL_DISK_GET_LENGTH_INFO: size in bytes of a disk or partition (needs GENERIC_READ). */
static napi_value block_device_size(napi_env env, napi_callback_info info) {
  HANDLE handle = handle_argument(env, info);
  GET_LENGTH_INFORMATION length;

  if (handle == INVALID_HANDLE_VALUE) return NULL;
  if (!control(handle, IOCTL_DISK_GET_LENGTH_INFO, &length, sizeof length)) {
    return imprint_throw_win32(env, GetLastError(), "DeviceIoControl IOCTL_DISK_GET_LENGTH_INFO");
  }
  if (length.Length.QuadPart < 0) {
    return imprint_throw_win32(env, ERROR_INVALID_DATA, "DeviceIoControl IOCTL_DISK_GET_LENGTH_INFO");
  }
  return imprint_size(env, (uint64_t)length.Length.QuadPart, "DeviceIoControl IOCTL_DISK_GET_LENGTH_INFO");
}

/*
 * Logical sector size: FILE_FLAG_NO_BUFFERING needs offsets, lengths and buffer addresses that
 * are multiples of it.
 */
static napi_value logical_sector_size(napi_env env, napi_callback_info info) {
  HANDLE handle = handle_argument(env, info);
  DISK_GEOMETRY geometry;

  if (handle == INVALID_HANDLE_VALUE) return NULL;
  if (!control(handle, IOCTL_DISK_GET_DRIVE_GEOMETRY, &geometry, sizeof geometry)) {
    return imprint_throw_win32(env, GetLastError(), "DeviceIoControl IOCTL_DISK_GET_DRIVE_GEOMETRY");
  }
  return imprint_number(env, (double)geometry.BytesPerSector);
}

/*
 * Physical sector size via the storage access-alignment property (Windows 8+). Many USB bridges
 * do not answer it (ERROR_INVALID_FUNCTION -> ENOTTY); callers fall back to the logical size.
 */
static napi_value physical_sector_size(napi_env env, napi_callback_info info) {
  HANDLE handle = handle_argument(env, info);
  STORAGE_PROPERTY_QUERY query;
  STORAGE_ACCESS_ALIGNMENT_DESCRIPTOR alignment;
  DWORD returned = 0;

  if (handle == INVALID_HANDLE_VALUE) return NULL;
  ZeroMemory(&query, sizeof query);
  ZeroMemory(&alignment, sizeof alignment);
  query.PropertyId = StorageAccessAlignmentProperty;
  query.QueryType = PropertyStandardQuery;
  if (!DeviceIoControl(handle, IOCTL_STORAGE_QUERY_PROPERTY, &query, sizeof query, &alignment,
                       sizeof alignment, &returned, NULL)) {
    return imprint_throw_win32(env, GetLastError(), "DeviceIoControl IOCTL_STORAGE_QUERY_PROPERTY");
  }
  /* A short answer lacks the field; report it as unsupported rather than return garbage. */
  if (returned < offsetof(STORAGE_ACCESS_ALIGNMENT_DESCRIPTOR, BytesPerPhysicalSector) + sizeof(DWORD)) {
    return imprint_throw_win32(env, ERROR_NOT_SUPPORTED, "DeviceIoControl IOCTL_STORAGE_QUERY_PROPERTY");
  }
  return imprint_number(env, (double)alignment.BytesPerPhysicalSector);
}

/* IOCTL_DISK_IS_WRITABLE succeeds on a writable disk and fails with ERROR_WRITE_PROTECT otherwise. */
static napi_value is_read_only(napi_env env, napi_callback_info info) {
  HANDLE handle = handle_argument(env, info);
  DWORD error;

  if (handle == INVALID_HANDLE_VALUE) return NULL;
  if (control(handle, IOCTL_DISK_IS_WRITABLE, NULL, 0)) return imprint_boolean(env, 0);
  error = GetLastError();
  if (error == ERROR_WRITE_PROTECT) return imprint_boolean(env, 1);
  return imprint_throw_win32(env, error, "DeviceIoControl IOCTL_DISK_IS_WRITABLE");
}

/* FlushFileBuffers on a disk handle also makes the drive commit its write cache. */
static napi_value flush_buffers(napi_env env, napi_callback_info info) {
  HANDLE handle = handle_argument(env, info);

  if (handle == INVALID_HANDLE_VALUE) return NULL;
  if (!FlushFileBuffers(handle)) return imprint_throw_win32(env, GetLastError(), "FlushFileBuffers");
  return imprint_undefined(env);
}

static const imprint_function win32_functions[] = {
    {"lockVolume", lock_volume},
    {"dismountVolume", dismount_volume},
    {"blockDeviceSize", block_device_size},
    {"logicalSectorSize", logical_sector_size},
    {"physicalSectorSize", physical_sector_size},
    {"isReadOnly", is_read_only},
    {"flushBuffers", flush_buffers},
    /* rereadPartitionTable (IOCTL_DISK_UPDATE_PROPERTIES), discard, setNoCache: not needed yet. */
};

const imprint_function *imprint_platform_functions(size_t *count) {
  *count = sizeof win32_functions / sizeof win32_functions[0];
  return win32_functions;
}

#endif /* _WIN32 */
