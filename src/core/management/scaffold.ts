// Shared pieces of `startproject` and `startapp`: name validation, writing a tree of files
// without clobbering, and linking a project to this checkout of Reinhardt.
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync, lstatSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CommandError } from './base.ts';

const RESERVED = new Set(['reinhardt', 'node', 'test', 'tests', 'src', 'dist', 'node_modules', 'lib', 'bin', 'static', 'templates']);

/** Check a project or app name: a plain identifier that will not clash with a package. */
export function validateName(kind: 'project' | 'app', name: string): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new CommandError(`'${name}' is not a valid ${kind} name: use letters, digits and underscores, starting with a letter or underscore.`);
  }
  if (RESERVED.has(name.toLowerCase())) {
    throw new CommandError(`'${name}' conflicts with a name Reinhardt or Node uses; choose another ${kind} name.`);
  }
}

/**
 * Write `files` (relative path -> content) under `root`, creating folders. Refuses to
 * overwrite any existing file, checking them all before writing one.
 */
export function writeTree(root: string, files: Record<string, string>): string[] {
  const clashes = Object.keys(files).filter((p) => existsSync(join(root, p)));
  if (clashes.length) {
    throw new CommandError(`${root} already contains ${clashes.map((c) => `'${c}'`).join(', ')}; refusing to overwrite.`);
  }
  for (const [p, content] of Object.entries(files)) {
    const full = join(root, p);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return Object.keys(files);
}

/** The root folder of this Reinhardt package (the one holding its package.json). */
export function frameworkRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'bin', 'reinhardt.js'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('Cannot find the reinhardt package root');
    dir = up;
  }
  return dir;
}

/** Whether Reinhardt runs from a source checkout (not from an installed node_modules copy). */
export function runsFromCheckout(): boolean {
  const root = frameworkRoot();
  return !root.split(sep).includes('node_modules') && existsSync(join(root, 'src'));
}

/**
 * Link `project/node_modules/reinhardt` (and its `.bin/reinhardt`) to this checkout, so a new
 * project runs against it with no install and no registry.
 */
export function linkCheckout(projectDir: string): void {
  const root = frameworkRoot();
  const nm = join(projectDir, 'node_modules');
  mkdirSync(join(nm, '.bin'), { recursive: true });
  const target = join(nm, 'reinhardt');
  if (!existsSync(target) && !isLink(target)) symlinkSync(root, target, 'dir');
  const bin = join(nm, '.bin', 'reinhardt');
  if (!existsSync(bin) && !isLink(bin)) symlinkSync(relative(dirname(bin), join(target, 'bin', 'reinhardt.js')), bin);
}

function isLink(p: string): boolean {
  try {
    return lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Whether a folder is missing or empty. */
export function isEmptyDir(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}

/** Resolve a target folder argument against the working directory. */
export function targetDir(cwd: string, dir: string | undefined, name: string): string {
  return resolve(cwd, dir ?? name);
}
