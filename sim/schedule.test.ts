import { decodeChoices, decodeSchedule, encodeChoices, encodeSchedule, fnv1a, ScheduleError, type Schedule } from './schedule';

const sample: Schedule = {
  scenario: 'tcpip-job',
  variant: 'shared-flag',
  params: { rounds: 3, delay: 5, name: 'x:y "z"', fast: true },
  options: { idleTimers: true, maxSteps: 500 },
  choices: [0, 0, 0, 4, 4, 1, 5, 0, 2, 6, 6, 6, 4],
};

describe('schedule', () => {
  describe('encodeSchedule', () => {
    it('should round-trip through decodeSchedule', () => {
      const text = encodeSchedule(sample);
      expect(decodeSchedule(text)).toEqual(sample);
    });

    it('should be compact, versioned and shell-safe', () => {
      const text = encodeSchedule(sample);
      expect(text.startsWith('il1:tcpip-job:shared-flag:')).toBe(true);
      expect(text).toMatch(/^[A-Za-z0-9:._-]+$/);
      expect(text.split(':')[4]).toBe('0x3.1x2.t0.t1.0.r0.r1x3.1');
    });

    it('should not depend on parameter key order', () => {
      const a = encodeSchedule({ ...sample, params: { a: 1, b: 2 } });
      const b = encodeSchedule({ ...sample, params: { b: 2, a: 1 } });
      expect(a).toBe(b);
    });

    it('should encode an empty schedule', () => {
      const text = encodeSchedule({ ...sample, choices: [] });
      expect(decodeSchedule(text).choices).toEqual([]);
    });
  });

  describe('decodeSchedule', () => {
    const good = encodeSchedule(sample);
    const cases: [string, string, RegExp][] = [
      ['empty', '', /empty schedule string/],
      ['not ours', 'hello world', /not an interleave schedule/],
      ['future version', good.replace(/^il1/, 'il9'), /schedule format il9 is not supported \(this engine reads il1\)/],
      ['truncated', good.slice(0, good.length - 5), /checksum mismatch|malformed/],
      ['flipped character', good.replace('shared-flag', 'shared-flog'), /checksum mismatch/],
      ['missing fields', 'il1:a:b', /expected 6 ":"-separated fields/],
      ['bad choice', withSum('il1:a:b:e30:0x2.zz'), /bad choice "zz"/],
      ['bad header', withSum('il1:a:b:!!!:0'), /bad header encoding/],
      ['header not json', withSum(`il1:a:b:${Buffer.from('{nope').toString('base64url')}:0`), /unreadable parameters/],
      ['array params', withSum(`il1:a:b:${Buffer.from('{"p":[1]}').toString('base64url')}:0`), /parameters are not an object/],
      ['object param', withSum(`il1:a:b:${Buffer.from('{"p":{"x":{}}}').toString('base64url')}:0`), /parameter "x" is not a number/],
      ['bad maxSteps', withSum(`il1:a:b:${Buffer.from('{"o":{"maxSteps":-3}}').toString('base64url')}:0`), /bad maxSteps/],
      ['bad scenario name', withSum('il1:../etc:b:e30:0'), /bad scenario name/],
    ];
    for (const [name, text, why] of cases) {
      it(`should refuse a ${name} string with one clear line`, () => {
        let err: unknown;
        try {
          decodeSchedule(text);
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(ScheduleError);
        expect((err as Error).message).toMatch(why);
        expect((err as Error).message).not.toContain('\n');
      });
    }

    it('should refuse a huge repeat count without allocating it', () => {
      expect(() => decodeChoices('0x999999999.0x999999999')).toThrow(ScheduleError);
      // 60 M choices from ten characters: refused before anything is expanded
      expect(() => decodeChoices('0x60000000')).toThrow(/schedule too long: more than 16,777,216 choices/);
      expect(decodeChoices('0x16777216')).toHaveLength(16_777_216);
    });

    it('should refuse more choices than twice the step limit it runs under, before expanding them', () => {
      const body = (o: object, choices: string): string => {
        const text = `il1:s:v:${Buffer.from(JSON.stringify({ o, p: {} })).toString('base64url')}:${choices}`;
        return `${text}:${fnv1a(text)}`;
      };
      expect(decodeSchedule(body({}, '0x200'), 100).choices).toHaveLength(200);
      expect(() => decodeSchedule(body({}, '0x201'), 100)).toThrow(/more than 200 choices \(twice its step limit\)/);
      // the schedule's own maxSteps option comes first
      expect(decodeSchedule(body({ maxSteps: 1000 }, '0x201'), 100).choices).toHaveLength(201);
      expect(() => decodeSchedule(body({ maxSteps: 10 }, '0x21'), 100)).toThrow(/more than 20 choices/);
      // without a step limit, only the absolute one
      expect(decodeSchedule(body({}, '0x201')).choices).toHaveLength(201);
    });

    it('should ignore surrounding whitespace from copy-paste', () => {
      expect(decodeSchedule(`  ${good}\n`)).toEqual(sample);
    });

    it('should not let __proto__ parameters pollute objects', () => {
      const text = withSum(`il1:a:b:${Buffer.from('{"p":{"__proto__":{"polluted":1}}}').toString('base64url')}:0`);
      let params: object = {};
      try {
        params = decodeSchedule(text).params;
      } catch (e) {
        expect(e).toBeInstanceOf(ScheduleError);
      }
      expect(({} as { polluted?: number }).polluted).toBeUndefined();
      expect(Object.getPrototypeOf(params)).toBe(Object.prototype);
    });
  });

  describe('choices', () => {
    it('should run-length encode repeats', () => {
      expect(encodeChoices([0, 0, 0, 0])).toBe('0x4');
      expect(decodeChoices('0x4.t3.r2x2')).toEqual([0, 0, 0, 0, 13, 10, 10]);
    });
  });
});

function withSum(body: string): string {
  return `${body}:${fnv1a(body)}`;
}
