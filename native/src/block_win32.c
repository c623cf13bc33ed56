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
#include <sddl.h>
#include <stdlib.h>
#include <wchar.h>
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
 * FSCTL_LOCK_VOLUME on a volume handle (\\.\X:) gives us exclusive access for as long as that
 * handle stays open. Fails with ERROR_ACCESS_DENIED while another process has files open on the
 * volume, so the caller (main/engine/run-steps.ts) retries for a few seconds and then reports the
 * drive as in use; it keeps the handle open until the job is over with the drive.
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

/*
 * acceptPipeClient(name, clientPid, timeoutMs) -> Promise<fd>: the privileged writer's named pipe.
 *
 * COMPILE-REVIEWED ONLY: this has never run; no Windows machine is available to the project's tests.
 *
 * Node's net server creates pipes with the default DACL, which also grants Everyone read access,
 * and cannot be given another one. So the writer creates the pipe here, with an explicit, protected
 * DACL: full access for SYSTEM, read/write for the user of `clientPid` (main, the process that
 * started the elevated writer; with over-the-shoulder UAC the writer runs as another account, so
 * its own user would be the wrong one), nobody else, not even Administrators. One instance only
 * (nMaxInstances 1, FILE_FLAG_FIRST_PIPE_INSTANCE): if anyone already owns the name, creating it
 * fails, and nobody can add a second instance to ours. Remote clients are rejected.
 *
 * The wait for the first client (ConnectNamedPipe, overlapped, bounded by timeoutMs) runs on a
 * worker thread; the connected handle is then given to libuv's CRT (uv_open_osfhandle, exported by
 * node.exe and electron.exe like uv_get_osfhandle above) and JS wraps the fd in a net.Socket.
 */
typedef struct {
  napi_async_work work;
  napi_deferred deferred;
  HANDLE pipe;
  DWORD timeout_ms;
  DWORD error;
  const char *syscall;
} pipe_accept;

#define PIPE_PREFIX L"\\\\.\\pipe\\imprint-"
#define PIPE_NAME_MAX 128

/* The string SID of the user `pid` runs as. The caller LocalFree()s *sid. */
static DWORD process_user_sid(DWORD pid, wchar_t **sid) {
  union {
    TOKEN_USER user;
    BYTE bytes[sizeof(TOKEN_USER) + SECURITY_MAX_SID_SIZE];
  } info;
  HANDLE process, token = NULL;
  DWORD size = 0, error = ERROR_SUCCESS;

  process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
  if (process == NULL) return GetLastError();
  if (!OpenProcessToken(process, TOKEN_QUERY, &token)) {
    error = GetLastError();
  } else if (!GetTokenInformation(token, TokenUser, &info, sizeof info, &size)) {
    error = GetLastError();
  } else if (!ConvertSidToStringSidW(info.user.User.Sid, sid)) {
    error = GetLastError();
  }
  if (token != NULL) CloseHandle(token);
  CloseHandle(process);
  return error;
}

/* Creates the only instance of pipe `name`, reachable by SYSTEM and `sid` only. */
static DWORD create_private_pipe(const wchar_t *name, const wchar_t *sid, HANDLE *pipe) {
  /* D:P = protected DACL (nothing inherited); GA for SYSTEM, GRGW for the user. */
  static const wchar_t head[] = L"D:P(A;;GA;;;SY)(A;;GRGW;;;";
  wchar_t sddl[sizeof head / sizeof head[0] + 192];
  PSECURITY_DESCRIPTOR descriptor = NULL;
  SECURITY_ATTRIBUTES attributes;
  DWORD error = ERROR_SUCCESS;

  if (wcslen(sid) > 184) return ERROR_INVALID_SID;
  wcscpy(sddl, head);
  wcscat(sddl, sid);
  wcscat(sddl, L")");
  if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, SDDL_REVISION_1, &descriptor, NULL)) {
    return GetLastError();
  }
  attributes.nLength = sizeof attributes;
  attributes.lpSecurityDescriptor = descriptor;
  attributes.bInheritHandle = FALSE;
  *pipe = CreateNamedPipeW(name, PIPE_ACCESS_DUPLEX | FILE_FLAG_FIRST_PIPE_INSTANCE | FILE_FLAG_OVERLAPPED,
                           PIPE_TYPE_BYTE | PIPE_READMODE_BYTE | PIPE_WAIT | PIPE_REJECT_REMOTE_CLIENTS,
                           1, 65536, 65536, 0, &attributes);
  if (*pipe == INVALID_HANDLE_VALUE) error = GetLastError();
  LocalFree(descriptor);
  return error;
}

