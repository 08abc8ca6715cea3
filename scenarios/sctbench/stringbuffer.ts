/**
 * SCTBench CB/stringbuffer-jdk1.4: Jie Yu's C++ model of the JDK 1.4 `StringBuffer` bug
 * (Flanagan and Qadeer, PLDI 2003). `main` appends the global `buffer` to a new
 * `StringBuffer`: `append(sb)` reads `len = sb->length()` and later copies with
 * `sb->getChars(0, len, …)`, each under `sb`'s own lock but not together; `thread_main`
 * erases `buffer` and appends "abc" again. If the erase lands between the two, `getChars`
 * finds `len` past `count` and fails its bound assertion (Java's
 * StringIndexOutOfBoundsException).
 *
 * Original: mc-imperial/sctbench@d59ab26ddaedcd575ffb6a1f5e9711f7d6d2d9f2
 * benchmarks/conc-bugs/stringbuffer-jdk1.4/main.cpp and stringbuffer.cpp. No `_ok` file;
 * the `fixed` variant is ours (the JDK's later fix): `append(sb)` holds `sb`'s lock while
 * it reads the length and copies.
 *
 * Every field (`count`, `value_length`, `value`) is only touched under its object's
 * `mutex_lock` or before the threads exist: race-checked `shared` variables, each access
 * an effect in the order of the unoptimised binary, arguments before the call:
 * `erase` reads `count` three times (`end > count`, `count - end`, `count -= len`) and
 * `value` twice. `memcpy` and `strlen` run inside libc, which the schedulers we compare
 * with do not instrument (SURW's `instrument.sh` patches the program's binary only): the
 * loads of their arguments are effects, the characters they copy are not — they live in
 * a plain field beside `value`, always under the object's lock. `main` joins nothing.
 *
 * The globals `StringBuffer *buffer` and `StringBuffer::null_buffer` are pointers in
 * shared memory (main.cpp, stringbuffer.cpp): their static initialisers store them, and
 * every `buffer->…` and `sb->append(buffer)` loads `buffer` first (the modelling rule:
 * every shared access is an effect, as the binary instrumentation sees it). `null_buffer`
 * is loaded only for `append(NULL)`, which never happens here.
 *
 * `period: true` runs the form the published SURW and RFF figures were measured on:
 * PERIOD's copy (wcventure/PERIOD@cb8deb9a176e5bb292d70d46557dd61dc0e98069
 * evaluation/CB/stringbuffer-jdk1.4/main.cpp, which both artifacts build) moves `main`'s
 * work into threads: `main` creates `thread_main1` (erase, append) and `thread_main2`
 * (the new `StringBuffer` and its `append(buffer)`), and joins both
 * (`bench/sctbench-caveats.ts`).
 */
import { defineScenario, type Mutex, type Routine, type Shared, type Sim } from '../../sim';
import { Pthreads } from './pthread';

/**
 * `class StringBuffer`: its fields and `mutex_lock`. `value` is the `char *` field (a
 * `shared` allocation number, 1 for the constructor's array); the characters it points
 * to are `chars`, a plain field: only libc's `memcpy` and `strlen` touch them, which the
 * binary instrumentation does not see (module comment).
 */
class StringBuffer {
  readonly value: Shared<number>;
  readonly value_length: Shared<number>;
  readonly count: Shared<number>;
  readonly mutex_lock: Mutex;
  /** The characters `value` points to (libc memory: no effect reads or writes them). */
  private chars = '';

  constructor(
    private readonly sim: Sim,
    readonly name: string,
  ) {
    this.value = sim.shared(`${name}.value`, 0);
    this.value_length = sim.shared(`${name}.value_length`, 0);
    this.count = sim.shared(`${name}.count`, 0);
    this.mutex_lock = sim.mutex(`${name}.mutex_lock`);
  }

  /** The constructors: `StringBuffer()` (length 16) and `StringBuffer(char *str)` (strlen + 16, then `append(str)`). */
  *init(str?: string): Routine<void> {
    yield* this.value.store(1); // value = new char[length]
    yield* this.value_length.store(str === undefined ? 16 : str.length + 16);
    yield* this.count.store(0);
    if (str !== undefined) yield* this.appendStr(str);
  }

  *length(): Routine<number> {
    yield* this.mutex_lock.lock();
    const ret = yield* this.count.load();
    yield* this.mutex_lock.unlock();
    return ret;
  }

  /** `getChars(srcBegin, srcEnd, dst, dstBegin)`: returns the characters the `memcpy` copies (the caller puts them at `dst + dstBegin`). */
  *getChars(srcBegin: number, srcEnd: number): Routine<string> {
    yield* this.mutex_lock.lock();
    if (srcBegin < 0) this.sim.assert(false, `${this.name}.getChars: srcBegin ${srcBegin} < 0`);
    // (srcEnd < 0) || (srcEnd > count): count is read only when srcEnd >= 0
    if (srcEnd < 0) this.sim.assert(false, `${this.name}.getChars: srcEnd ${srcEnd} < 0`);
    const count = yield* this.count.load();
    if (srcEnd > count) this.sim.assert(false, `${this.name}.getChars: srcEnd ${srcEnd} is past count ${count}`);
    if (srcBegin > srcEnd) this.sim.assert(false, `${this.name}.getChars: srcBegin ${srcBegin} > srcEnd ${srcEnd}`);
    yield* this.value.load(); // memcpy(dst + dstBegin, value + srcBegin, ...)
    const copied = this.chars.slice(srcBegin, srcEnd);
    yield* this.mutex_lock.unlock();
    return copied;
  }

