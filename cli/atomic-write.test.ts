/**
 * Crash-safe writes in-process: a failure file is created, never replaced; stale
 * temporary files of dead processes are swept, others kept; a report file is replaced
 * in one step, written through a symbolic link, and written into (never replaced) when
 * it is a device; report paths that would overwrite an input are refused.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createFile, makeDir, replaceFile, STALE_TEMP_MS, sweepStaleTemps } from './atomic-write';
import { checkReportPaths, writeReportFile } from './output';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-write-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const hidden = (): string[] => fs.readdirSync(dir).filter((f) => f.startsWith('.'));

describe('createFile', () => {
  it('should create a file, and leave an existing one as it is', () => {
    const f = path.join(dir, 'a.json');
    expect(createFile(f, 'one')).toBe(true);
    expect(createFile(f, 'two')).toBe(false);
    expect(fs.readFileSync(f, 'utf8')).toBe('one');
    expect(hidden()).toEqual([]);
  });
});

describe('replaceFile', () => {
  it('should replace a file in one step, leaving no temporary file', () => {
    const f = path.join(dir, 'r.html');
    replaceFile(f, 'old');
    replaceFile(f, 'new');
    expect(fs.readFileSync(f, 'utf8')).toBe('new');
    expect(hidden()).toEqual([]);
  });
});

describe('sweepStaleTemps', () => {
  it('should remove stale temporary files of dead processes only', () => {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const old = new Date(Date.now() - STALE_TEMP_MS - 1000);
    const names = {
      staleDead: `.a.json.${dead}.00000000.tmp`,
      freshDead: `.b.json.${dead}.11111111.tmp`,
      staleLive: `.c.json.${process.pid}.22222222.tmp`,
      notOurs: '.d.json.tmp',
    };
    for (const n of Object.values(names)) fs.writeFileSync(path.join(dir, n), 'x');
    for (const n of [names.staleDead, names.staleLive, names.notOurs]) fs.utimesSync(path.join(dir, n), old, old);
    expect(sweepStaleTemps(dir)).toBe(1);
    expect(hidden().sort()).toEqual([names.freshDead, names.staleLive, names.notOurs].sort());
    // only those of one target when asked
    fs.utimesSync(path.join(dir, names.freshDead), old, old);
    expect(sweepStaleTemps(dir, 'x.json')).toBe(0);
    expect(sweepStaleTemps(dir, 'b.json')).toBe(1);
  });
});

describe('writeReportFile', () => {
  it('should write through a symbolic link, keeping the link', () => {
    const target = path.join(dir, 'target.xml');
    fs.writeFileSync(target, 'old');
    const link = path.join(dir, 'link.xml');
    fs.symlinkSync(target, link);
    writeReportFile(link, '<new/>');
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(target, 'utf8')).toBe('<new/>');
  });

  it('should write into a device instead of replacing it', () => {
    const dev = path.join(dir, 'null');
    if (spawnSync('mknod', [dev, 'c', '1', '3']).status !== 0) return; // needs root: covered where it can run
    writeReportFile(dev, 'discarded');
    expect(fs.statSync(dev).isCharacterDevice()).toBe(true);
    expect(hidden()).toEqual([]);
  });

  it('should refuse a directory and an empty name with one line', () => {
    expect(() => writeReportFile(dir, 'x')).toThrow(/is a directory, not a file/);
    expect(() => writeReportFile('', 'x')).toThrow(/must not be empty/);
  });
});

describe('checkReportPaths', () => {
  it('should refuse a report over an input, or two reports in one file', () => {
    const input = path.join(dir, 'in.json');
    fs.writeFileSync(input, '{}');
    expect(() => checkReportPaths({ html: input }, [input])).toThrow(/--html .* would overwrite the input file/);
    expect(() => checkReportPaths({ junit: path.join(dir, '.', 'in.json') }, [null, input])).toThrow(/--junit/);
    expect(() => checkReportPaths({ html: path.join(dir, 'r'), junit: path.join(dir, 'r') }, [])).toThrow(/name the same file/);
    expect(() => checkReportPaths({ html: path.join(dir, 'r.html'), junit: path.join(dir, 'r.xml') }, [input])).not.toThrow();
  });
});

describe('makeDir', () => {
  it('should create every missing level and accept a directory that exists', () => {
    const d = path.join(dir, 'a', 'b', 'c');
    makeDir(d);
    makeDir(d);
    expect(fs.statSync(d).isDirectory()).toBe(true);
  });

  it('should fail with ENOTDIR when a part of the path is a file', () => {
    fs.writeFileSync(path.join(dir, 'f'), 'x');
    expect(() => makeDir(path.join(dir, 'f', 'sub'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  });

  // Node 20's mkdirSync(…, { recursive: true }) never returns here (/proc refuses new entries with ENOENT)
  (fs.existsSync('/proc/self') ? it : it.skip)('should fail, not hang, under /proc', () => {
    expect(() => makeDir('/proc/interleave-nope/x')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});
