/**
 * A file's problem and an engine failure in the user's words, as pure functions of the
 * translator: the import page (MappingFile, ErrorText) and the tests word them the same way.
 */
import type { MessageKey } from '../i18n/messages/ja';
import type { ReadableError } from '../ingest/errors';
import type { FileProblem } from '../ingest/types';

type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** What went wrong with which file (and line), and what to do; never the engine's own text. */
export function errorText(t: Translate, error: Pick<ReadableError, 'code' | 'line'>, file?: string, columns?: number): string {
  const where =
    file === undefined
      ? t('error.where.none')
      : error.line !== undefined
        ? t('error.where.line', { file, line: error.line })
        : t('error.where.file', { file });
  return t(`error.${error.code}` as MessageKey, { where, columns: columns ?? 0 });
}

/** Why a dropped file cannot be loaded, naming it. */
export function problemText(t: Translate, file: string, p: FileProblem): string {
  switch (p.code) {
    case 'binary':
      // A zip may hold the very file wanted: the way out is to extract it, not to export again.
      if (p.what === 'zip') return t('problem.zip', { file });
      return t('problem.binary', { file, what: t(`binary.${p.what}` as MessageKey) });
    case 'no_roles':
      return t('mapping.missing', { file, roles: p.missing.map((r) => t(`role.${r}` as MessageKey)).join('・') });
    case 'unreadable':
      return errorText(t, { code: p.reason ?? 'internal', line: p.line }, file, p.columns);
    default:
      return t(`problem.${p.code}` as MessageKey, { file });
  }
}
