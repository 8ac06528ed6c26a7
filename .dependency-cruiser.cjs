/**
 * The layers of src/, checked by `npm run lint` (dependency-cruiser):
 * - plumbing (common, config, database, redis) serves every feature and knows none;
 * - notifications carries any feature's e-mails and reminders, and webhooks any feature's events to the agencies,
 *   so they know no feature (webhooks writes the audit trail, which every module shares);
 * - no import cycles, anywhere.
 * A feature is any other folder of src/ (calls, proposals, users, auth, ...).
 */
const PLUMBING = '^src/(common|config|database|redis)/';
const FEATURE = '^src/(?!(common|config|database|redis|notifications|webhooks)/)[^/]+/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'plumbing-imports-no-feature',
      comment: 'common, config, database and redis must not depend on a feature module (or on notifications)',
      severity: 'error',
      from: { path: PLUMBING },
      to: { path: [FEATURE, '^src/(notifications|webhooks)/'] },
    },
    {
      name: 'notifications-imports-no-feature',
      comment: 'notifications serves every feature; a feature registers handlers with it, not the other way round',
      severity: 'error',
      from: { path: '^src/notifications/' },
      to: { path: FEATURE },
    },
    {
      name: 'webhooks-imports-no-feature',
      comment: "webhooks carries every feature's events; features record them, webhooks knows none of them",
      severity: 'error',
      from: { path: '^src/webhooks/' },
      to: { path: FEATURE, pathNot: '^src/audit/' },
    },
    {
      name: 'no-cycles',
      comment: 'an import cycle makes load order matter and hides a layer that should be split',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.spec\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
