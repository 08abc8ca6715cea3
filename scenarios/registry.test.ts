import { registry } from './registry';

describe('registry', () => {
  it('should list each built-in scenario once, with a kebab-case name and a description', () => {
    const names = registry().map((e) => e.scenario.name);
    expect(new Set(names).size).toBe(names.length);
    for (const { scenario } of registry()) {
      expect(scenario.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(scenario.description.length).toBeGreaterThan(0);
      for (const v of scenario.variants) expect(v.description.length).toBeGreaterThan(0);
    }
  });

  it('should hold the kernel models and the demos', () => {
    const groups = new Set(registry().map((e) => e.group));
    expect(groups).toContain('kernel');
    expect(groups).toContain('demo');
    expect(registry().map((e) => e.scenario.name)).toEqual(expect.arrayContaining(['tcpip-job', 'futex', 'lost-update']));
  });
});
