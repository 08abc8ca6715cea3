import { defineScenario, isScenario, resolveParams, resolveVariant, ScenarioError, UsageError } from './internal';

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