/* Worker thread: waits for the first client, at most timeout_ms. */
static void accept_execute(napi_env env, void *data) {
  pipe_accept *job = (pipe_accept *)data;
  OVERLAPPED overlapped;
  DWORD transferred = 0, error, wait;

  (void)env;
  ZeroMemory(&overlapped, sizeof overlapped);
  overlapped.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL);
  if (overlapped.hEvent == NULL) {
    job->error = GetLastError();
    job->syscall = "CreateEventW";
    return;
  }
  if (!ConnectNamedPipe(job->pipe, &overlapped)) {
    error = GetLastError();
    if (error == ERROR_IO_PENDING) {
      wait = WaitForSingleObject(overlapped.hEvent, job->timeout_ms);
      if (wait == WAIT_OBJECT_0) {
        if (!GetOverlappedResult(job->pipe, &overlapped, &transferred, FALSE)) {
          job->error = GetLastError();
          job->syscall = "ConnectNamedPipe";
        }
      } else {
        job->error = wait == WAIT_TIMEOUT ? ERROR_TIMEOUT : GetLastError();
        job->syscall = "ConnectNamedPipe";
        /* `overlapped` lives on this stack: wait until the cancelled operation has let go of it. */
        CancelIoEx(job->pipe, &overlapped);
        GetOverlappedResult(job->pipe, &overlapped, &transferred, TRUE);
      }
    } else if (error != ERROR_PIPE_CONNECTED) {
      /* ERROR_PIPE_CONNECTED: the client came between CreateNamedPipeW and now, which is success. */
      job->error = error;
      job->syscall = "ConnectNamedPipe";
    }
  }
  CloseHandle(overlapped.hEvent);
}

static void reject_win32(napi_env env, napi_deferred deferred, DWORD error, const char *syscall) {
  napi_value exception;

  imprint_throw_win32(env, error, syscall);
  if (napi_get_and_clear_last_exception(env, &exception) == napi_ok) {
    napi_reject_deferred(env, deferred, exception);
  }
}

/* JS thread: hands the connected handle to libuv's CRT and settles the promise. */
static void accept_complete(napi_env env, napi_status status, void *data) {
  pipe_accept *job = (pipe_accept *)data;
  napi_value fd_value;
  int fd = -1;

  if (status != napi_ok && job->error == ERROR_SUCCESS) {
    job->error = ERROR_OPERATION_ABORTED;
    job->syscall = "acceptPipeClient";
  }
  if (job->error == ERROR_SUCCESS) {
    fd = uv_open_osfhandle(job->pipe);
    if (fd < 0) {
      job->error = ERROR_INVALID_HANDLE;
      job->syscall = "uv_open_osfhandle";
    }
  }
  if (fd >= 0 && napi_create_int32(env, fd, &fd_value) == napi_ok) {
    napi_resolve_deferred(env, job->deferred, fd_value);
  } else {
    /* Once uv_open_osfhandle succeeded the fd owns the handle; otherwise we still do. */
    if (fd < 0) CloseHandle(job->pipe);
    reject_win32(env, job->deferred, job->error != ERROR_SUCCESS ? job->error : ERROR_NOT_ENOUGH_MEMORY,
                 job->syscall != NULL ? job->syscall : "napi_create_int32");
  }
  napi_delete_async_work(env, job->work);
  free(job);
}

