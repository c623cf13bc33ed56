/*
 * Linux block-device ioctls (<linux/fs.h>). The fd comes from Node's fs.open, so it is a plain
 * POSIX descriptor. On anything but a block device these fail with ENOTTY, which we pass on.
 */
#if defined(__linux__)

#include "common.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <linux/fs.h>

/* Linux 5.15+: the disk's sequence number, new on every media change and loop re-attach. */
#ifndef BLKGETDISKSEQ
#define BLKGETDISKSEQ _IOR(0x12, 128, __u64)
#endif

const char imprint_platform_name[] = "linux";

/*
 * ioctl that retries when a signal interrupts it. All the requests used here are idempotent,
 * and BLKFLSBUF on a slow USB stick can take long enough to meet a signal.
 */
static int block_ioctl(int fd, unsigned long request, void *arg) {
  int result;
  do {
    result = ioctl(fd, request, arg);
  } while (result == -1 && errno == EINTR);
  return result;
}

/* Reads the single fd argument; returns 1, or 0 with a JS exception pending. */
static int fd_argument(napi_env env, napi_callback_info info, int *fd) {
  napi_value argv[1];
  return imprint_get_args(env, info, 1, argv) && imprint_get_fd(env, argv[0], fd);
}

static napi_value block_device_size(napi_env env, napi_callback_info info) {
  int fd;
  uint64_t bytes = 0;

  if (!fd_argument(env, info, &fd)) return NULL;
  /* BLKGETSIZE64 reports bytes as u64; the older BLKGETSIZE counts 512-byte units in a long. */
  if (block_ioctl(fd, BLKGETSIZE64, &bytes) == -1) {
    return imprint_throw_errno(env, errno, "ioctl BLKGETSIZE64");
  }
  return imprint_size(env, bytes, "ioctl BLKGETSIZE64");
}

static napi_value logical_sector_size(napi_env env, napi_callback_info info) {
  int fd, size = 0; /* BLKSSZGET writes an int */

  if (!fd_argument(env, info, &fd)) return NULL;
  if (block_ioctl(fd, BLKSSZGET, &size) == -1) {
    return imprint_throw_errno(env, errno, "ioctl BLKSSZGET");
  }
  return imprint_number(env, (double)size);
}

static napi_value is_read_only(napi_env env, napi_callback_info info) {
  int fd, read_only = 0; /* BLKROGET writes an int: 1 when the device is read-only */

  if (!fd_argument(env, info, &fd)) return NULL;
  if (block_ioctl(fd, BLKROGET, &read_only) == -1) {
    return imprint_throw_errno(env, errno, "ioctl BLKROGET");
  }
  return imprint_boolean(env, read_only != 0);
}

/*
 * BLKFLSBUF writes back and then drops the device's page cache, so a verify pass that follows
 * reads the medium, not memory. Needs CAP_SYS_ADMIN (EACCES otherwise).
 */
static napi_value flush_buffers(napi_env env, napi_callback_info info) {
  int fd;

  if (!fd_argument(env, info, &fd)) return NULL;
  if (block_ioctl(fd, BLKFLSBUF, NULL) == -1) {
    return imprint_throw_errno(env, errno, "ioctl BLKFLSBUF");
  }
  return imprint_undefined(env);
}

/*
 * BLKRRPART makes the kernel re-read the partition table after we wrote a new one. EBUSY when a
 * partition of the device is still open or mounted; EINVAL on a device that does not do
 * partitions (e.g. a loop device set up without -P / LO_FLAGS_PARTSCAN).
 */
static napi_value reread_partition_table(napi_env env, napi_callback_info info) {
  int fd;

  if (!fd_argument(env, info, &fd)) return NULL;
  if (block_ioctl(fd, BLKRRPART, NULL) == -1) {
    return imprint_throw_errno(env, errno, "ioctl BLKRRPART");
  }
  return imprint_undefined(env);
}

/*
 * BLKGETDISKSEQ: the kernel's sequence number of the medium behind this open fd. It changes when a
 * card is swapped in a reader or a loop device is re-attached, so it identifies *this* medium, not
 * the path. Returned as a decimal string (u64). ENOTTY on kernels before 5.15.
 */
static napi_value disk_seq(napi_env env, napi_callback_info info) {
  int fd;
  uint64_t seq = 0;
  char text[24];
  napi_value result;

  if (!fd_argument(env, info, &fd)) return NULL;
  if (block_ioctl(fd, BLKGETDISKSEQ, &seq) == -1) {
    return imprint_throw_errno(env, errno, "ioctl BLKGETDISKSEQ");
  }
  snprintf(text, sizeof text, "%llu", (unsigned long long)seq);
  IMPRINT_NAPI(env, napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, &result));
  return result;
}

/*
 * prctl(PR_SET_DUMPABLE): a non-dumpable process's /proc/<pid>/fd, mem and environ belong to root,
 * so another process of the same user cannot open our pipe to the privileged writer (ssh-agent
 * does the same).
 */
static napi_value set_dumpable(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  int on;

  if (!imprint_get_args(env, info, 1, argv) || !imprint_get_bool(env, argv[0], "on", &on)) return NULL;
  if (prctl(PR_SET_DUMPABLE, on ? 1 : 0, 0, 0, 0) == -1) {
    return imprint_throw_errno(env, errno, "prctl PR_SET_DUMPABLE");
  }
  return imprint_undefined(env);
}

static napi_value is_dumpable(napi_env env, napi_callback_info info) {
  int result = prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
  (void)info;
  if (result == -1) return imprint_throw_errno(env, errno, "prctl PR_GET_DUMPABLE");
  return imprint_boolean(env, result == 1);
}

static const imprint_function linux_functions[] = {
    {"blockDeviceSize", block_device_size},
    {"logicalSectorSize", logical_sector_size},
    {"isReadOnly", is_read_only},
    {"flushBuffers", flush_buffers},
    {"rereadPartitionTable", reread_partition_table},
    {"diskSeq", disk_seq},
    {"setDumpable", set_dumpable},
    {"isDumpable", is_dumpable},
    /* setNoCache, lockVolume, dismountVolume: Linux uses O_DIRECT and umount instead. */
};

const imprint_function *imprint_platform_functions(size_t *count) {
  *count = sizeof linux_functions / sizeof linux_functions[0];
  return linux_functions;
}

#endif /* __linux__ */
