// Target expressions (DESIGN §4): `import { parseTargets } from '@kpi/shared/targets'`.
export { parseTargets, parseTargetText } from './parse-targets.js';
export * from './types.js';