static napi_value accept_pipe_client(napi_env env, napi_callback_info info) {
  napi_value argv[3], promise, resource_name;
  napi_valuetype type;
  char16_t name[PIPE_NAME_MAX + 1];
  size_t name_length = 0;
  uint64_t pid, timeout_ms;
  wchar_t *sid = NULL;
  HANDLE pipe = INVALID_HANDLE_VALUE;
  DWORD error;
  pipe_accept *job;

  if (!imprint_get_args(env, info, 3, argv)) return NULL;
  IMPRINT_NAPI(env, napi_typeof(env, argv[0], &type));
  if (type != napi_string) return imprint_throw_type_error(env, "the pipe name must be a string");
  IMPRINT_NAPI(env, napi_get_value_string_utf16(env, argv[0], name, PIPE_NAME_MAX + 1, &name_length));
  /* wchar_t is UTF-16 on Windows. A name that filled the buffer may have been cut: refuse it. */
  if (name_length >= PIPE_NAME_MAX ||
      wcsncmp((const wchar_t *)name, PIPE_PREFIX, wcslen(PIPE_PREFIX)) != 0) {
    return imprint_throw_range_error(env, "the pipe name must be \\\\.\\pipe\\imprint-<random>");
  }
  if (!imprint_get_uint53(env, argv[1], "clientPid", &pid)) return NULL;
  if (!imprint_get_uint53(env, argv[2], "timeoutMs", &timeout_ms)) return NULL;
  if (pid == 0 || pid > 0xFFFFFFFFu) return imprint_throw_range_error(env, "clientPid must be a process id");
  if (timeout_ms >= INFINITE) return imprint_throw_range_error(env, "timeoutMs is too large");

  error = process_user_sid((DWORD)pid, &sid);
  if (error != ERROR_SUCCESS) return imprint_throw_win32(env, error, "OpenProcessToken TokenUser");
  error = create_private_pipe((const wchar_t *)name, sid, &pipe);
  LocalFree(sid);
  if (error != ERROR_SUCCESS) return imprint_throw_win32(env, error, "CreateNamedPipeW");

  job = (pipe_accept *)calloc(1, sizeof *job);
  if (job == NULL) {
    CloseHandle(pipe);
    return imprint_throw_win32(env, ERROR_NOT_ENOUGH_MEMORY, "acceptPipeClient");
  }
  job->pipe = pipe;
  job->timeout_ms = (DWORD)timeout_ms;
  if (napi_create_promise(env, &job->deferred, &promise) != napi_ok ||
      napi_create_string_utf8(env, "imprint:acceptPipeClient", NAPI_AUTO_LENGTH, &resource_name) != napi_ok ||
      napi_create_async_work(env, NULL, resource_name, accept_execute, accept_complete, job, &job->work) != napi_ok) {
    CloseHandle(pipe);
    free(job);
    imprint_throw_last_napi_error(env);
    return NULL;
  }
  if (napi_queue_async_work(env, job->work) != napi_ok) {
    napi_delete_async_work(env, job->work);
    CloseHandle(pipe);
    free(job);
    imprint_throw_last_napi_error(env);
    return NULL;
  }
  return promise;
}

static const imprint_function win32_functions[] = {
    {"lockVolume", lock_volume},
    {"dismountVolume", dismount_volume},
    {"blockDeviceSize", block_device_size},
    {"logicalSectorSize", logical_sector_size},
    {"isReadOnly", is_read_only},
    {"flushBuffers", flush_buffers},
    {"acceptPipeClient", accept_pipe_client},
    /* rereadPartitionTable (IOCTL_DISK_UPDATE_PROPERTIES), setNoCache: not needed yet. */
};

const imprint_function *imprint_platform_functions(size_t *count) {
  *count = sizeof win32_functions / sizeof win32_functions[0];
  return win32_functions;
}

#endif /* _WIN32 */
