/**
 * What `interleave init` writes: a tsconfig.json that TypeScript 6 accepts (`node16`
 * module resolution; TypeScript 6 rejects `moduleResolution: node`), a sample scenario,
 * and a jest test that checks it with `assertScenario`; and what it adds to package.json.
 */

/** The npm name this package is published under (`interleave` belongs to another package). */
export const PACKAGE_NAME = 'interleave-sim';

/** The sample scenario's file name. */
export const SAMPLE_FILE = 'lost-update.scenario.ts';
/** Its jest test's file name. */
export const TEST_FILE = 'lost-update.test.ts';

/** Files `init` creates; it refuses to run when any of them exists. */
export const INIT_FILES = ['tsconfig.json', SAMPLE_FILE, TEST_FILE] as const;

/**
 * Development dependencies of a scenario project: jest with ts-jest, a TypeScript ts-jest
 * can use (6.x), and Node's types (a scenario may log with `console`).
 */
export const DEV_DEPENDENCIES: Readonly<Record<string, string>> = {
  jest: '^29.7.0',
  'ts-jest': '^29.4.5',
  '@types/jest': '^29.5.14',
  '@types/node': '^20.19.0',
  typescript: '^6.0.3',
};

/**
 * jest's configuration (package.json `jest`): TypeScript tests through ts-jest, which
 * type-checks them. ts-jest warns (TS151002) on every run that a node16 `module` is "only
 * supported with isolatedModules"; isolatedModules would make it stop type-checking, so the
 * warning is silenced instead (the tests compile to CommonJS either way).
 */
export const JEST_CONFIG = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: { ignoreCodes: [151002] } }] },
  testPathIgnorePatterns: ['/node_modules/', '/interleave-out/'],
};

/**
 * The tsconfig.json: strict, node16 resolution, jest's globals and Node's (`console`,
 * `process`: TypeScript 6 includes no `@types` package unless `types` names it), no output
 * (the CLI and ts-jest compile).
 */
export const TSCONFIG = `{
  "compilerOptions": {
    "target": "ES2022",
    "lib": ["ES2022"],
    "types": ["jest", "node"],
    "module": "node16",
    "moduleResolution": "node16",
    "strict": true,
    "esModuleInterop": true,
    "skipLibCheck": true,
    "noEmit": true
  },
  "exclude": ["node_modules", "interleave-out"]
}
`;

/** The sample scenario: the README's lost update. */
export const SAMPLE_SCENARIO = `// A scenario: two (or more) goroutines increment a shared counter.
// Run it:   npx interleave run ./lost-update.scenario.ts --variant bad
// Test it:  npm test   (lost-update.test.ts)
import { defineScenario } from 'interleave';

export default defineScenario({
  name: 'lost-update',
  description: 'goroutines increment a shared counter',
  variants: {
    fixed: 'increments under a mutex', // a string: expected to hold
    bad: { description: 'no lock: an update is lost', expect: 'fail' },
  },
  params: { goroutines: 2 }, // --param goroutines=3
  paramBounds: { goroutines: { min: 1, max: 64 } },
  setup(sim, { variant, params }) {
    const m = sim.mutex('m');
    const n = sim.shared('n', 0);
    for (let i = 0; i < params.goroutines; i++) {
      sim.go(\`g\${i}\`, function* () {
        if (variant === 'fixed') yield* m.lock();
        const v = yield* n.load(); // typed: v is a number
        yield* n.store(v + 1);
        if (variant === 'fixed') yield* m.unlock();
      });
    }
    sim.atEnd('every increment lands', () => n.value === params.goroutines || \`n is \${n.value}, want \${params.goroutines}\`);
  },
});
`;

/** The sample's jest test. */
export const SAMPLE_TEST = `import { assertScenario } from 'interleave';
import lostUpdate from './lost-update.scenario';

// assertScenario explores a variant and throws interleave's report (the trace, the
// violation and the command that replays it) when the outcome is not the expected one.
test('the locked counter holds in every interleaving', () => {
  const r = assertScenario(lostUpdate, { variant: 'fixed', strategy: 'dfs', runs: 10_000 });
  expect(r.exhausted).toBe(true);
});

test('the unlocked counter loses an update', () => {
  assertScenario(lostUpdate, { variant: 'bad', expect: 'fail', strategy: 'pct', runs: 1_000, scenarioFile: 'lost-update.scenario.ts' });
});
`;
