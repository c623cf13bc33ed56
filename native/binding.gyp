# Builds native/build/Release/imprint_native.node (npm install runs `node-gyp rebuild --directory native`).
# Plain C against node_api.h only; every source guards itself with #if for its OS.
{
  "targets": [
    {
      "target_name": "imprint_native",
      "sources": [
        "src/addon.c",
        "src/errors.c",
        "src/block_linux.c",
        "src/block_darwin.c",
        "src/block_win32.c"
      ],
      # N-API 8 is in Node >= 12.22 and every Electron we support; napi_is_detached_arraybuffer needs 7.
      "defines": ["NAPI_VERSION=8"],
      "conditions": [
        ["OS!='win'", {
          "cflags_c": ["-std=c11", "-Wall", "-Wextra"]
        }],
        ["OS=='mac'", {
          "xcode_settings": {
            "GCC_C_LANGUAGE_STANDARD": "c11",
            "WARNING_CFLAGS": ["-Wall", "-Wextra"],
            "MACOSX_DEPLOYMENT_TARGET": "10.15"
          }
        }],
        ["OS=='win'", {
          # <windows.h> without the rarely used parts; winioctl.h is included explicitly.
          "defines": ["WIN32_LEAN_AND_MEAN", "_CRT_SECURE_NO_WARNINGS"]
        }]
      ]
    }
  ]
}
