/**
 * Files given on the command line → the importer's plans, exactly as a dropped file becomes one
 * in the app (inspectFile: encoding, sniffing, mapping proposal), with the user's changes of the
 * mapping screen given as flags. Gzipped files are decompressed into the run's scratch folder
 * first; Parquet files are written there as CSV by DuckDB, so that they go through the same
 * load SQL (read_csv with every column as text, the same checks and reject accounting).
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, openAsBlob, statSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { inspectFile, planProblems, type NamedBlob } from '../lib/ingest/prepare';
import { fileKind } from '../lib/ingest/roles';
import { ALL_ROLES, FILE_KINDS, type DateOrder, type FileKind, type FilePlan, type FileProblem, type Role } from '../lib/ingest/types';
import type { Locale } from '../lib/i18n/format';
import { problemText as pageProblemText } from '../lib/ui/problem-text';
import type { DecimalMark } from '../lib/ingest/decimal';
import { appText } from './print';
import { say } from './text';
import { lit } from '../lib/engine/sql';
import type { NativeDatabase } from './native-database';

export class InputError extends Error {}

/** Why a file cannot be loaded, in the import page's words (ui/problem-text.ts), the engine's own text after them. */
function problemText(locale: Locale, file: string, p: FileProblem): string {
  const text = pageProblemText((key, values) => appText(locale, key, values), file, p);
  return p.code === 'unreadable' && p.detail ? `${text}\n  (${p.detail})` : text;
}

export interface MappingFlags {
  /** `role=column` pairs (`--map`). */
  map: string[];
  /** `file=kind` pairs (`--kind`), the file by its name as given or its base name. */
  kind: string[];
  dateOrder?: DateOrder;
  /** The decimal mark of every file's numbers (`--decimal-mark`). */
  decimalMark?: DecimalMark;
}

/** A local copy of `file` in the scratch folder, as plain CSV text (undone: gzip; converted: Parquet). */
async function plainFile(db: NativeDatabase, file: string, index: number): Promise<{ path: string; name: string }> {
  const dir = path.join(db.scratch, 'inputs');
  mkdirSync(dir, { recursive: true });
  let name = path.basename(file);
  let at = path.resolve(file);
  if (/\.gz$/i.test(name)) {
    name = name.replace(/\.gz$/i, '');
    const out = path.join(dir, `${index}-${name}`);
    await pipeline(createReadStream(at), createGunzip(), createWriteStream(out));
    at = out;
  }
  if (/\.parquet$/i.test(name)) {
    const out = path.join(dir, `${index}-${name}.csv`);
    // Native DuckDB reads Parquet itself (built in, no download); the text is what a CSV export would hold.
    await db.exec(`COPY (SELECT * FROM read_parquet(${lit(at)})) TO ${lit(out)} (FORMAT csv, HEADER true, DELIMITER ',')`);
    at = out;
  }
  return { path: at, name };
}

/** A file on disk as the Blob the importer reads (slices are read from disk, never the whole file). */
async function diskBlob(db: NativeDatabase, file: string, name: string): Promise<NamedBlob> {
  const blob = await openAsBlob(file);
  Object.defineProperty(blob, 'name', { value: name });
  db.markOnDisk(blob, file);
  return blob as NamedBlob;
}

function pairs(list: string[], flag: string): [string, string][] {
  return list.map((p) => {
    const at = p.indexOf('=');
    if (at <= 0 || at === p.length - 1) throw new InputError(`${flag} ${p}: expected NAME=VALUE`);
    return [p.slice(0, at).trim(), p.slice(at + 1).trim()];
  });
}

/** The mapping screen's changes, applied to the proposed plans (in place). */
export function applyMapping(plans: FilePlan[], files: string[], flags: MappingFlags): void {
  const changed = new Set<FilePlan>();
  for (const [role, column] of pairs(flags.map, '--map')) {
    if (!(ALL_ROLES as string[]).includes(role)) throw new InputError(`--map ${role}=${column}: unknown role; roles: ${ALL_ROLES.join(', ')}`);
    let found = false;
    for (const plan of plans) {
      const col =
        plan.columns.find((c) => c.label === column || c.source === column) ??
        plan.columns.find((c) => c.label.toLowerCase() === column.toLowerCase());
      if (!col) continue;
      found = true;
      // One column per role, as on the mapping screen (ignore excepted).
      if (role !== 'ignore') for (const c of plan.columns) if (c !== col && c.role === role) c.role = 'ignore';
      col.role = role as Role;
      changed.add(plan);
    }
    if (!found) throw new InputError(`--map ${role}=${column}: no file has a column ${column}`);
  }
  for (const plan of changed) plan.kind = fileKind(plan.columns.map((c) => c.role));
  for (const [file, kind] of pairs(flags.kind, '--kind')) {
    if (!(FILE_KINDS as readonly string[]).includes(kind)) throw new InputError(`--kind ${file}=${kind}: kinds: ${FILE_KINDS.join(', ')}`);
    const i = files.findIndex((f) => f === file || path.basename(f) === file || path.basename(f).replace(/\.gz$/i, '') === file);
    if (i < 0) throw new InputError(`--kind ${file}=${kind}: not one of the files`);
    plans[i].kind = kind as FileKind;
  }
  if (flags.dateOrder) for (const plan of plans) Object.assign(plan, { dateOrder: flags.dateOrder, dateOrderAmbiguous: false });
  if (flags.decimalMark) for (const plan of plans) Object.assign(plan, { decimalMark: flags.decimalMark, decimalMarkAmbiguous: false });
}

export interface Inspected {
  plans: FilePlan[];
  /** Plans whose day/month order is a guess. */
  ambiguous: FilePlan[];
  /** Plans whose decimal mark is a guess (numbers like 1.200 only). */
  ambiguousDecimal: FilePlan[];
}

/** Every file inspected as the app inspects a dropped file, then the flags' changes; throws on a file that cannot be loaded. */
export async function inspectInputs(
  db: NativeDatabase,
  files: string[],
  flags: MappingFlags,
  locale: Locale,
  onFile?: (name: string) => void
): Promise<Inspected> {
  const plans: FilePlan[] = [];
  for (const file of files) if (!existsSync(file) || !statSync(file).isFile()) throw new InputError(say(locale, 'notFound', { file }));
  for (const [i, file] of files.entries()) {
    const local = await plainFile(db, file, i);
    onFile?.(local.name);
    const ins = await inspectFile(db, await diskBlob(db, local.path, local.name), i);
    if (!ins.plan) throw new InputError(problemText(locale, local.name, ins.problem ?? { code: 'unreadable', detail: '' }));
    plans.push(ins.plan);
  }
  applyMapping(plans, files, flags);
  for (const plan of plans) {
    const missing = planProblems(plan);
    if (missing.length) throw new InputError(`${plan.fileName} (${plan.kind}): missing ${missing.join(', ')}; give them with --map ROLE=COLUMN`);
  }
  return {
    plans,
    ambiguous: plans.filter((p) => p.dateOrderAmbiguous && !flags.dateOrder),
    ambiguousDecimal: plans.filter((p) => p.decimalMarkAmbiguous && !flags.decimalMark)
  };
}
