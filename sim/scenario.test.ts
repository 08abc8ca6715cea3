import { closest, defineScenario, editDistance, isScenario, resolveParams, resolveVariant, ScenarioError, UsageError } from './internal';

const setup = (): void => {};

describe('defineScenario', () => {
  it('should normalize variants: the first is the default, strings are expected to pass', () => {
    const s = defineScenario({
      name: 'lost-update',
      description: 'two increments race',
      variants: { fixed: 'under a lock', bad: { description: 'no lock', expect: 'fail' } },
      params: { rounds: 1 },
      setup,
    });
    expect(s.variants).toEqual([
      { name: 'fixed', description: 'under a lock', expect: 'pass', params: {} },
      { name: 'bad', description: 'no lock', expect: 'fail', params: {} },
    ]);
    expect(resolveVariant(s, undefined).name).toBe('fixed');
    expect(isScenario(s)).toBe(true);
    expect(isScenario({ name: 'x' })).toBe(false);
    expect(Object.isFrozen(s)).toBe(true);
  });

  const bad: [string, unknown, RegExp][] = [
    ['a name that is not kebab-case', { name: 'Lost Update', description: '', variants: { a: '' }, setup }, /must be kebab-case/],
    ['no variants', { name: 'x', description: '', variants: {}, setup }, /at least one variant/],
    ['a bad variant spec', { name: 'x', description: '', variants: { a: 5 }, setup }, /variant "a" must be a description/],
    ['a bad expectation', { name: 'x', description: '', variants: { a: { description: '', expect: 'maybe' } }, setup }, /expect must be "pass" or "fail"/],
    ['a bad variant name', { name: 'x', description: '', variants: { 'a b': '' }, setup }, /variant name "a b"/],
    ['no setup', { name: 'x', description: '', variants: { a: '' } }, /setup must be a function/],
    ['an object parameter', { name: 'x', description: '', variants: { a: '' }, params: { p: {} }, setup }, /parameter "p" must default/],
    ['a bad maxSteps', { name: 'x', description: '', variants: { a: '' }, maxSteps: 0, setup }, /maxSteps must be a positive integer/],
    ['a variant setting an unknown parameter', { name: 'x', description: '', variants: { a: { description: '', params: { n: 1 } } }, setup }, /variant "a" sets unknown parameter "n"/],
    ['a variant parameter of the wrong type', { name: 'x', description: '', params: { n: 1 }, variants: { a: { description: '', params: { n: 'x' } } }, setup }, /sets parameter "n" to a string, not a number/],
  ];
  for (const [what, spec, why] of bad) {
    it(`should refuse ${what}`, () => {
      expect(() => defineScenario(spec as never)).toThrow(ScenarioError);
      expect(() => defineScenario(spec as never)).toThrow(why);
    });
  }
});

describe('resolveParams', () => {
  const s = defineScenario({ name: 'p', description: '', variants: { a: '' }, params: { n: 2, ratio: 0.5, label: 'x', on: false }, setup });

  it('should convert command-line strings to the default\'s type', () => {
    expect(resolveParams(s, { n: '5', ratio: '0.25', label: 'y', on: 'true' })).toEqual({ n: 5, ratio: 0.25, label: 'y', on: true });
  });

  it('should refuse unknown parameters and values of the wrong type', () => {
    expect(() => resolveParams(s, { m: 1 })).toThrow(UsageError);
    expect(() => resolveParams(s, { n: 'NaN' })).toThrow(/must be a finite number/);
    expect(() => resolveParams(s, { n: '1e309' })).toThrow(/must be a finite number/);
    expect(() => resolveParams(s, { n: '' })).toThrow(/must be a finite number/);
    expect(() => resolveParams(s, { on: 'yes' })).toThrow(/must be true or false/);
    expect(() => resolveParams(s, { label: 3 })).toThrow(/must be a string/);
  });

  it('should apply a variant\'s own defaults under the user\'s overrides', () => {
    const v = defineScenario({
      name: 'q',
      description: '',
      params: { gap: 5, n: 1 },
      variants: { ok: 'default gap', neg: { description: 'negative gap', expect: 'fail', params: { gap: -5 } } },
      setup,
    });
    expect(resolveParams(v, undefined, v.variants[1])).toEqual({ gap: -5, n: 1 });
    expect(resolveParams(v, { gap: '3' }, v.variants[1])).toEqual({ gap: 3, n: 1 });
    expect(resolveParams(v, undefined, v.variants[0])).toEqual({ gap: 5, n: 1 });
  });

  it('should not be fooled by __proto__ keys', () => {
    const o = JSON.parse('{"__proto__": {"x": 1}}') as Record<string, unknown>;
    expect(() => resolveParams(s, o)).toThrow(/unknown parameter "__proto__"/);
  });
});

