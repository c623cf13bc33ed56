/*
 * macOS disk ioctls (<sys/disk.h>) and F_NOCACHE. The fd comes from Node's fs.open on a raw disk
 * node (/dev/rdiskN). Not compiled on the machine this was written on: it follows the SDK's
 * documented declarations:
 *   DKIOCGETBLOCKSIZE          _IOR('d', 24, uint32_t)  logical block size in bytes
 *   DKIOCGETBLOCKCOUNT         _IOR('d', 25, uint64_t)  number of logical blocks
 *   DKIOCISWRITABLE            _IOR('d', 29, uint32_t)  nonzero when writable
 *   DKIOCSYNCHRONIZECACHE      _IO('d', 22)             flush the drive's write cache
 */
#if defined(__APPLE__)

#include "common.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/disk.h>
#include <sys/ioctl.h>

const char imprint_platform_name[] = "darwin";

/* The requests used here are idempotent, so an interrupted one is simply repeated. */
static int disk_ioctl(int fd, unsigned long request, void *arg) {
  int result;
  do {
    result = ioctl(fd, request, arg);
  } while (result == -1 && errno == EINTR);
  return result;
}

static int fd_argument(napi_env env, napi_callback_info info, int *fd) {
  napi_value argv[1];
  return imprint_get_args(env, info, 1, argv) && imprint_get_fd(env, argv[0], fd);
}

/* macOS has no "size in bytes" ioctl: the size is block count × logical block size. */
static napi_value block_device_size(napi_env env, napi_callback_info info) {
  int fd;
  uint64_t count = 0;
  uint32_t block_size = 0;

  if (!fd_argument(env, info, &fd)) return NULL;
  if (disk_ioctl(fd, DKIOCGETBLOCKCOUNT, &count) == -1) {
    return imprint_throw_errno(env, errno, "ioctl DKIOCGETBLOCKCOUNT");
  }
  if (disk_ioctl(fd, DKIOCGETBLOCKSIZE, &block_size) == -1) {
    return imprint_throw_errno(env, errno, "ioctl DKIOCGETBLOCKSIZE");
  }
  if (block_size != 0 && count > UINT64_MAX / block_size) {
    return imprint_throw_errno(env, EOVERFLOW, "ioctl DKIOCGETBLOCKCOUNT");
  }
  return imprint_size(env, count * block_size, "ioctl DKIOCGETBLOCKCOUNT");
}

static napi_value logical_sector_size(napi_env env, napi_callback_info info) {
  int fd;
  uint32_t size = 0;

  if (!fd_argument(env, info, &fd)) return NULL;
  if (disk_ioctl(fd, DKIOCGETBLOCKSIZE, &size) == -1) {
    return imprint_throw_errno(env, errno, "ioctl DKIOCGETBLOCKSIZE");
  }
  return imprint_number(env, (double)size);
}

static napi_value is_read_only(napi_env env, napi_callback_info info) {
  int fd;
  uint32_t writable = 0;

  if (!fd_argument(env, info, &fd)) return NULL;
  if (disk_ioctl(fd, DKIOCISWRITABLE, &writable) == -1) {
    return imprint_throw_errno(env, errno, "ioctl DKIOCISWRITABLE");
  }
  return imprint_boolean(env, writable == 0);
}

/*
 * macOS has no BLKFLSBUF: raw disk nodes are not cached by the kernel, so the closest equivalent
 * is asking the drive to commit its own write cache. Some USB bridges reject it (ENOTTY/ENOTSUP);
 * the caller decides whether that matters.
 */
static napi_value flush_buffers(napi_env env, napi_callback_info info) {
  int fd;

  if (!fd_argument(env, info, &fd)) return NULL;
  if (disk_ioctl(fd, DKIOCSYNCHRONIZECACHE, NULL) == -1) {
    return imprint_throw_errno(env, errno, "ioctl DKIOCSYNCHRONIZECACHE");
  }
  return imprint_undefined(env);
}

/*
 * F_NOCACHE turns the unified buffer cache off for this fd, the macOS stand-in for O_DIRECT
 * (which macOS does not have). Like O_DIRECT it works best with page-aligned buffers.
 */
static napi_value set_no_cache(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  int fd, on, result;

  if (!imprint_get_args(env, info, 2, argv) || !imprint_get_fd(env, argv[0], &fd) ||
      !imprint_get_bool(env, argv[1], "on", &on)) {
    return NULL;
  }
  do {
    result = fcntl(fd, F_NOCACHE, on);
  } while (result == -1 && errno == EINTR);
  if (result == -1) return imprint_throw_errno(env, errno, "fcntl F_NOCACHE");
  return imprint_undefined(env);
}

static const imprint_function darwin_functions[] = {
    {"blockDeviceSize", block_device_size},
    {"logicalSectorSize", logical_sector_size},
    {"isReadOnly", is_read_only},
    {"flushBuffers", flush_buffers},
    {"setNoCache", set_no_cache},
    /* rereadPartitionTable: diskutil/DiskArbitration own it on macOS.
       lockVolume, dismountVolume: Windows only (macOS uses diskutil unmountDisk). */
};

const imprint_function *imprint_platform_functions(size_t *count) {
  *count = sizeof darwin_functions / sizeof darwin_functions[0];
  return darwin_functions;
}

#endif /* __APPLE__ */
