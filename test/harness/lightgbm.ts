/** Whether the LightGBM shared library is installed, and the loud skip message when it is not. */
import { existsSync } from 'node:fs';
import { DEFAULT_LIBRARY_PATH } from '../../src/model/lightgbm/index.js';

/** True when LIGHTGBM_LIB (or the project-local library from scripts/setup.sh) exists. */
export function lightgbmPresent(): boolean {
  const env = process.env.LIGHTGBM_LIB;
  return existsSync(env !== undefined && env !== '' ? env : DEFAULT_LIBRARY_PATH);
}

/** Warns loudly (stderr) that LightGBM-backed checks are skipped, with the install command. */
export function warnLightgbmMissing(what: string): void {
  console.warn(
    `\n!!!!!!!!!!\n!!! LightGBM library NOT FOUND: SKIPPING ${what}.\n!!! Run \`bash scripts/setup.sh\` or set LIGHTGBM_LIB to a lib_lightgbm.so.\n!!!!!!!!!!\n`,
  );
}
