/** `callout`: FreeBSD callout(9) and the RFC's pcb teardown; see `callout.ts` and README.md. */
export { default } from './callout';
