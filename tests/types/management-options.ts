// Type-level tests: command options are typed from their declaration.
import { defineCommand } from '../../src/core/management/index.ts';

defineCommand({
  help: 'typed options',
  options: {
    verbose: { type: 'boolean', help: '' },
    port: { type: 'number', default: 8000, help: '' },
    name: { type: 'string', help: '' },
    tag: { type: 'string', multiple: true, help: '' },
    level: { type: 'string', choices: ['a', 'b'] as const, default: 'a', help: '' },
  },
  handle({ options }) {
    const v: boolean = options.verbose;
    const p: number = options.port;
    const n: string | undefined = options.name;
    const t: string[] = options.tag;
    const l: 'a' | 'b' = options.level;
    // @ts-expect-error an optional string option may be undefined
    const s: string = options.name;
    // @ts-expect-error unknown options do not exist
    void options.prot;
    // @ts-expect-error a number option is not a string
    const q: string = options.port;
    void [v, p, n, t, l, s, q];
  },
});