describe('parameter bounds', () => {
  const counter = (extra: Record<string, unknown> = {}): ReturnType<typeof defineScenario> =>
    defineScenario({ name: 'counter', description: '', variants: { v: '' }, params: { goroutines: 2, delay: 0, gap: 5, name: 'x' }, setup, ...extra } as never);

  it('should give a count (a whole-number default from 1 to 100) the default bound [0, 10000]', () => {
    const s = counter();
    expect(s.paramBounds['goroutines']).toEqual({ min: 0, max: 10_000 });
    expect(resolveParams(s, { goroutines: '10000' })['goroutines']).toBe(10_000);
    expect(() => resolveParams(s, { goroutines: '1e6' })).toThrow('parameter "goroutines" of scenario "counter" must be at most 10000 (its bound; a scenario sets bounds with paramBounds), got "1e6"');
    expect(() => resolveParams(s, { goroutines: '-1' })).toThrow(/must be at least 0 .*got "-1"/);
    expect(() => resolveParams(s, { goroutines: -1 })).toThrow(UsageError);
  });

  it('should bound other non-negative defaults below by 0 only, and strings not at all', () => {
    const s = counter();
    expect(s.paramBounds['delay']).toEqual({ min: 0 });
    expect(resolveParams(s, { delay: '2000000000' })['delay']).toBe(2e9);
    expect(() => resolveParams(s, { delay: '-5' })).toThrow(/at least 0/);
    expect(s.paramBounds['name']).toBeUndefined();
  });

  it('should leave a parameter unbounded below when a default (the scenario’s or a variant’s) is negative', () => {
    const s = defineScenario({ name: 'gap', description: '', params: { gap: 5 }, variants: { v: '', back: { description: '', params: { gap: -5 } } }, setup });
    expect(s.paramBounds['gap']).toEqual({ max: 10_000 }); // a count-like default still gets the upper bound
    expect(resolveParams(s, { gap: '-100' })['gap']).toBe(-100);
  });

  it('should apply declared bounds instead of the default one', () => {
    const s = counter({ paramBounds: { goroutines: { min: 1, max: 64 }, delay: { max: 10 } } });
    expect(() => resolveParams(s, { goroutines: '65' })).toThrow(/must be at most 64/);
    expect(() => resolveParams(s, { goroutines: '0' })).toThrow(/must be at least 1/);
    expect(resolveParams(s, { goroutines: '64' })['goroutines']).toBe(64);
    expect(resolveParams(s, { delay: '-3' })['delay']).toBe(-3); // declared: no lower bound
  });

  it('should refuse bounds that name no numeric parameter, are inverted, or exclude a default', () => {
    expect(() => counter({ paramBounds: { nope: { max: 1 } } })).toThrow('scenario "counter": paramBounds names "nope", which is not a numeric parameter');
    expect(() => counter({ paramBounds: { name: { max: 1 } } })).toThrow(/names "name", which is not a numeric parameter/);
    expect(() => counter({ paramBounds: { goroutines: { min: 5, max: 1 } } })).toThrow(/has min 5 above max 1/);
    expect(() => counter({ paramBounds: { goroutines: { min: 3 } } })).toThrow('scenario "counter": paramBounds.goroutines is [3, Infinity], but the default is 2');
    expect(() => counter({ paramBounds: { goroutines: { min: 'x' } } })).toThrow(/min and max must be numbers/);
  });
});

describe('did you mean', () => {
  const s = defineScenario({ name: 'lost-update', description: '', variants: { fixed: '', bad: '' }, params: { goroutines: 2, rounds: 1 }, setup });

  it('should suggest the closest variant and parameter names', () => {
    expect(() => resolveVariant(s, 'bda')).toThrow('unknown variant "bda" of scenario "lost-update" (variants: fixed, bad). Did you mean "bad"?');
    expect(() => resolveParams(s, { goroutine: '3' })).toThrow('unknown parameter "goroutine" of scenario "lost-update" (parameters: goroutines, rounds). Did you mean "goroutines"?');
    expect(() => resolveParams(s, { round: '3' })).toThrow(/Did you mean "rounds"\?$/);
  });

  it('should suggest nothing when no name is close', () => {
    expect(() => resolveVariant(s, 'zzzzzz')).toThrow(/^unknown variant "zzzzzz" of scenario "lost-update" \(variants: fixed, bad\)$/);
    expect(closest('xyz', ['fixed', 'bad'])).toEqual([]);
  });

  it('should measure edit distance with transpositions', () => {
    expect(editDistance('dsf', 'dfs')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(closest('pcr', ['random', 'pct', 'pos'])).toEqual(['pct']);
    expect(closest('lost', ['lost-update', 'lost-wakeup', 'futex'])).toEqual(['lost-update', 'lost-wakeup']);
  });
});
