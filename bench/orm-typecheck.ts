// Type-checking cost of the model declarations: generate a 300-model project (each model with
// scalar fields, two foreign keys, a declared reverse relation, and typed queries using
// lookups, values() and selectRelated), then run `tsc --extendedDiagnostics` on it.
// Run: node --import tsx bench/orm-typecheck.ts
// MODELS=n changes the model count, USES=none leaves out the queries (declaration cost only),
// FROM=dist imports the built declarations (dist/, after `npm run build`) the way an installed
// package is used, instead of the sources (which makes tsc check the framework itself too).
import { existsSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

const N = Number(process.env['MODELS'] ?? 300);
const TRACE = process.env['TRACE'];
const USES = process.env['USES'] ?? 'all';
const root = fileURLToPath(new URL('..', import.meta.url));
const FROM = process.env['FROM'] ?? 'src';
const entry = FROM === 'dist' ? join(root, 'dist/db/models/index.js') : join(root, 'src/db/models/index.ts');
if (FROM !== 'src' && FROM !== 'dist') throw new Error(`FROM must be 'src' or 'dist', not '${FROM}'`);
if (!existsSync(entry)) throw new Error(`${entry} does not exist: run \`npm run build\` before FROM=dist`);
const dir = join(tmpdir(), `rt_orm_typecheck_${process.pid}`);
mkdirSync(dir, { recursive: true });
const perFile = 25;
const files: string[] = [];
for (let f = 0; f < N / perFile; f++) {
  const lines: string[] = [
    `import { Model, fields, CASCADE, SET_NULL, Count, type RelatedManager } from ${JSON.stringify(entry)};`,
  ];
  if (f > 0) lines.push(`import { M${f * perFile - 1} } from './models${f - 1}.ts';`);
  for (let i = f * perFile; i < (f + 1) * perFile; i++) {
    const fk1 = i > 0 ? `  parent: fields.ForeignKey(M${i - 1}, { onDelete: CASCADE, relatedName: 'children' }),\n` : '';
    const fk2 = i > 1 && (i - 2) >= f * perFile ? `  other: fields.ForeignKey(M${i - 2}, { onDelete: SET_NULL, null: true, relatedName: 'others' }),\n` : '';
    lines.push(`export class M${i} extends Model.define<M${i}>()({
  title: fields.CharField({ maxLength: 100 }),
  slug: fields.SlugField({ unique: true }),
  body: fields.TextField({ blank: true, default: '' }),
  count: fields.IntegerField({ default: 0 }),
  price: fields.DecimalField({ maxDigits: 8, decimalPlaces: 2, null: true }),
  created: fields.DateTimeField({ autoNowAdd: true }),
  day: fields.DateField({ null: true }),
  active: fields.BooleanField({ default: true }),
  kind: fields.CharField({ maxLength: 1, choices: [['a', 'A'], ['b', 'B']], default: 'a' }),
${fk1}${fk2}}, { appLabel: 'gen' }) {
  declare children: RelatedManager<${i + 1 < (f + 1) * perFile ? `M${i + 1}` : 'never'}>;
  declare others: RelatedManager<${i + 2 < (f + 1) * perFile ? `M${i + 2}` : 'never'}>;
  label(): string { return this.title; }
}
${USES === 'none' ? '' : `export async function use${i}() {
  const rows = await M${i}.objects.filter({ title__icontains: 'x', count__gte: 1, created__year: 2024, kind: 'a'${i > 0 ? ", parent__title__startswith: 'p'" : ''} }).orderBy('-created').values('id', 'title', 'count');
  const one = await M${i}.objects.${i > 0 ? "selectRelated('parent')" : 'all()'}.get({ pk: rows[0]!.id });
  const n = await M${i}.objects.annotate({ n: new Count('children') }).filter({ n__gt: 0${i + 1 < (f + 1) * perFile ? ', children__active: true' : ''} });
  return [one.label(), ${i > 0 ? 'one.parent.title' : "''"}, n[0]!.n] as const;
}`}`);
  }
  const name = `models${f}.ts`;
  writeFileSync(join(dir, name), lines.join('\n') + '\n');
  files.push(name);
}
// The last model's reverse declarations point past the end; declare stand-ins.
writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
  compilerOptions: {
    target: 'ES2023', lib: ['ES2023'], module: 'NodeNext', moduleResolution: 'NodeNext', strict: true,
    allowImportingTsExtensions: true, noEmit: true, skipLibCheck: true, types: ['node'], typeRoots: [join(root, 'node_modules/@types')],
  },
  files,
}));
const last = N - 1;
writeFileSync(join(dir, files[files.length - 1]!), `${join(dir, files[files.length - 1]!) && ''}` + (await import('node:fs')).readFileSync(join(dir, files[files.length - 1]!), 'utf8')
  .replace(`declare children: RelatedManager<M${last + 1}>;`, 'declare children: RelatedManager<never>;')
  .replace(`declare others: RelatedManager<M${last + 2}>;`, 'declare others: RelatedManager<never>;')
  .replace(`declare others: RelatedManager<M${last + 1}>;`, 'declare others: RelatedManager<never>;'));
const prev = join(dir, files[files.length - 1]!);
void prev;
const started = Date.now();
const r = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json'), '--extendedDiagnostics', ...(TRACE ? ['--generateTrace', TRACE] : [])], { encoding: 'utf8' });
const wall = ((Date.now() - started) / 1000).toFixed(1);
const out = r.stdout + r.stderr;
const pick = (k: string) => out.split('\n').find((l) => l.startsWith(k))?.trim() ?? `${k}: ?`;
const errors = out.split('\n').filter((l) => l.includes('error TS'));
console.log(`ORM type-check of a generated ${N}-model project (${files.length} files, importing ${FROM})`);
console.log(`  ${pick('Check time')}\n  ${pick('Total time')}\n  ${pick('Memory used')}\n  ${pick('Types')}\n  ${pick('Instantiations')}\n  wall: ${wall}s, errors: ${errors.length}`);
if (errors.length) console.log(errors.slice(0, 10).join('\n'));
if (!process.env['KEEP']) rmSync(dir, { recursive: true, force: true });
else console.log('kept', dir);