  /** `append(StringBuffer *sb)`; `holdSb` is the fix: `sb`'s lock held across length and copy. */
  *append(sb: StringBuffer, holdSb: boolean): Routine<void> {
    yield* this.mutex_lock.lock();
    let len: number;
    let copied: string;
    if (!holdSb) {
      len = yield* sb.length();
      const newcount = (yield* this.count.load()) + len;
      if (newcount > (yield* this.value_length.load())) yield* this.expandCapacity(newcount);
      // sb->getChars(0, len, value, count): the arguments are loaded before the call
      yield* this.value.load();
      const count = yield* this.count.load();
      copied = yield* sb.getChars(0, len);
      this.chars = this.chars.slice(0, count) + copied;
      yield* this.count.store(newcount);
    } else {
      yield* sb.mutex_lock.lock();
      len = yield* sb.count.load();
      const newcount = (yield* this.count.load()) + len;
      if (newcount > (yield* this.value_length.load())) yield* this.expandCapacity(newcount);
      yield* this.value.load();
      const count = yield* this.count.load();
      yield* sb.value.load(); // memcpy from sb's value
      this.chars = this.chars.slice(0, count) + sb.chars.slice(0, len);
      yield* sb.mutex_lock.unlock();
      yield* this.count.store(newcount);
    }
    yield* this.mutex_lock.unlock();
  }

  /** `append(char *str)`. */
  *appendStr(str: string): Routine<void> {
    yield* this.mutex_lock.lock();
    const len = str.length; // strlen (libc)
    const newcount = (yield* this.count.load()) + len;
    if (newcount > (yield* this.value_length.load())) yield* this.expandCapacity(newcount);
    // memcpy(value + count, str, len)
    yield* this.value.load();
    const count = yield* this.count.load();
    this.chars = this.chars.slice(0, count) + str;
    yield* this.count.store(newcount);
    yield* this.mutex_lock.unlock();
  }

  /** `erase(int start, int end)`. */
  *erase(start: number, end: number): Routine<void> {
    yield* this.mutex_lock.lock();
    if (start < 0) this.sim.assert(false, `${this.name}.erase: start ${start} < 0`);
    if (end > (yield* this.count.load())) end = yield* this.count.load();
    if (start > end) this.sim.assert(false, `${this.name}.erase: start ${start} > end ${end}`);
    const len = end - start;
    if (len > 0) {
      // memcpy(value + start, value + start + len, count - end)
      yield* this.value.load();
      yield* this.value.load();
      const count = yield* this.count.load();
      this.chars = this.chars.slice(0, start) + this.chars.slice(start + len, count);
      // count -= len
      yield* this.count.store((yield* this.count.load()) - len);
    }
    yield* this.mutex_lock.unlock();
  }

  /** `expandCapacity(int minimumCapacity)`: a new array, the characters copied by `memcpy`, the old one deleted. */
  *expandCapacity(minimumCapacity: number): Routine<void> {
    let newCapacity = ((yield* this.value_length.load()) + 1) * 2;
    if (minimumCapacity > newCapacity) newCapacity = minimumCapacity;
    const old = yield* this.value.load(); // memcpy(newValue, value, count)
    yield* this.count.load();
    yield* this.value.load(); // delete[] value
    yield* this.value.store(old + 1); // value = newValue
    yield* this.value_length.store(newCapacity);
  }
}

export default defineScenario({
  name: 'sctbench-stringbuffer-jdk1-4',
  description: 'SCTBench CB/stringbuffer-jdk1.4: append(sb) reads sb.length() and copies sb in two critical sections; an erase between them',
  variants: {
    bug: { description: 'stringbuffer.cpp: append(sb) calls sb->length() and sb->getChars() separately', expect: 'fail' },
    fixed: "ours (the JDK's fix): append(sb) holds sb's lock across reading its count and copying",
  },
  params: { spawnYield: true, period: false },
  setup(sim, { variant, params }) {
    const pt = new Pthreads(sim, params.spawnYield);
    const null_buffer = new StringBuffer(sim, 'null_buffer');
    const buffer = new StringBuffer(sim, 'buffer');
    // the pointer globals themselves (true once their initialiser stored them)
    const null_bufferPtr = sim.shared('null_bufferPtr', false);
    const bufferPtr = sim.shared('bufferPtr', false);

    function* thread_main() {
      yield* bufferPtr.load(); // buffer->erase(0, 3)
      yield* buffer.erase(0, 3);
      yield* bufferPtr.load(); // buffer->append("abc")
      yield* buffer.appendStr('abc');
    }

    sim.go('main', function* () {
      // Static initialisers, before main: StringBuffer::null_buffer and the global buffer.
      yield* null_buffer.init('null');
      yield* null_bufferPtr.store(true);
      yield* buffer.init('abc');
      yield* bufferPtr.store(true);
      function* appendBuffer(): Routine<void> {
        const sb = new StringBuffer(sim, 'sb');
        yield* sb.init();
        yield* bufferPtr.load(); // sb->append(buffer)
        yield* sb.append(buffer, variant === 'fixed');
      }
      if (!params.period) {
        yield* pt.create('thread_main', thread_main);
        yield* appendBuffer();
      } else {
        const t1 = yield* pt.create('thread_main1', thread_main);
        const t2 = yield* pt.create('thread_main2', appendBuffer);
        yield* pt.join(t1);
        yield* pt.join(t2);
      }
    });
  },
});
