// electron-builder afterPack hook: flips Electron's fuses in the packaged binary.
// RunAsNode stays OFF: the privileged writer runs as "<app> --imprint-writer" (main/index.ts), so
// the app binary can never be used as a general Node interpreter by other programs.
// Node's inspector arguments are allowed only in test builds (IMPRINT_TEST_BUILD=1) for e2e tests.
const path = require('node:path');
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses');

const EXECUTABLE = {
  darwin: (ctx) => path.join(ctx.appOutDir, `${ctx.packager.appInfo.productFilename}.app`, 'Contents', 'MacOS', ctx.packager.appInfo.productFilename),
  win32: (ctx) => path.join(ctx.appOutDir, `${ctx.packager.appInfo.productFilename}.exe`),
  linux: (ctx) => path.join(ctx.appOutDir, ctx.packager.executableName),
};

function fuseSettings(testBuild) {
  return {
    version: FuseVersion.V1,
    resetAdHocDarwinSignature: true,
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: testBuild,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.EnableCookieEncryption]: true,
  };
}

module.exports = async function afterPack(context) {
  const platform = context.electronPlatformName;
  const executable = EXECUTABLE[platform](context);
  await flipFuses(executable, fuseSettings(process.env.IMPRINT_TEST_BUILD === '1'));
};
module.exports.fuseSettings = fuseSettings;
